#include "core/warning_formats.h"

#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/csv.h"
#include "core/error.h"
#include "core/ip_range.h"
#include "core/time_format.h"

namespace tongbao::core {
namespace {

using nlohmann::json;

Error format_error(const std::string& field, const std::string& message) {
  return Error(ErrorKind::invalid, "invalid_import", message, field);
}

json parse_json(const std::string& text) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw Error(ErrorKind::invalid, "malformed_json", "the file is not valid JSON", "body");
  return j;
}

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

std::vector<WarningInput> warnings_from_stix(const std::string& text, const ImportDefaults& d) {
  auto bundle = parse_json(text);
  if (bundle.value("type", "") != "bundle" || !bundle.contains("objects") || !bundle["objects"].is_array())
    throw format_error("type", "a STIX 2.1 bundle (\"type\": \"bundle\" with \"objects\") is expected");
  std::map<std::string, json> by_id;
  for (const auto& o : bundle["objects"])
    if (o.is_object() && o.contains("id")) by_id[o["id"].get<std::string>()] = o;
  static const std::regex pattern_ip(R"((ipv4-addr|ipv6-addr):value\s*=\s*'([^']+)')");
  std::vector<WarningInput> out;
  auto add = [&](const std::string& ip, const json& source, TimeMs at, const std::string& rule) {
    if (!is_address(ip)) return;
    auto w = one(ip, "source", d);
    w.observed_at = at;
    w.description = source.value("description", source.value("name", "STIX " + source.value("type", "object")));
    w.rule_id = rule;
    w.evidence = source.dump();
    out.push_back(std::move(w));
  };
  for (const auto& o : bundle["objects"]) {
    if (!o.is_object()) continue;
    const auto type = o.value("type", "");
    if (type == "indicator" && o.contains("pattern")) {
      const auto pattern = o["pattern"].get<std::string>();
      const TimeMs at = time_or(o, {"valid_from", "created"}, d.now);
      // A sighting of this indicator gives a better time of observation.
      TimeMs seen = at;
      for (const auto& [id, s] : by_id)
        if (s.value("type", "") == "sighting" && s.value("sighting_of_ref", "") == o.value("id", ""))
          seen = time_or(s, {"last_seen", "first_seen", "created"}, seen);
      for (std::sregex_iterator it(pattern.begin(), pattern.end(), pattern_ip), end; it != end; ++it)
        add((*it)[2].str(), o, seen, o.value("id", ""));
    } else if (type == "observed-data") {
      const TimeMs at = time_or(o, {"last_observed", "first_observed", "created"}, d.now);
      std::vector<json> scos;
      if (o.contains("object_refs"))
        for (const auto& ref : o["object_refs"])
          if (by_id.count(ref.get<std::string>())) scos.push_back(by_id[ref.get<std::string>()]);
      if (o.contains("objects") && o["objects"].is_object())  // STIX 2.0 style, still common
        for (const auto& [k, v] : o["objects"].items()) scos.push_back(v);
      for (const auto& sco : scos)
        if (sco.value("type", "") == "ipv4-addr" || sco.value("type", "") == "ipv6-addr")
          add(sco.value("value", ""), o, at, o.value("id", ""));
    }
  }
  if (out.empty()) throw format_error("objects", "the bundle holds no indicator or observed data with an IP address");
  return out;
}

std::vector<WarningInput> warnings_from_misp(const std::string& text, const ImportDefaults& d) {
  auto doc = parse_json(text);
  const json& event = doc.contains("Event") ? doc["Event"] : doc;
  if (!event.is_object() || !(event.contains("Attribute") || event.contains("Object")))
    throw format_error("Event", "a MISP event (\"Event\" with \"Attribute\" or \"Object\") is expected");
  TimeMs event_time = d.now;
  if (event.contains("date") && event["date"].is_string())
    if (auto t = parse_iso8601(event["date"].get<std::string>() + "T00:00:00Z")) event_time = *t;
  const std::string rule = "misp:" + event.value("uuid", event.contains("id") ? event["id"].dump() : std::string("event"));
  std::vector<WarningInput> out;
  auto take = [&](const json& attributes) {
    if (!attributes.is_array()) return;
    for (const auto& a : attributes) {
      const auto type = a.value("type", "");
      std::string value = a.value("value", "");
      std::string role;
      if (type.rfind("ip-src", 0) == 0) role = "source";
      else if (type.rfind("ip-dst", 0) == 0) role = "destination";
      else continue;
      std::optional<int> port;
      if (auto bar = value.find('|'); bar != std::string::npos) {  // "ip-src|port"
        try {
          port = std::stoi(value.substr(bar + 1));
        } catch (...) {
        }
        value = value.substr(0, bar);
      }
      if (!is_address(value)) continue;
      auto w = one(value, role, d);
      w.port = port;
      w.observed_at = event_time;
      if (a.contains("timestamp")) {
        try {
          w.observed_at = std::stoll(a["timestamp"].is_string() ? a["timestamp"].get<std::string>() : a["timestamp"].dump()) * 1000;
        } catch (...) {
        }
      }
      w.description = event.value("info", "MISP event") + (a.value("comment", "").empty() ? "" : ": " + a.value("comment", ""));
      w.rule_id = rule;
      w.evidence = a.dump();
      out.push_back(std::move(w));
    }
  };
  if (event.contains("Attribute")) take(event["Attribute"]);
  if (event.contains("Object") && event["Object"].is_array())
    for (const auto& o : event["Object"])
      if (o.contains("Attribute")) take(o["Attribute"]);
  if (out.empty()) throw format_error("Attribute", "the event holds no ip-src or ip-dst attribute");
  return out;
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
