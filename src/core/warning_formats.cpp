#include "core/warning_formats.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/csv.h"
#include "core/error.h"
#include "core/ip_range.h"
#include "core/json_input.h"
#include "core/stix_common.h"
#include "core/stix_pattern.h"
#include "core/time_format.h"
#include "core/uuid.h"

namespace tongbao::core {
namespace {

using nlohmann::json;

Error format_error(const std::string& field, const std::string& message) {
  return Error(ErrorKind::invalid, "invalid_import", message, field);
}

json parse_json(const std::string& text) { return parse_json_body(text); }

std::optional<TimeMs> time_of(const json& obj, std::initializer_list<const char*> keys) {
  if (!obj.is_object()) return std::nullopt;
  for (auto key : keys)
    if (obj.contains(key) && obj[key].is_string())
      if (auto t = parse_iso8601(obj[key].get<std::string>())) return *t;
  return std::nullopt;
}

std::optional<int> port_of(const std::string& text) {
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 0 || n > 65535) return std::nullopt;
  return n;
}

// A value an indicator or attribute names: one address (normalised), a range, or neither.
struct Named {
  enum Kind { address, range, other } kind = other;
  std::string text;
};
Named classify(const std::string& value) {
  auto r = parse_ip_range(value);
  if (!r) return {Named::other, value};
  if (r->prefix_length == (r->v6 ? 128 : 32)) return {Named::address, normalise_address(value)};
  return {Named::range, r->to_string()};
}

// A text field of a JSON object, or "" when it is absent or not a string: documents from outside
// may hold any type anywhere.
std::string text_of(const json& o, const char* key) {
  if (!o.is_object()) return "";
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

std::vector<std::string> strings_of(const json& o, const char* key) {
  std::vector<std::string> out;
  if (!o.is_object() || !o.contains(key) || !o[key].is_array()) return out;
  for (const auto& v : o[key])
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

// Evidence copied into the warnings of one import never outgrows the import itself: one object
// may name thousands of addresses, and each warning keeps the whole object only while the total
// stays within twice the file's size (and a megabyte); then only its id and the address.
class EvidenceBudget {
 public:
  explicit EvidenceBudget(std::size_t body_size) : left_(2 * body_size + (1 << 20)) {}
  std::string take(const std::string& full, const json& source, const std::string& address) {
    if (full.size() <= left_) {
      left_ -= full.size();
      return full;
    }
    return json{{"type", text_of(source, "type")}, {"id", text_of(source, "id")}, {"address", address}}.dump();
  }

 private:
  std::size_t left_;
};

// Turns nlohmann's type errors (a number where a string belongs, ...) into a 400 naming the body.
template <typename Parse>
ImportResult reading_outside_json(Parse&& parse) {
  try {
    return parse();
  } catch (const json::exception& e) {
    throw format_error("body", std::string("a value has the wrong type or shape: ") + e.what());
  }
}

// MISP writes seconds since the epoch, as a number or a string; anything outside the times the
// platform accepts is refused rather than wrapped around (9223372036854775807 is not 1969).
TimeMs misp_timestamp(const json& v, const std::string& field) {
  long long seconds = 0;
  bool ok = false;
  if (v.is_number_integer()) {
    seconds = v.get<long long>();
    ok = !v.is_number_unsigned() || v.get<unsigned long long>() <= static_cast<unsigned long long>(LLONG_MAX);
  } else if (v.is_string()) {
    const auto& t = v.get_ref<const std::string&>();
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), seconds);
    ok = ec == std::errc() && end == t.data() + t.size();
  }
  if (!ok || seconds < kEarliestTime / 1000 || seconds > kLatestTime / 1000)
    throw format_error(field, field + " must be seconds since 1970 between 2000 and 2100");
  return seconds * 1000;
}

// Sub-categories and the STIX indicator types (open vocabulary indicator-type-ov) they map to.
struct TypeMap {
  const char* subcategory;
  const char* indicator_type;
};
constexpr TypeMap kTypes[] = {
    {"outbound_attack", "malicious-activity"},     {"suspicious_connection", "anomalous-activity"},
    {"suspected_outbound_attack", "malicious-activity"}, {"suspected_vulnerability", "unknown"},
    {"suspicious_program", "compromised"},         {"suspected_leak", "compromised"},
    {"suspected_spam", "malicious-activity"},      {"other", "unknown"},
};
// Read back: a type that several sub-categories share reads as the most cautious of them.
std::optional<std::string> subcategory_for_type(const std::string& type) {
  if (type == "malicious-activity") return "suspected_outbound_attack";
  if (type == "anomalous-activity" || type == "anonymization") return "suspicious_connection";
  if (type == "compromised") return "suspicious_program";
  return std::nullopt;
}

// Our own labels ("outbound_attack", "tongbao:outbound_attack") first, then the indicator types
// (or, in STIX 2.0, the labels that stood for them).
std::optional<std::string> subcategory_from(const std::vector<std::string>& labels, const std::vector<std::string>& types,
                                            std::vector<std::string>& unmatched) {
  for (const auto& l : labels) {
    const auto key = l.rfind("tongbao:", 0) == 0 ? l.substr(8) : l;
    if (find_warning_subcategory(key)) return key;
  }
  std::optional<std::string> found;
  for (const auto* list : {&types, &labels})
    for (const auto& t : *list) {
      if (auto s = subcategory_for_type(t)) {
        if (!found) found = s;
      } else if (list == &types) {
        unmatched.push_back(t);
      }
    }
  return found;
}

}  // namespace

std::string stix_indicator_type_for(std::string_view subcategory) {
  for (const auto& t : kTypes)
    if (subcategory == t.subcategory) return t.indicator_type;
  return "unknown";
}

// ---- CSV ------------------------------------------------------------------------------------

const std::vector<std::string>& warning_csv_columns() {
  static const std::vector<std::string> columns = {
      "number",      "issuer_oid", "unit_oid",  "source_ip", "destination_ip", "port",        "protocol",
      "observed_at", "first_seen", "last_seen", "count",     "subcategory",    "tlp",         "rule_id",
      "description", "evidence",   "state",     "reply",     "reply_reason",   "replied_at"};
  return columns;
}

