#pragma once
// Reports and responses as a school would file them, for the incident tests.
#include <nlohmann/json.hpp>
#include <string>

#include "core/time_format.h"

namespace tongbao::test_support {

// A botnet outbreak that took down the county network (a core service) beyond its tolerable
// downtime; the school chose level 2.
inline nlohmann::json botnet_report(const std::string& aware_at) {
  return {{"type", "INT"},
          {"subcategory", "botnet"},
          {"aware_at", aware_at},
          {"occurred_at", aware_at},
          {"hosts", {{{"ip", "198.51.100.7"}, {"hostname", "lab-pc-07"}, {"os", "Windows 10"}, {"role", "computer lab"}, {"owner", "school"}}}},
          {"description", "殭屍網路大量對外連線，造成全市教育網路瞬斷"},
          {"impact", {{"confidentiality", "none"}, {"integrity", "none"}, {"availability", "core_late"}}},
          {"chosen_level", 2},
          {"impact_scope", "county network"},
          {"loss_assessment", "network down for hours"},
          {"support", {{"needed", false}}},
          {"personal_data", false},
          {"law_enforcement", false},
          {"contact", {{"name", "黃美玲"}, {"phone", "07-555-0005"}, {"email", "teacher@school.example.edu.tw"}}}};
}

// E-mail accounts holding personal data leaked; reported as level 2.
inline nlohmann::json mail_leak_report(const std::string& aware_at) {
  return {{"type", "DEF"},
          {"subcategory", "personal_data_leak"},
          {"aware_at", aware_at},
          {"hosts", {{{"hostname", "mail.school.example.edu.tw"}, {"role", "mail server"}, {"owner", "school"}}}},
          {"description", "Mailboxes with students' personal data were read by an intruder"},
          {"impact", {{"confidentiality", "sensitive_slight"}}},
          {"chosen_level", 2},
          {"personal_data", true},
          {"contact", {{"name", "李雅婷"}, {"email", "it@school.example.edu.tw"}}}};
}

// A response fit for level 3–4: meeting, standby, logs and a root cause.
inline nlohmann::json full_response(const std::string& resolved_at) {
  return {{"emergency_measures", "Isolated the infected hosts and blocked their addresses at the border"},
          {"solution", "Reinstalled the hosts, patched SMB, reset credentials"},
          {"resolved_at", resolved_at},
          {"response_meeting", "CISO convened the response meeting the same day"},
          {"standby_people", "IT team of three on standby"},
          {"logs_provided", "Firewall and NetFlow logs with ports and payload sizes, sent to the centre"},
          {"root_cause",
           {{"first_infected_host", "lab-pc-07 (198.51.100.7)"},
            {"entry_vector", "Malicious USB drive in the computer lab"},
            {"lateral_movement", "SMB with a shared local administrator password"},
            {"scope_units", "3 schools"},
            {"scope_systems", "county DNS"},
            {"scope_endpoints", "140 PCs"},
            {"attack_techniques", {"T1091", "T1021.002"}}}}};
}

// The deadline of a ticket's answer with this key ("report", "review", ...), or null.
inline nlohmann::json deadline(const nlohmann::json& ticket, const std::string& key) {
  for (const auto& d : ticket["deadlines"])
    if (d["key"] == key) return d;
  return nullptr;
}

// Seconds from one time of an answer to another.
inline long long seconds_between(const nlohmann::json& from, const nlohmann::json& to) {
  return (*core::parse_iso8601(to.get<std::string>()) - *core::parse_iso8601(from.get<std::string>())) / 1000;
}

}  // namespace tongbao::test_support
