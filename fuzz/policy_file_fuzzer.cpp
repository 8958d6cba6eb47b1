// Policy profiles (--policy-dir): "key = value" lines, [reminders] and [deadline KEY] sections.
// Every refusal is a core::Error whose message names the file and the line.
#include "core/error.h"
#include "core/policy_file.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tongbao::core;
  try {
    const auto profile = parse_policy_profile(tongbao::fuzz::text_of(data, size), "fuzz.profile");
    FUZZ_CHECK(!profile.name.empty() && !profile.version.empty());
  } catch (const Error& e) {
    FUZZ_CHECK(std::string_view(e.what()).substr(0, 13) == "fuzz.profile:");
  }
  return 0;
}
