// Times as every endpoint reads them (aware_at, observed_at, from, to, a policy's
// effective_from): core::parse_iso8601. A time it accepts between 1970 and 9999 comes back from
// format_utc as the same second.
#include "core/time_format.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tongbao::core;
  const auto t = parse_iso8601(tongbao::fuzz::text_of(data, size));
  if (!t) return 0;
  constexpr TimeMs kYear10000 = 253'402'300'800'000;  // 10000-01-01T00:00:00Z
  if (*t < 0 || *t >= kYear10000) return 0;
  const auto again = parse_iso8601(format_utc(*t));
  FUZZ_CHECK(again && *again == *t / 1000 * 1000);
  return 0;
}
