#pragma once
// Early warnings to and from the formats SOCs and intel feeds speak: CSV, STIX 2.1 bundles
// (indicators, sightings and observed data with IP addresses) and MISP event JSON.
#include <string>
#include <vector>

#include "core/warning.h"

namespace tongbao::core {

struct ImportDefaults {
  std::string subcategory = "suspicious_connection";
  TimeMs now = 0;  // observed_at when the source gives no time
};

// Each throws core::Error naming the row or object at fault.
std::vector<WarningInput> warnings_from_csv(const std::string& text, const ImportDefaults& d);
std::vector<WarningInput> warnings_from_stix(const std::string& text, const ImportDefaults& d);
std::vector<WarningInput> warnings_from_misp(const std::string& text, const ImportDefaults& d);

const std::vector<std::string>& warning_csv_columns();

struct WarningRecord {  // what an export writes per warning
  std::string number, unit_oid, host, subcategory, state, reply, rule_id, description;
  TimeMs first_seen = 0, last_seen = 0;
  int count = 1;
  std::vector<WarningAddress> addresses;
};
std::string warnings_to_csv(const std::vector<WarningRecord>& records);
// A STIX 2.1 bundle: one indicator and one sighting per warning, with the address as an SCO.
std::string warnings_to_stix(const std::vector<WarningRecord>& records, TimeMs now);

}  // namespace tongbao::core
