#include "core/warning_formats.h"

#include <map>
#include <nlohmann/json.hpp>
#include <charconv>
#include <climits>

#include "core/csv.h"
#include "core/error.h"
#include "core/ip_range.h"
#include "core/json_input.h"
#include "core/stix_pattern.h"
#include "core/time_format.h"

namespace tongbao::core {
namespace {

using nlohmann::json;

Error format_error(const std::string& field, const std::string& message) {
  return Error(ErrorKind::invalid, "invalid_import", message, field);
}

json parse_json(const std::string& text) { return parse_json_body(text); }

TimeMs time_or(const json& obj, std::initializer_list<const char*> keys, TimeMs fallback) {
  for (auto key : keys)
    if (obj.contains(key) && obj[key].is_string())
      if (auto t = parse_iso8601(obj[key].get<std::string>())) return *t;
  return fallback;
}

bool is_address(const std::string& s) {
  auto r = parse_ip_range(s);
  return r && r->prefix_length == (r->v6 ? 128 : 32);
}

WarningInput one(const std::string& ip, const std::string& role, const ImportDefaults& d) {
  WarningInput w;
  w.addresses.push_back({ip, role});
  w.subcategory = d.subcategory;
  w.observed_at = d.now;
  return w;
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

}  // namespace

const std::vector<std::string>& warning_csv_columns() {
  static const std::vector<std::string> columns = {"ip", "role", "port", "protocol", "observed_at",
                                                   "subcategory", "description", "evidence", "rule_id"};
  return columns;
}

std::vector<WarningInput> warnings_from_csv(const std::string& text, const ImportDefaults& d) {
  auto parsed = parse_csv(text);
  if (!parsed.error.empty()) throw format_error("row " + std::to_string(parsed.error_line), parsed.error);
  if (parsed.records.empty()) throw format_error("body", "the file is empty; expected a header row");
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < parsed.records[0].size(); ++i) col[parsed.records[0][i]] = i;
  for (const auto& [name, index] : col)
    if (std::find(warning_csv_columns().begin(), warning_csv_columns().end(), name) == warning_csv_columns().end())
      throw format_error(name, "unknown column '" + name + "'; expected ip,role,port,protocol,observed_at,subcategory,description,evidence,rule_id");
  if (!col.count("ip")) throw format_error("ip", "the ip column is required");
  std::vector<WarningInput> out;
  for (size_t r = 1; r < parsed.records.size(); ++r) {
    const auto& rec = parsed.records[r];
    const std::string row = "row " + std::to_string(r + 1);
    auto get = [&](const char* name) -> std::string {
      auto it = col.find(name);
      return it == col.end() || it->second >= rec.size() ? "" : rec[it->second];
    };
    auto w = one(get("ip"), get("role").empty() ? "source" : get("role"), d);
    if (auto p = get("port"); !p.empty()) {
      try {
        w.port = std::stoi(p);
      } catch (...) {
        throw format_error(row + ".port", row + ": port must be a number");
      }
    }
    w.protocol = get("protocol");
    if (auto t = get("observed_at"); !t.empty()) {
      auto parsed_time = parse_iso8601(t);
      if (!parsed_time) throw format_error(row + ".observed_at", row + ": observed_at must be a time like 2026-11-23T09:00:00+08:00");
      w.observed_at = *parsed_time;
    }
    if (auto s = get("subcategory"); !s.empty()) w.subcategory = s;
    w.description = get("description");
    w.evidence = get("evidence");
    w.rule_id = get("rule_id");
    out.push_back(std::move(w));
  }
  return out;
}

namespace {

// A text field of a JSON object, or "" when it is absent or not a string: documents from outside
// may hold any type anywhere.
std::string text_of(const json& o, const char* key) {
  if (!o.is_object()) return "";
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

// The fields of a STIX object that name things must be strings when present; anything else is a
// malformed bundle, said as such.
void check_stix_object(const json& o, size_t index) {
  const std::string at = "objects[" + std::to_string(index) + "]";
  if (!o.is_object()) throw format_error(at, at + " must be an object");
  for (const char* key : {"type", "id", "pattern", "sighting_of_ref", "description", "name"})
    if (o.contains(key) && !o[key].is_string()) throw format_error(at + "." + key, at + "." + key + " must be a string");
  if (o.contains("object_refs") &&
      (!o["object_refs"].is_array() || !std::all_of(o["object_refs"].begin(), o["object_refs"].end(),
                                                    [](const json& r) { return r.is_string(); })))
    throw format_error(at + ".object_refs", at + ".object_refs must be a list of ids");
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
std::vector<WarningInput> reading_outside_json(Parse&& parse) {
  try {
    return parse();
  } catch (const json::exception& e) {
    throw format_error("body", std::string("a value has the wrong type or shape: ") + e.what());
  }
}

}  // namespace

std::vector<WarningInput> warnings_from_stix(const std::string& text, const ImportDefaults& d) {
  return reading_outside_json([&] {
    auto bundle = parse_json(text);
    if (!bundle.is_object() || text_of(bundle, "type") != "bundle" || !bundle.contains("objects") ||
        !bundle["objects"].is_array())
      throw format_error("type", "a STIX 2.1 bundle (\"type\": \"bundle\" with \"objects\") is expected");
    const json& objects = bundle["objects"];
    for (size_t i = 0; i < objects.size(); ++i) check_stix_object(objects[i], i);
    // Objects by id, and the latest time each indicator was sighted: one pass, no copies.
    std::map<std::string, const json*> by_id;
    std::map<std::string, TimeMs> sighted;
    for (const auto& o : objects) {
      const auto id = text_of(o, "id");
      if (!id.empty()) by_id[id] = &o;
      if (text_of(o, "type") == "sighting") {
        const auto of = text_of(o, "sighting_of_ref");
        if (!of.empty()) sighted[of] = time_or(o, {"last_seen", "first_seen", "created"}, sighted.count(of) ? sighted[of] : 0);
      }
    }
    EvidenceBudget budget(text.size());
    std::vector<WarningInput> out;
    auto add = [&](const std::string& ip, const json& source, const std::string& evidence, TimeMs at) {
      if (!is_address(ip)) return;
      auto w = one(ip, "source", d);
      w.observed_at = at;
      w.description = text_of(source, "description");
      if (w.description.empty()) w.description = text_of(source, "name");
      if (w.description.empty()) w.description = "STIX " + text_of(source, "type");
      w.rule_id = text_of(source, "id");
      w.evidence = budget.take(evidence, source, ip);
      out.push_back(std::move(w));
    };
    for (const auto& o : objects) {
      const auto type = text_of(o, "type");
      if (type == "indicator") {
        const auto addresses = stix_pattern_addresses(text_of(o, "pattern"));
        if (addresses.empty()) continue;
        TimeMs at = time_or(o, {"valid_from", "created"}, d.now);
        // A sighting of this indicator gives a better time of observation.
        if (auto s = sighted.find(text_of(o, "id")); s != sighted.end() && s->second) at = s->second;
        const std::string evidence = o.dump();
        for (const auto& ip : addresses) add(ip, o, evidence, at);
      } else if (type == "observed-data") {
        const TimeMs at = time_or(o, {"last_observed", "first_observed", "created"}, d.now);
        std::vector<const json*> scos;
        if (o.contains("object_refs"))
          for (const auto& ref : o["object_refs"])
            if (auto it = by_id.find(ref.get<std::string>()); it != by_id.end()) scos.push_back(it->second);
        if (o.contains("objects") && o["objects"].is_object())  // STIX 2.0 style, still common
          for (const auto& [k, v] : o["objects"].items()) scos.push_back(&v);
        const std::string evidence = o.dump();
        for (const auto* sco : scos) {
          const auto sco_type = text_of(*sco, "type");
          if (sco_type == "ipv4-addr" || sco_type == "ipv6-addr") add(text_of(*sco, "value"), o, evidence, at);
        }
      }
    }
    if (out.empty()) throw format_error("objects", "the bundle holds no indicator or observed data with an IP address");
    return out;
  });
}

std::vector<WarningInput> warnings_from_misp(const std::string& text, const ImportDefaults& d) {
  return reading_outside_json([&] {
    auto doc = parse_json(text);
    if (!doc.is_object()) throw format_error("Event", "a MISP event (\"Event\" with \"Attribute\" or \"Object\") is expected");
    const json& event = doc.contains("Event") ? doc["Event"] : doc;
    if (!event.is_object() || !(event.contains("Attribute") || event.contains("Object")))
      throw format_error("Event", "a MISP event (\"Event\" with \"Attribute\" or \"Object\") is expected");
    TimeMs event_time = d.now;
    if (auto date = text_of(event, "date"); !date.empty())
      if (auto t = parse_iso8601(date + "T00:00:00Z")) event_time = *t;
    std::string event_id = text_of(event, "uuid");
    if (event_id.empty()) event_id = event.contains("id") && event["id"].is_primitive() ? event["id"].dump() : "event";
    const std::string rule = "misp:" + event_id;
    const std::string info = text_of(event, "info").empty() ? "MISP event" : text_of(event, "info");
    std::vector<WarningInput> out;
    auto take = [&](const json& attributes, const std::string& where) {
      if (!attributes.is_array()) throw format_error(where, where + " must be a list of attributes");
      for (size_t i = 0; i < attributes.size(); ++i) {
        const json& a = attributes[i];
        const std::string at = where + "[" + std::to_string(i) + "]";
        if (!a.is_object()) throw format_error(at, at + " must be an attribute object");
        const auto type = text_of(a, "type");
        std::string value = text_of(a, "value");
        std::string role;
        if (type.rfind("ip-src", 0) == 0) role = "source";
        else if (type.rfind("ip-dst", 0) == 0) role = "destination";
        else continue;
        std::optional<int> port;
        if (auto bar = value.find('|'); bar != std::string::npos) {  // "ip-src|port"
          int n = 0;
          const auto digits = value.substr(bar + 1);
          auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
          if (ec == std::errc() && end == digits.data() + digits.size() && n >= 0 && n <= 65535) port = n;
          value = value.substr(0, bar);
        }
        if (!is_address(value)) continue;
        auto w = one(value, role, d);
        w.port = port;
        w.observed_at = event_time;
        if (a.contains("timestamp")) w.observed_at = misp_timestamp(a["timestamp"], at + ".timestamp");
        const auto comment = text_of(a, "comment");
        w.description = info + (comment.empty() ? "" : ": " + comment);
        w.rule_id = rule;
        w.evidence = a.dump();
        out.push_back(std::move(w));
      }
    };
    if (event.contains("Attribute")) take(event["Attribute"], "Attribute");
    if (event.contains("Object")) {
      if (!event["Object"].is_array()) throw format_error("Object", "Object must be a list of objects");
      for (size_t i = 0; i < event["Object"].size(); ++i) {
        const json& o = event["Object"][i];
        if (o.is_object() && o.contains("Attribute")) take(o["Attribute"], "Object[" + std::to_string(i) + "].Attribute");
      }
    }
    if (out.empty()) throw format_error("Attribute", "the event holds no ip-src or ip-dst attribute");
    return out;
  });
}

std::string warnings_to_csv(const std::vector<WarningRecord>& records) {
  std::string out = "\xEF\xBB\xBF";
  append_csv_record(out, {"number", "unit_oid", "host", "subcategory", "state", "reply", "count", "first_seen",
                          "last_seen", "rule_id", "description"});
  for (const auto& r : records)
    append_csv_record(out, {r.number, r.unit_oid, r.host, r.subcategory, r.state, r.reply, std::to_string(r.count),
                            format_utc(r.first_seen), format_utc(r.last_seen), r.rule_id, r.description});
  return out;
}

std::string warnings_to_stix(const std::vector<WarningRecord>& records, TimeMs now) {
  json objects = json::array();
  const std::string stamp = format_utc(now);
  for (const auto& r : records) {
    const bool v6 = r.host.find(':') != std::string::npos;
    const std::string type = v6 ? "ipv6-addr" : "ipv4-addr";
    // Deterministic ids from the warning number, so a re-export names the same objects.
    const std::string suffix = "-" + r.number;
    json indicator = {{"type", "indicator"},
                      {"spec_version", "2.1"},
                      {"id", "indicator--tongbao" + suffix},
                      {"created", stamp},
                      {"modified", stamp},
                      {"name", r.number},
                      {"description", r.description},
                      {"pattern", "[" + type + ":value = '" + r.host + "']"},
                      {"pattern_type", "stix"},
                      {"valid_from", format_utc(r.first_seen)},
                      {"labels", {r.subcategory}}};
    json sighting = {{"type", "sighting"},
                     {"spec_version", "2.1"},
                     {"id", "sighting--tongbao" + suffix},
                     {"created", stamp},
                     {"modified", stamp},
                     {"first_seen", format_utc(r.first_seen)},
                     {"last_seen", format_utc(r.last_seen)},
                     {"count", r.count},
                     {"sighting_of_ref", "indicator--tongbao" + suffix}};
    objects.push_back(indicator);
    objects.push_back(sighting);
  }
  return json{{"type", "bundle"}, {"id", "bundle--tongbao-" + std::to_string(now)}, {"objects", objects}}.dump(2);
}

}  // namespace tongbao::core