namespace {

// Columns of the first import format, still read: one address per row with its role.
const std::vector<std::string> kLegacyColumns = {"ip", "role"};

std::vector<std::string> split_addresses(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + " ") {
    if (c == ' ' || c == ';' || c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

std::string join_addresses(const std::vector<WarningAddress>& addresses, const char* role) {
  std::string out;
  for (const auto& a : addresses)
    if (a.role == role) out += (out.empty() ? "" : " ") + a.ip;
  return out;
}

}  // namespace

ImportResult warnings_from_csv(const std::string& text, const ImportDefaults& d) {
  auto parsed = parse_csv(text);
  if (!parsed.error.empty()) throw format_error("row " + std::to_string(parsed.error_line), parsed.error);
  if (parsed.records.empty()) throw format_error("body", "the file is empty; expected a header row");
  std::map<std::string, size_t> col;
  auto header = parsed.records[0];
  if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0] = header[0].substr(3);  // Excel's BOM
  for (size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  std::string expected;
  for (const auto& c : warning_csv_columns()) expected += (expected.empty() ? "" : ",") + c;
  for (const auto& [name, index] : col)
    if (std::find(warning_csv_columns().begin(), warning_csv_columns().end(), name) == warning_csv_columns().end() &&
        std::find(kLegacyColumns.begin(), kLegacyColumns.end(), name) == kLegacyColumns.end())
      throw format_error(name, "unknown column '" + name + "'; expected " + expected);
  if (!col.count("ip") && !col.count("source_ip") && !col.count("destination_ip"))
    throw format_error("source_ip", "a source_ip or destination_ip column is required");
  ImportResult result;
  for (size_t r = 1; r < parsed.records.size(); ++r) {
    const auto& rec = parsed.records[r];
    const std::string row = "row " + std::to_string(r + 1);
    auto get = [&](const char* name) -> std::string {
      auto it = col.find(name);
      return it == col.end() || it->second >= rec.size() ? "" : restore_csv_cell(rec[it->second]);
    };
    WarningInput w;
    w.subcategory = d.subcategory;
    w.observed_at = d.now;
    if (auto ip = get("ip"); !ip.empty()) w.addresses.push_back({ip, get("role").empty() ? "source" : get("role")});
    for (const auto& ip : split_addresses(get("source_ip"))) w.addresses.push_back({ip, "source"});
    for (const auto& ip : split_addresses(get("destination_ip"))) w.addresses.push_back({ip, "destination"});
    if (w.addresses.empty()) throw format_error(row + ".source_ip", row + ": no address (source_ip or destination_ip)");
    if (w.addresses.size() > kMaxWarningAddresses)
      throw format_error(row + (get("destination_ip").empty() ? ".source_ip" : ".destination_ip"),
                         row + ": at most " + std::to_string(kMaxWarningAddresses) + " addresses in a row");
    if (auto p = get("port"); !p.empty()) {
      auto port = port_of(p);
      if (!port) throw format_error(row + ".port", row + ": port must be a number from 0 to 65535");
      w.port = port;
    }
    w.protocol = get("protocol");
    auto t = get("observed_at");
    if (t.empty()) t = get("first_seen");
    if (!t.empty()) {
      auto parsed_time = parse_iso8601(t);
      if (!parsed_time) throw format_error(row + ".observed_at", row + ": observed_at must be a time like 2026-11-23T09:00:00+08:00");
      w.observed_at = *parsed_time;
    }
    if (auto c = get("count"); !c.empty()) {
      int n = 0;
      auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), n);
      if (ec != std::errc() || end != c.data() + c.size() || n < 1 || n > kMaxWarningCount)
        throw format_error(row + ".count", row + ": count must be a whole number from 1");
      w.count = n;
    }
    if (auto s = get("subcategory"); !s.empty() && !d.subcategory_given) w.subcategory = s;
    if (auto m = get("tlp"); !m.empty()) {
      w.tlp = normalise_tlp(m);
      if (w.tlp.empty()) throw format_error(row + ".tlp", row + ": tlp must be clear, green, amber, amber+strict or red");
    }
    w.description = get("description");
    w.evidence = get("evidence");
    w.rule_id = get("rule_id");
    result.warnings.push_back(std::move(w));
  }
  return result;
}

std::string warning_csv_header() {
  std::string out;
  append_csv_record(out, warning_csv_columns());
  return out;
}

std::string warnings_to_csv(const std::vector<WarningRecord>& records) {
  std::string out = "\xEF\xBB\xBF" + warning_csv_header();
  append_warning_csv_rows(out, records);
  return out;
}

void append_warning_csv_rows(std::string& out, const std::vector<WarningRecord>& records) {
  for (const auto& r : records)
    append_csv_record(out, {r.number, r.issuer_oid, r.unit_oid, join_addresses(r.input.addresses, "source"),
                            join_addresses(r.input.addresses, "destination"),
                            r.input.port ? std::to_string(*r.input.port) : "", r.input.protocol,
                            format_utc(r.input.observed_at), format_utc(r.first_seen), format_utc(r.last_seen),
                            std::to_string(r.count), r.input.subcategory, r.input.tlp, r.input.rule_id,
                            r.input.description, r.input.evidence, r.state, r.reply, r.reply_reason,
                            r.replied_at ? format_utc(*r.replied_at) : ""});
}

// ---- STIX in --------------------------------------------------------------------------------

