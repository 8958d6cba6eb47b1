// The incident report (POST /incidents, PUT /incidents/{id}/report) and the other parts of a
// ticket sent as JSON: the response, the data-subject notification, the law-enforcement referral
// and the impact answers of a level assessment. What a parser accepts must read back from storage
// as the same thing.
#include <optional>

#include "core/error.h"
#include "core/incident_json.h"
#include "core/json_input.h"
#include "core/level.h"
#include "fuzz_support.h"

using tongbao::core::Error;
using tongbao::core::JsonInput;
namespace core = tongbao::core;

namespace {

template <typename Parse, typename FromStored>
void parse_and_read_back(const std::string& body, std::initializer_list<std::string_view> fields, Parse parse,
                         FromStored from_stored) {
  std::optional<decltype(parse(JsonInput(body, fields)))> parsed;
  try {
    parsed = parse(JsonInput(body, fields));
  } catch (const Error&) {
    return;  // refused: fine
  }
  // Accepted: storage must read it back as the same.
  const auto stored = core::to_json(*parsed).dump();
  try {
    FUZZ_CHECK(core::to_json(from_stored(stored)).dump() == stored);
  } catch (const Error& e) {
    std::fprintf(stderr, "an accepted part does not read back from storage: %s\n%s\n", e.what(), stored.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto body = tongbao::fuzz::text_of(data, size);
  parse_and_read_back(body, core::kReportFields, core::parse_report, core::report_from_stored);
  parse_and_read_back(body, core::kResponseFields, core::parse_response, core::response_from_stored);
  parse_and_read_back(body, core::kNotificationFields, core::parse_notification,
                      core::notification_from_stored);
  parse_and_read_back(body, core::kReferralFields, core::parse_referral, core::referral_from_stored);
  try {
    const auto answers = core::parse_impact(JsonInput(body, core::kImpactFields));
    // Under the regulation's table and under a profile with criteria of its own.
    static const tongbao::core::PolicyProfile table;
    static const tongbao::core::PolicyProfile criteria = [] {
      tongbao::core::PolicyProfile p;
      p.level_criteria = {{"public_safety", 4, "影響公共安全", "Public safety"}, {"brief_stop", 1, "短暫停頓", "Brief stop"}};
      return p;
    }();
    for (const auto* profile : {&table, &criteria}) {
      const auto a = tongbao::core::assess_level(answers, *profile);
      FUZZ_CHECK(a.level >= 1 && a.level <= 4);
      try {
        tongbao::core::check_criteria(answers, *profile);
      } catch (const Error&) {
      }
    }
  } catch (const Error&) {
  }
  return 0;
}
