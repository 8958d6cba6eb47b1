#pragma once
// Early warnings to and from the formats SOCs and intel feeds speak: CSV, STIX 2.1 bundles
// (indicators, sightings, observed data and network traffic, addresses joined by relationships)
// and MISP events (one, a list, or a restSearch answer).
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/stix_common.h"
#include "core/warning.h"

namespace tongbao::core {

struct ImportDefaults {
  std::string subcategory = "suspicious_connection";
  bool subcategory_given = false;  // the caller chose it: it applies to every warning read
  TimeMs now = 0;                  // observed_at when the source gives no time
};

// What a source held that did not become a warning, and why (a range, a revoked indicator, an
// attribute not meant for detection ...), or what was read with a default.
struct ImportNote {
  std::string object;  // its id, or where it sits ("Event[0].Attribute[3]")
  std::string reason;
};

struct ImportResult {
  std::vector<WarningInput> warnings;
  std::vector<ImportNote> skipped;   // left out
  std::vector<ImportNote> unmapped;  // read, but something in it had no match (a type, a marking)
  std::string format_version;        // "2.1", "2.0" for STIX
};

// Each throws core::Error naming the row or object at fault, or saying why nothing was read.
ImportResult warnings_from_csv(const std::string& text, const ImportDefaults& d);
ImportResult warnings_from_stix(const std::string& text, const ImportDefaults& d);
ImportResult warnings_from_misp(const std::string& text, const ImportDefaults& d);

// One column set for export and import: an exported file imported elsewhere gives the same
// warnings. Columns the receiving platform sets itself (number, units, state, reply) are read
// and ignored on import.
const std::vector<std::string>& warning_csv_columns();

struct WarningRecord {  // what an export writes per warning
  std::string number, issuer_oid, issuer_name, unit_oid, host, state, reply, reply_reason;
  WarningInput input;
  TimeMs first_seen = 0, last_seen = 0, created_at = 0, updated_at = 0;
  std::optional<TimeMs> replied_at;
  int count = 1;
};
// The CSV's header line, and its rows appended a page at a time (an export sent as it is read).
std::string warning_csv_header();
void append_warning_csv_rows(std::string& out, const std::vector<WarningRecord>& records);
// All of it at once, with the byte-order mark Excel reads UTF-8 by.
std::string warnings_to_csv(const std::vector<WarningRecord>& records);
// A STIX 2.1 bundle: per warning an indicator (the whole observation as a pattern), observed data
// with the addresses and the network traffic, a sighting, and the issuer's identity; TLP markings
// as the standard marking definitions. Ids are UUIDv5 of the warning number: stable across exports.
std::string warnings_to_stix(const std::vector<WarningRecord>& records);
// The same bundle written a page of warnings at a time (an export of any size, sent as it is read):
// objects() for each page, then close(). The issuers and markings are written once a bundle; an
// address or a traffic that warnings of two pages share is written in each (the same object, by
// the same id), so that what is held stays a page's worth. The bundle's id still names its objects.
class WarningStixWriter {
 public:
  std::string objects(const std::vector<WarningRecord>& records);
  std::string close();  // once, after the last page

 private:
  std::set<std::string> in_bundle_;
  StixIdInPieces id_{"bundle"};
  bool written_ = false;
};

// STIX indicator types a sub-category is exported with, and the sub-category read from a type.
std::string stix_indicator_type_for(std::string_view subcategory);

}  // namespace tongbao::core