namespace {

// The fields of a STIX object that name things must be strings when present; anything else is a
// malformed bundle, said as such.
void check_stix_object(const json& o, size_t index) {
  const std::string at = "objects[" + std::to_string(index) + "]";
  if (!o.is_object()) throw format_error(at, at + " must be an object");
  for (const char* key : {"type", "id", "pattern", "sighting_of_ref", "description", "name", "source_ref", "target_ref",
                          "spec_version", "src_ref", "dst_ref", "value"})
    if (o.contains(key) && !o[key].is_string()) throw format_error(at + "." + key, at + "." + key + " must be a string");
  for (const char* key : {"object_refs", "object_marking_refs", "observed_data_refs", "labels", "indicator_types"})
    if (o.contains(key) && (!o[key].is_array() || !std::all_of(o[key].begin(), o[key].end(),
                                                                [](const json& r) { return r.is_string(); })))
      throw format_error(at + "." + key, at + "." + key + " must be a list of strings");
}

// The standard TLP marking definitions: STIX 2.1's (TLP 1.0) and the TLP 2.0 ones OASIS published.
const std::map<std::string, std::string>& known_markings() {
  static const std::map<std::string, std::string> m = {
      {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "clear"},
      {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "green"},
      {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "amber"},
      {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "red"},
      {"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "clear"},
      {"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "green"},
      {"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "amber"},
      {"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", "amber+strict"},
      {"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "red"},
  };
  return m;
}

int tlp_rank(const std::string& t) {
  if (t == "clear") return 1;
  if (t == "green") return 2;
  if (t == "amber") return 3;
  if (t == "amber+strict") return 4;
  if (t == "red") return 5;
  return 0;
}

// The stricter of two markings.
std::string stricter(const std::string& a, const std::string& b) { return tlp_rank(b) > tlp_rank(a) ? b : a; }

// One observation: who talked to whom, on which port and protocol; or addresses named alone.
struct Observation {
  std::vector<std::string> sources, destinations, alone, ranges;
  std::optional<int> port;
  std::string protocol;
};

void add_value(Observation& o, std::vector<std::string>& into, const std::string& value) {
  const auto n = classify(value);
  if (n.kind == Named::address) {
    if (std::find(into.begin(), into.end(), n.text) == into.end()) into.push_back(n.text);
  } else if (n.kind == Named::range) {
    o.ranges.push_back(n.text);
  }
}

std::vector<Observation> observations_of_pattern(const std::string& pattern) {
  std::vector<Observation> out;
  for (const auto& comparisons : stix_pattern_observations(pattern)) {
    Observation o;
    for (const auto& c : comparisons) {
      const bool equal = c.op == "=" || c.op == "ISSUBSET";
      if (!equal) continue;
      if (c.path == "ipv4-addr:value" || c.path == "ipv6-addr:value") add_value(o, o.alone, c.value);
      // The address a domain name resolved to: how MISP writes its domain|ip attributes in STIX 2.1.
      else if (c.path == "domain-name:resolves_to_refs[*].value") add_value(o, o.alone, c.value);
      else if (c.path == "network-traffic:src_ref.value") add_value(o, o.sources, c.value);
      else if (c.path == "network-traffic:dst_ref.value") add_value(o, o.destinations, c.value);
      else if (c.path == "network-traffic:dst_port") o.port = port_of(c.value);
      else if (c.path.rfind("network-traffic:protocols[", 0) == 0 && o.protocol.empty() && c.value != "ipv4" &&
               c.value != "ipv6")
        o.protocol = c.value;
    }
    out.push_back(std::move(o));
  }
  return out;
}

// Observed data: its network traffic (with the ends it references) and its addresses. STIX 2.1
// references objects of the bundle by id; STIX 2.0 embeds them under "objects" keyed "0", "1" ...
std::vector<Observation> observations_of_observed_data(const json& od, const std::map<std::string, const json*>& by_id) {
  std::map<std::string, const json*> local;
  if (od.contains("objects") && od["objects"].is_object())
    for (const auto& [k, v] : od["objects"].items()) local[k] = &v;
  const bool embedded = !local.empty();
  std::vector<const json*> scos;
  if (embedded) {
    for (const auto& [k, v] : local) scos.push_back(v);
  } else {
    for (const auto& ref : strings_of(od, "object_refs"))
      if (auto it = by_id.find(ref); it != by_id.end()) scos.push_back(it->second);
  }
  auto resolve = [&](const std::string& ref) -> const json* {
    const auto& table = embedded ? local : by_id;
    auto it = table.find(ref);
    return it == table.end() ? nullptr : it->second;
  };
  std::vector<Observation> out;
  std::set<const json*> ends;
  for (const auto* sco : scos) {
    if (text_of(*sco, "type") != "network-traffic") continue;
    Observation o;
    if (const auto* s = resolve(text_of(*sco, "src_ref"))) add_value(o, o.sources, text_of(*s, "value")), ends.insert(s);
    if (const auto* t = resolve(text_of(*sco, "dst_ref"))) add_value(o, o.destinations, text_of(*t, "value")), ends.insert(t);
    if (sco->contains("dst_port") && (*sco)["dst_port"].is_number_integer()) o.port = port_of(std::to_string((*sco)["dst_port"].get<long long>()));
    for (const auto& p : strings_of(*sco, "protocols"))
      if (o.protocol.empty() && p != "ipv4" && p != "ipv6") o.protocol = p;  // the network layer is implied
    out.push_back(std::move(o));
  }
  Observation alone;
  for (const auto* sco : scos) {
    const auto type = text_of(*sco, "type");
    if ((type == "ipv4-addr" || type == "ipv6-addr") && !ends.count(sco)) add_value(alone, alone.alone, text_of(*sco, "value"));
  }
  if (!alone.alone.empty() || !alone.ranges.empty()) out.push_back(std::move(alone));
  return out;
}

// What a warning takes from the object that carries it.
struct Meta {
  std::string object_id, description, rule_id, subcategory, tlp, evidence;
  TimeMs observed_at = 0;
  std::optional<TimeMs> last_seen;
  int count = 1;
  const json* source = nullptr;
};

}  // namespace

ImportResult warnings_from_stix(const std::string& text, const ImportDefaults& d) {
  return reading_outside_json([&] {
    auto bundle = parse_json(text);
    if (!bundle.is_object() || text_of(bundle, "type") != "bundle" || !bundle.contains("objects") ||
        !bundle["objects"].is_array())
      throw format_error("type", "a STIX 2.1 bundle (\"type\": \"bundle\" with \"objects\") is expected");
    const json& objects = bundle["objects"];
    for (size_t i = 0; i < objects.size(); ++i) check_stix_object(objects[i], i);
    ImportResult result;
    // STIX 2.0 puts spec_version on the bundle and none on its objects; 2.1 the other way round.
    const auto bundle_version = text_of(bundle, "spec_version");
    bool v20 = bundle_version == "2.0";
    if (bundle_version.empty())
      for (const auto& o : objects) {
        const auto type = text_of(o, "type");
        if ((type == "indicator" || type == "observed-data" || type == "sighting" || type == "relationship") &&
            text_of(o, "spec_version").empty())
          v20 = true;
      }
    if (!bundle_version.empty() && bundle_version != "2.0" && bundle_version != "2.1")
      throw format_error("spec_version", "STIX " + bundle_version + " is not read; send STIX 2.1 (or 2.0)");
    result.format_version = v20 ? "2.0" : "2.1";

    std::map<std::string, const json*> by_id;
    std::map<std::string, std::string> markings = known_markings();
    struct Sighted {
      std::optional<TimeMs> first, last;
      int count = 0;
      std::vector<std::string> observed_data;
    };
    std::map<std::string, Sighted> sighted;
    for (const auto& o : objects) {
      const auto id = text_of(o, "id");
      if (!id.empty()) by_id[id] = &o;
      const auto type = text_of(o, "type");
      if (type == "marking-definition") {
        std::string tlp;
        if (text_of(o, "definition_type") == "tlp" && o.contains("definition")) tlp = normalise_tlp(text_of(o["definition"], "tlp"));
        if (tlp.empty()) tlp = normalise_tlp(text_of(o, "name"));
        if (!tlp.empty()) markings[id] = tlp;
      } else if (type == "sighting") {
        auto& s = sighted[text_of(o, "sighting_of_ref")];
        auto first = time_of(o, {"first_seen"}), last = time_of(o, {"last_seen"});
        if (first && (!s.first || *first < *s.first)) s.first = first;
        if (last && (!s.last || *last > *s.last)) s.last = last;
        const int n = o.contains("count") && o["count"].is_number_integer() ? o["count"].get<int>() : 1;
        s.count += std::clamp(n, 1, kMaxWarningCount);
        for (const auto& ref : strings_of(o, "observed_data_refs")) s.observed_data.push_back(ref);
      }
    }

    auto tlp_of = [&](const json& o) {
      std::string tlp;
      for (const auto& ref : strings_of(o, "object_marking_refs")) {
        if (auto it = markings.find(ref); it != markings.end()) tlp = stricter(tlp, it->second);
        else result.unmapped.push_back({text_of(o, "id"), "marking " + ref + " is not a TLP marking known here"});
      }
      return tlp;
    };
    auto subcategory_of = [&](const json& o) {
      if (d.subcategory_given) return d.subcategory;
      std::vector<std::string> unmatched;
      auto s = subcategory_from(strings_of(o, "labels"), strings_of(o, "indicator_types"), unmatched);
      if (!s) {
        std::string said;
        for (const auto& t : unmatched) said += (said.empty() ? "" : ", ") + t;
        result.unmapped.push_back({text_of(o, "id"), (said.empty() ? std::string("no indicator type or label")
                                                                   : "indicator types " + said + " have no sub-category") +
                                                         "; read as " + d.subcategory});
      }
      return s.value_or(d.subcategory);
    };
    auto meta_of = [&](const json& o) {
      Meta m;
      m.object_id = text_of(o, "id");
      m.description = text_of(o, "description");
      if (m.description.empty()) m.description = text_of(o, "name");
      if (m.description.empty()) m.description = "STIX " + text_of(o, "type");
      m.rule_id = text_of(o, "x_tongbao_rule_id");
      if (m.rule_id.empty()) m.rule_id = m.object_id;
      m.subcategory = subcategory_of(o);
      m.tlp = tlp_of(o);
      m.observed_at = d.now;
      m.source = &o;
      return m;
    };

    EvidenceBudget budget(text.size());
    std::set<std::string> emitted;  // one warning per object, addresses and port
    auto emit = [&](const Observation& ob, const Meta& m) -> bool {
      for (const auto& r : ob.ranges)
        result.skipped.push_back({m.object_id, "names the range " + r + ": a warning is about one host, so a range "
                                               "becomes none; send the addresses seen"});
      std::vector<std::vector<WarningAddress>> groups;
      if (!ob.sources.empty() || !ob.destinations.empty()) {
        std::vector<WarningAddress> g;
        for (const auto& a : ob.sources) g.push_back({a, "source"});
        for (const auto& a : ob.destinations) g.push_back({a, "destination"});
        groups.push_back(std::move(g));
      }
      for (const auto& a : ob.alone) groups.push_back({{a, "source"}});
      for (auto& g : groups) {
        std::string key = m.object_id + "|" + (ob.port ? std::to_string(*ob.port) : "");
        for (const auto& a : g) key += "|" + a.role + ":" + a.ip;
        if (!emitted.insert(key).second) continue;
        WarningInput w;
        w.addresses = std::move(g);
        if (w.addresses.size() > kMaxWarningAddresses) w.addresses.resize(kMaxWarningAddresses);
        w.port = ob.port;
        w.protocol = ob.protocol;
        w.observed_at = m.observed_at;
        w.last_seen = m.last_seen;
        w.count = m.count;
        w.subcategory = m.subcategory;
        w.description = m.description;
        w.rule_id = m.rule_id;
        w.tlp = m.tlp;
        w.evidence = budget.take(m.evidence, *m.source, w.addresses.front().ip);
        result.warnings.push_back(std::move(w));
      }
      return !groups.empty() || !ob.ranges.empty();
    };

    // Observed data an indicator is based on (a "based-on" relationship, as MISP writes every
    // attribute it exports as both): what the indicator was made from, and when that was seen.
    auto is_a = [&](const std::string& id, const char* type) {
      auto it = by_id.find(id);
      return it != by_id.end() && text_of(*it->second, "type") == type;
    };
    std::map<std::string, std::vector<std::string>> based_on;
    for (const auto& o : objects)
      if (text_of(o, "type") == "relationship" && text_of(o, "relationship_type") == "based-on" &&
          is_a(text_of(o, "source_ref"), "indicator") && is_a(text_of(o, "target_ref"), "observed-data"))
        based_on[text_of(o, "source_ref")].push_back(text_of(o, "target_ref"));

    // Observed data a sighting joins to an indicator of the bundle, or the indicator is based on, is
    // read with that indicator (or left out with it, when it is revoked or expired), never on its own
    // as well.
    std::set<std::string> consumed_observed_data;
    for (const auto& [of, s] : sighted)
      if (is_a(of, "indicator")) consumed_observed_data.insert(s.observed_data.begin(), s.observed_data.end());
    for (const auto& [of, refs] : based_on) consumed_observed_data.insert(refs.begin(), refs.end());
    for (const auto& o : objects) {
      if (text_of(o, "type") != "indicator") continue;
      const auto id = text_of(o, "id");
      if (o.contains("revoked") && o["revoked"] == true) {
        result.skipped.push_back({id, "revoked by its producer"});
        continue;
      }
      if (auto until = time_of(o, {"valid_until"}); until && *until < d.now) {
        result.skipped.push_back({id, "no longer valid (valid_until " + format_utc(*until) + ")"});
        continue;
      }
      if (auto pt = text_of(o, "pattern_type"); !pt.empty() && pt != "stix") {
        result.skipped.push_back({id, "pattern_type " + pt + " is not read; only STIX patterns are"});
        continue;
      }
      auto m = meta_of(o);
      m.evidence = o.dump();
      std::vector<Observation> obs;
      if (auto s = sighted.find(id); s != sighted.end()) {
        // The sighting says when it was seen, how often, and maybe what exactly.
        if (s->second.first || s->second.last) m.observed_at = s->second.first ? *s->second.first : *s->second.last;
        if (s->second.last && *s->second.last > m.observed_at) m.last_seen = s->second.last;
        m.count = std::max(1, s->second.count);
        for (const auto& ref : s->second.observed_data)
          if (auto it = by_id.find(ref); it != by_id.end() && text_of(*it->second, "type") == "observed-data") {
            for (auto& ob : observations_of_observed_data(*it->second, by_id)) obs.push_back(std::move(ob));
            consumed_observed_data.insert(ref);
          }
      } else if (auto b = based_on.find(id); b != based_on.end()) {
        // No sighting, but the observed data it was made from says when and how often.
        std::optional<TimeMs> first, last;
        int count = 0;
        for (const auto& ref : b->second) {
          const json& od = *by_id[ref];
          auto f = time_of(od, {"first_observed", "last_observed"}), l = time_of(od, {"last_observed"});
          if (f && (!first || *f < *first)) first = f;
          if (l && (!last || *l > *last)) last = l;
          if (od.contains("number_observed") && od["number_observed"].is_number_integer())
            count += std::clamp(od["number_observed"].get<int>(), 1, kMaxWarningCount);
          for (auto& ob : observations_of_observed_data(od, by_id)) obs.push_back(std::move(ob));
        }
        if (first) m.observed_at = *first;
        else result.unmapped.push_back({id, "neither a sighting nor its observed data says when it was seen: observed_at is the time of import"});
        if (last && *last > m.observed_at) m.last_seen = last;
        m.count = std::clamp(count, 1, kMaxWarningCount);
      } else {
        result.unmapped.push_back({id, "no sighting says when it was seen: observed_at is the time of import"});
      }
      if (obs.empty()) obs = observations_of_pattern(text_of(o, "pattern"));
      bool named = false;
      for (const auto& ob : obs) named = emit(ob, m) || named;
      if (!named) result.skipped.push_back({id, "names no IP address (pattern " + text_of(o, "pattern").substr(0, 200) + ")"});
    }
    for (const auto& o : objects) {
      if (text_of(o, "type") != "observed-data" || consumed_observed_data.count(text_of(o, "id"))) continue;
      auto m = meta_of(o);
      m.evidence = o.dump();
      if (auto first = time_of(o, {"first_observed", "last_observed", "created"})) m.observed_at = *first;
      if (auto last = time_of(o, {"last_observed"}); last && *last > m.observed_at) m.last_seen = last;
      if (o.contains("number_observed") && o["number_observed"].is_number_integer())
        m.count = std::clamp(o["number_observed"].get<int>(), 1, kMaxWarningCount);
      bool named = false;
      for (const auto& ob : observations_of_observed_data(o, by_id)) named = emit(ob, m) || named;
      if (!named) result.skipped.push_back({m.object_id, "observes no IP address"});
    }
    // Addresses given as objects of their own, joined to what they are about by a relationship.
    for (const auto& o : objects) {
      if (text_of(o, "type") != "relationship") continue;
      const auto* from = by_id.count(text_of(o, "source_ref")) ? by_id[text_of(o, "source_ref")] : nullptr;
      const auto* to = by_id.count(text_of(o, "target_ref")) ? by_id[text_of(o, "target_ref")] : nullptr;
      if (!from || !to) continue;
      auto is_address_object = [](const json* x) {
        const auto t = text_of(*x, "type");
        return t == "ipv4-addr" || t == "ipv6-addr";
      };
      const json* address = is_address_object(to) ? to : is_address_object(from) ? from : nullptr;
      const json* about = address == to ? from : to;
      if (!address || is_address_object(about)) continue;
      if (text_of(*about, "type") == "indicator" &&
          ((about->contains("revoked") && (*about)["revoked"] == true) ||
           [&] { auto u = time_of(*about, {"valid_until"}); return u && *u < d.now; }()))
        continue;  // said of the indicator already
      auto m = meta_of(*about);
      m.evidence = json{{"relationship", o}, {"address", *address}, {"about", *about}}.dump();
      if (auto s = sighted.find(text_of(*about, "id")); s != sighted.end()) {
        if (s->second.first) m.observed_at = *s->second.first;
        if (s->second.last && *s->second.last > m.observed_at) m.last_seen = s->second.last;
        m.count = std::max(1, s->second.count);
      }
      Observation ob;
      add_value(ob, ob.alone, text_of(*address, "value"));
      emit(ob, m);
    }
    if (result.warnings.empty()) {
      std::string why;
      for (size_t i = 0; i < result.skipped.size() && i < 5; ++i)
        why += (why.empty() ? ": " : "; ") + result.skipped[i].object + " " + result.skipped[i].reason;
      throw format_error("objects", "the bundle holds no indicator, observed data or related address object with "
                                    "one IP address to warn about" + why);
    }
    return result;
  });
}

// ---- MISP in --------------------------------------------------------------------------------

namespace {

bool misp_flag(const json& a, const char* key, bool fallback) {
  if (!a.contains(key)) return fallback;
  const auto& v = a[key];
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<long long>() != 0;
  if (v.is_string()) return v.get<std::string>() == "1" || v.get<std::string>() == "true";
  return fallback;
}

std::string misp_tlp(const json& o) {
  std::string tlp;
  if (o.contains("Tag") && o["Tag"].is_array())
    for (const auto& t : o["Tag"]) tlp = stricter(tlp, normalise_tlp(text_of(t, "name")));
  return tlp;
}

}  // namespace

ImportResult warnings_from_misp(const std::string& text, const ImportDefaults& d) {
  return reading_outside_json([&] {
    auto doc = parse_json(text);
    // The shapes MISP writes: one event ({"Event": ...}), a list of them, and restSearch's answer.
    std::vector<std::pair<const json*, std::string>> events;
    auto add_events = [&](const json& list, const std::string& where) {
      for (size_t i = 0; i < list.size(); ++i) {
        const json& e = list[i];
        events.emplace_back(e.is_object() && e.contains("Event") ? &e["Event"] : &e, where + "[" + std::to_string(i) + "]");
      }
    };
    if (doc.is_array()) add_events(doc, "");
    else if (doc.is_object() && doc.contains("response") && doc["response"].is_array()) add_events(doc["response"], "response");
    // /attributes/restSearch answers with the attributes alone: {"response": {"Attribute": [...]}}.
    else if (doc.is_object() && doc.contains("response") && doc["response"].is_object() && doc["response"].contains("Attribute"))
      events.emplace_back(&doc["response"], "response");
    else if (doc.is_object() && doc.contains("Event")) events.emplace_back(&doc["Event"], "Event");
    else if (doc.is_object()) events.emplace_back(&doc, "Event");
    const std::string expected = "a MISP event ({\"Event\": {...}} with \"Attribute\" or \"Object\"), a list of events, "
                                 "or a restSearch answer ({\"response\": [...]} or {\"response\": {\"Attribute\": [...]}}) "
                                 "is expected";
    if (events.empty()) throw format_error("Event", expected);
    ImportResult result;
    for (const auto& [event_ptr, where_event] : events) {
      const json& event = *event_ptr;
      if (!event.is_object() || !(event.contains("Attribute") || event.contains("Object")))
        throw format_error(where_event, where_event + ": " + expected);
      TimeMs event_time = d.now;
      if (auto date = text_of(event, "date"); !date.empty())
        if (auto t = parse_iso8601(date + "T00:00:00Z")) event_time = *t;
      std::string event_id = text_of(event, "uuid");
      if (event_id.empty()) event_id = event.contains("id") && event["id"].is_primitive() ? event["id"].dump() : "event";
      const std::string rule = "misp:" + event_id;
      const std::string info = text_of(event, "info").empty() ? "MISP event" : text_of(event, "info");
      const std::string event_tlp = misp_tlp(event);
      int not_for_detection = 0, deleted = 0;

      // When it was seen: first_seen where MISP has it, else the last edit, else the event's date.
      auto times = [&](const json& a, const std::string& at, TimeMs& first, std::optional<TimeMs>& last) {
        if (auto t = time_of(a, {"first_seen"})) first = *t;
        else if (a.contains("timestamp")) first = misp_timestamp(a["timestamp"], at + ".timestamp");
        else first = event_time;
        if (auto t = time_of(a, {"last_seen"}); t && *t > first) last = t;
      };
      auto usable = [&](const json& a) {
        if (misp_flag(a, "deleted", false)) return ++deleted, false;
        if (!misp_flag(a, "to_ids", true)) return ++not_for_detection, false;
        return true;
      };
      auto make = [&](const json& a, const std::string& at) {
        WarningInput w;
        w.subcategory = d.subcategory;
        times(a, at, w.observed_at, w.last_seen);
        const auto comment = text_of(a, "comment");
        w.description = info + (comment.empty() ? "" : ": " + comment);
        w.rule_id = rule;
        w.tlp = stricter(event_tlp, misp_tlp(a));
        w.evidence = a.dump();
        return w;
      };
      // One attribute: ip-src, ip-dst, their |port forms, and domain|ip (the address a name resolved to).
      auto take = [&](const json& attributes, const std::string& where) {
        if (!attributes.is_array()) throw format_error(where, where + " must be a list of attributes");
        for (size_t i = 0; i < attributes.size(); ++i) {
          const json& a = attributes[i];
          const std::string at = where + "[" + std::to_string(i) + "]";
          if (!a.is_object()) throw format_error(at, at + " must be an attribute object");
          const auto type = text_of(a, "type");
          std::string value = text_of(a, "value");
          std::string role;
          std::optional<int> port;
          if (type == "ip-src" || type == "ip-src|port") role = "source";
          else if (type == "ip-dst" || type == "ip-dst|port") role = "destination";
          else if (type == "domain|ip") role = "destination";
          else continue;
          if (!usable(a)) continue;
          if (auto bar = value.find('|'); bar != std::string::npos) {
            if (type == "domain|ip") {
              value = value.substr(bar + 1);
            } else {
              port = port_of(value.substr(bar + 1));
              value = value.substr(0, bar);
            }
          }
          const auto n = classify(value);
          if (n.kind == Named::range) {
            result.skipped.push_back({at, "names the range " + n.text + ": a warning is about one host"});
            continue;
          }
          if (n.kind != Named::address) continue;
          auto w = make(a, at);
          w.addresses.push_back({n.text, role});
          w.port = port;
          result.warnings.push_back(std::move(w));
        }
      };
      // A network-connection or ip-port object: one observation, both ends and the ports together.
      auto take_connection = [&](const json& o, const std::string& where) {
        const json& attributes = o["Attribute"];
        if (!attributes.is_array()) throw format_error(where, where + " must be a list of attributes");
        std::vector<WarningAddress> addresses;
        std::vector<int> ports;
        std::string protocol;
        const json* first = nullptr;
        for (const auto& a : attributes) {
          if (!a.is_object()) continue;
          const auto relation = text_of(a, "object_relation");
          auto type = text_of(a, "type"), value = text_of(a, "value");
          if (type == "ip-src|port" || type == "ip-dst|port") {  // "198.51.100.7|8443"
            type = type.substr(0, 6);
            if (auto bar = value.find('|'); bar != std::string::npos) {
              if (auto p = port_of(value.substr(bar + 1))) ports.push_back(*p);
              value = value.substr(0, bar);
            }
          }
          if (type == "ip-src" || type == "ip-dst") {
            if (!usable(a)) continue;
            const auto n = classify(value);
            if (n.kind == Named::range) result.skipped.push_back({where, "names the range " + n.text + ": a warning is about one host"});
            if (n.kind != Named::address) continue;
            addresses.push_back({n.text, relation == "ip-src" || (relation != "ip-dst" && type == "ip-src") ? "source" : "destination"});
            if (!first) first = &a;
          } else if (relation == "dst-port") {
            if (auto p = port_of(value); p && misp_flag(a, "deleted", false) == false) ports.push_back(*p);
          } else if (relation == "layer4-protocol" || relation == "protocol") {
            if (protocol.empty()) protocol = value;
          }
        }
        if (addresses.empty()) return;
        if (ports.empty()) ports.push_back(-1);
        for (int p : ports) {
          auto w = make(*first, where);
          if (auto t = time_of(o, {"first_seen"})) w.observed_at = *t;
          w.addresses = addresses;
          if (w.addresses.size() > kMaxWarningAddresses) w.addresses.resize(kMaxWarningAddresses);
          if (p >= 0) w.port = p;
          w.protocol = protocol;
          w.evidence = o.dump();
          result.warnings.push_back(std::move(w));
        }
      };
      const auto prefix = where_event == "Event" ? std::string() : where_event + ".";
      if (event.contains("Attribute")) take(event["Attribute"], prefix + "Attribute");
      if (event.contains("Object")) {
        if (!event["Object"].is_array()) throw format_error(prefix + "Object", prefix + "Object must be a list of objects");
        for (size_t i = 0; i < event["Object"].size(); ++i) {
          const json& o = event["Object"][i];
          const std::string at = prefix + "Object[" + std::to_string(i) + "]";
          if (!o.is_object() || !o.contains("Attribute")) continue;
          const auto name = text_of(o, "name");
          if (misp_flag(o, "deleted", false)) {
            ++deleted;
          } else if (name == "asn" || name == "whois") {
            result.skipped.push_back({at, "a " + name + " object names networks announced or registered, not a host seen"});
          } else if (name == "network-connection" || name == "ip-port") {
            take_connection(o, at + ".Attribute");
          } else {
            take(o["Attribute"], at + ".Attribute");
          }
        }
      }
      if (deleted) result.skipped.push_back({where_event, std::to_string(deleted) + " deleted attribute(s) or object(s)"});
      if (not_for_detection)
        result.skipped.push_back({where_event, std::to_string(not_for_detection) +
                                                   " address attribute(s) not meant for detection (to_ids false)"});
    }
    if (result.warnings.empty()) {
      std::string why;
      for (size_t i = 0; i < result.skipped.size() && i < 5; ++i)
        why += (why.empty() ? ": " : "; ") + result.skipped[i].object + " " + result.skipped[i].reason;
      throw format_error("Attribute", "the events hold no ip-src, ip-dst or domain|ip attribute to warn about" + why);
    }
    return result;
  });
}

// ---- STIX out -------------------------------------------------------------------------------

namespace {

// STIX's own namespace for cyber-observable objects (ids from their contributing properties, spec
// section 2.9); Tongbao's objects take theirs from the warning number (core/stix_common.h).
constexpr const char* kStixObservableNamespace = "00abedb4-aa42-466c-9c01-fed23315a9b7";
constexpr const char* kStaticCreated = "2017-01-20T00:00:00.000Z";

std::string sco_id(const std::string& type, const json& contributing) {
  return type + "--" + uuid5(kStixObservableNamespace, contributing.dump());
}

struct TlpDefinition {
  const char* id;
  const char* name;
  const char* tlp;
};
// STIX 2.1's four TLP marking definitions; TLP:CLEAR is TLP:WHITE there.
const TlpDefinition* tlp_definition(const std::string& tlp) {
  static const TlpDefinition defs[] = {
      {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "TLP:WHITE", "white"},
      {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "TLP:GREEN", "green"},
      {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "TLP:AMBER", "amber"},
      {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "TLP:RED", "red"},
  };
  if (tlp == "clear") return &defs[0];
  if (tlp == "green") return &defs[1];
  if (tlp == "amber" || tlp == "amber+strict") return &defs[2];
  if (tlp == "red") return &defs[3];
  return nullptr;
}

std::string pattern_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string address_type(const std::string& ip) { return ip.find(':') != std::string::npos ? "ipv6-addr" : "ipv4-addr"; }

}  // namespace

namespace {

// One warning's objects, each given to `add`: its issuer, its markings, its addresses and their
// traffic, then its indicator, observed data and sighting.
void stix_objects_of(const WarningRecord& r, const std::function<void(json)>& add) {
  const auto& in = r.input;
  const std::string created = stix_time(r.created_at), modified = stix_time(std::max(r.updated_at, r.created_at));
  const std::string identity = stix_id("identity", r.issuer_oid);
  add(stix_identity(r.issuer_oid, r.issuer_name));
  json markings = json::array();
  if (const auto* def = tlp_definition(in.tlp)) {
    add({{"type", "marking-definition"}, {"spec_version", "2.1"}, {"id", def->id}, {"created", kStaticCreated},
         {"definition_type", "tlp"}, {"name", def->name}, {"definition", {{"tlp", def->tlp}}}});
    markings.push_back(def->id);
    if (in.tlp == "amber+strict") {  // TLP 2.0's AMBER+STRICT has no STIX 2.1 TLP definition: said as a statement
      const std::string id = stix_id("marking-definition", "tlp:amber+strict");
      add({{"type", "marking-definition"}, {"spec_version", "2.1"}, {"id", id}, {"created", kStaticCreated},
           {"definition_type", "statement"}, {"name", "TLP:AMBER+STRICT"},
           {"definition", {{"statement", "TLP:AMBER+STRICT: the recipient's organisation only, not its clients."}}}});
      markings.push_back(id);
    }
  }
  auto common = [&](const std::string& type, const std::string& id) {
    json o = {{"type", type}, {"spec_version", "2.1"}, {"id", id}, {"created", created}, {"modified", modified},
              {"created_by_ref", identity}};
    if (!markings.empty()) o["object_marking_refs"] = markings;
    return o;
  };

  // The observation: its addresses, and the traffic between the first source and destination.
  std::string source, destination;
  for (const auto& a : in.addresses) {
    if (a.role == "source" && source.empty()) source = a.ip;
    if (a.role == "destination" && destination.empty()) destination = a.ip;
  }
  json refs = json::array();
  std::map<std::string, std::string> address_ids;
  for (const auto& a : in.addresses) {
    const auto type = address_type(a.ip);
    const auto id = sco_id(type, {{"value", a.ip}});
    address_ids[a.ip] = id;
    add({{"type", type}, {"spec_version", "2.1"}, {"id", id}, {"value", a.ip}});
  }
  json traffic = {{"protocols", json::array({address_type(in.addresses.empty() ? "" : in.addresses.front().ip) ==
                                                     "ipv6-addr" ? "ipv6" : "ipv4"})}};
  if (!in.protocol.empty()) traffic["protocols"].push_back(in.protocol);
  if (!source.empty()) traffic["src_ref"] = address_ids[source];
  if (!destination.empty()) traffic["dst_ref"] = address_ids[destination];
  if (in.port) traffic["dst_port"] = *in.port;
  const auto traffic_id = sco_id("network-traffic", traffic);
  json nt = {{"type", "network-traffic"}, {"spec_version", "2.1"}, {"id", traffic_id}};
  nt.update(traffic);
  add(nt);
  refs.push_back(traffic_id);
  for (const auto& a : in.addresses)
    if (a.ip != source && a.ip != destination) refs.push_back(address_ids[a.ip]);

  std::string pattern;
  auto term = [&](const std::string& t) { pattern += (pattern.empty() ? "" : " AND ") + t; };
  if (!source.empty()) {
    term("network-traffic:src_ref.type = " + pattern_quote(address_type(source)));
    term("network-traffic:src_ref.value = " + pattern_quote(source));
  }
  if (!destination.empty()) {
    term("network-traffic:dst_ref.type = " + pattern_quote(address_type(destination)));
    term("network-traffic:dst_ref.value = " + pattern_quote(destination));
  }
  if (in.port) term("network-traffic:dst_port = " + std::to_string(*in.port));
  if (!in.protocol.empty()) term("network-traffic:protocols[*] = " + pattern_quote(in.protocol));

  const auto indicator_id = stix_id("indicator", r.number);
  auto indicator = common("indicator", indicator_id);
  indicator["name"] = r.number;
  indicator["description"] = in.description;
  indicator["indicator_types"] = {stix_indicator_type_for(in.subcategory)};
  indicator["labels"] = {in.subcategory};
  indicator["pattern"] = "[" + pattern + "]";
  indicator["pattern_type"] = "stix";
  indicator["pattern_version"] = "2.1";
  indicator["valid_from"] = stix_time(r.first_seen);
  if (!in.rule_id.empty()) indicator["x_tongbao_rule_id"] = in.rule_id;
  // The unit found it a false positive: the issuer's indicator is withdrawn.
  if (r.reply == "false_positive") indicator["revoked"] = true;
  add(indicator);

  const auto observed_id = stix_id("observed-data", r.number);
  auto observed = common("observed-data", observed_id);
  observed["first_observed"] = stix_time(r.first_seen);
  observed["last_observed"] = stix_time(r.last_seen);
  observed["number_observed"] = std::max(1, r.count);
  observed["object_refs"] = refs;
  add(observed);

  auto sighting = common("sighting", stix_id("sighting", r.number));
  sighting["sighting_of_ref"] = indicator_id;
  sighting["observed_data_refs"] = {observed_id};
  sighting["first_seen"] = stix_time(r.first_seen);
  sighting["last_seen"] = stix_time(r.last_seen);
  sighting["count"] = std::max(1, r.count);
  // The unit's reply and its reason. (An opinion object would say it in STIX's own terms, but the
  // OASIS bundle schema refuses opinions, notes and groupings: it reads them as custom objects
  // that match both of its custom-object branches.)
  if (!r.reply.empty()) {
    sighting["x_tongbao_reply"] = r.reply;
    if (!r.reply_reason.empty()) sighting["x_tongbao_reply_reason"] = r.reply_reason;
    if (r.replied_at) sighting["x_tongbao_replied_at"] = stix_time(*r.replied_at);
  }
  add(sighting);
}

bool shared_by_the_bundle(const std::string& type) { return type == "identity" || type == "marking-definition"; }

}  // namespace

std::string WarningStixWriter::objects(const std::vector<WarningRecord>& records) {
  std::string out;
  std::set<std::string> in_page;
  auto add = [&](json o) {
    const auto& id = o["id"].get_ref<const std::string&>();
    if (!(shared_by_the_bundle(o["type"].get_ref<const std::string&>()) ? in_bundle_ : in_page).insert(id).second) return;
    const auto text = o.dump();
    // The id is named by the objects as one array would print them: "[a,b,...]".
    id_.add(written_ ? "," : "[");
    id_.add(text);
    out += written_ ? ",\n" : "{\"type\": \"bundle\", \"objects\": [\n";
    out += text;
    written_ = true;
  };
  for (const auto& r : records) stix_objects_of(r, add);
  return out;
}

std::string WarningStixWriter::close() {
  if (!written_) id_.add("[");
  id_.add("]");
  // "objects", when present, holds at least one.
  return (written_ ? "\n], \"id\": \"" : "{\"type\": \"bundle\", \"id\": \"") + id_.id() + "\"}\n";
}

std::string warnings_to_stix(const std::vector<WarningRecord>& records) {
  WarningStixWriter bundle;
  auto text = bundle.objects(records);
  return text + bundle.close();
}

}  // namespace tongbao::core
