#pragma once
// What the CERT and the ministry read every month: counts of incidents and warnings by type,
// sub-category, level, month and subtree (drills apart), and each unit's timeliness and honesty.
#include <atomic>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "core/policy_set.h"
#include "core/statistics_rollup.h"
#include "statistics/country_database.h"
#include "store/database.h"

namespace tongbao::statistics {

struct Query {
  std::optional<core::TimeMs> from, to;  // time of awareness (incidents) or of issue (warnings), [from, to)
  std::optional<std::string> root_oid;   // a subtree; default: what the caller sees
  bool drills = false;                   // count the exercises instead of real incidents
};

struct Counts {
  long long total = 0;
  std::map<std::string, long long> by_type, by_subcategory, by_level, by_month, by_unit;  // by_unit: root's children
  long long warnings = 0;
  std::map<std::string, long long> warnings_by_subcategory, warnings_by_reply, warnings_by_month;
};

struct Distribution {
  long long n = 0;
  std::optional<double> median_hours, p90_hours;
};

struct Timeliness {
  std::string unit_oid, unit_code, unit_name;
  long long incidents = 0;
  Distribution awareness_to_report, report_to_review, awareness_to_recovery;
  long long late_reports = 0;
  double late_share = 0;
  std::optional<double> mean_hours_late;  // over the late ones
  long long raised_by_reviewer = 0;       // level in force above the reporter's choice
  double raised_share = 0;
  long long under_reported = 0;           // reporter's choice below the computed level
  long long accepted_below_computed = 0;  // a reviewer kept a level below the computed one, with a reason
  long long entered_long_after = 0;       // a time entered more than a day after the moment it claims
  long long support_requested = 0;
  long long warnings = 0, warnings_answered_in_time = 0, warnings_false_positive = 0;
  double warnings_in_time_share = 0, false_positive_share = 0;
};

class StatisticsService {
 public:
  StatisticsService(store::Database& db, const core::Clock& clock, const core::PolicySet& policies,
                    const CountryDatabase* countries = nullptr);

  // Countries of the addresses on the other side of early warnings (those no unit owns): the
  // attackers and command servers. Addresses the database does not know count as "unknown".
  std::map<std::string, long long> source_countries(const core::Principal& who, const Query& q);
  const CountryDatabase* country_database() const { return countries_; }

  Counts counts(const core::Principal& who, const Query& q);
  // One row per unit that reported (as reporting unit), and one per reviewing centre (`by_reviewer`).
  std::vector<Timeliness> timeliness(const core::Principal& who, const Query& q, bool by_reviewer = false);

 public:
  // Whether the sums are ready, and how far their filling is.
  struct SumsStatus {
    bool ready = false;
    double progress = 1;
  };
  SumsStatus sums_status();

 private:
  // Throws core::Error unavailable (503) with the progress while the sums are still being filled.
  void require_sums_ready();
  std::atomic<bool> sums_ready_{false};  // once ready, ready for the life of the process

  struct Scope {
    std::string path;                                           // "/" for the whole tree
    std::vector<long long> roots;                               // subtrees whose sums make up the scope
    std::vector<std::pair<long long, std::string>> children;    // id, OID: the by_unit breakdown
  };
  std::string scope_path(store::Transaction& tx, const core::Principal& who, const Query& q);
  Scope scope_of(store::Transaction& tx, const core::Principal& who, const Query& q);

  store::Database& db_;
  const core::Clock& clock_;
  const core::PolicySet& policies_;
  const CountryDatabase* countries_;
};

}  // namespace tongbao::statistics
