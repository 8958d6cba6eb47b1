#pragma once
// Advisories (資安訊息/弱點通告): the CERT, or a centre for its subtree, tells its units of a threat
// or a vulnerability (title, text, severity, affected products, CVE identifiers, references, a
// reply date); each unit answers affected, not affected, patched or mitigated, with a note.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace tongbao::core {

struct AdvisoryInput {
  std::string title, text, severity;  // severity: low, medium, high, critical
  std::vector<std::string> products, cves, references;
  TimeMs reply_by = 0;
};

struct Advisory {
  long long id = 0;
  std::string number;
  long long issuer_unit_id = 0;
  AdvisoryInput input;
  std::string created_by;
  TimeMs created_at = 0;
};

struct AdvisoryAnswer {
  long long unit_id = 0;
  std::string answer;  // empty until answered
  std::string note, answered_by;
  std::optional<TimeMs> answered_at;
};

const std::vector<std::string_view>& advisory_severities();
const std::vector<std::string_view>& advisory_answers();  // affected, not_affected, patched, mitigated

constexpr std::size_t kMaxAdvisoryTitle = 200, kMaxAdvisoryText = 20'000, kMaxAdvisoryListItems = 50,
                      kMaxAdvisoryItem = 300, kMaxAdvisoryNote = 4'000;

// Throws core::Error naming the field.
void check_advisory(const AdvisoryInput& a, TimeMs now);
void check_advisory_answer(const std::string& answer, const std::string& note);

}  // namespace tongbao::core
