#include "core/policy_file.h"

#include <set>
#include <sstream>

#include "core/error.h"
#include "core/time_format.h"

namespace tongbao::core {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool valid_criterion_key(const std::string& key) {
  if (key.empty() || key.size() > kMaxCriterionKeyLength) return false;
  for (unsigned char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

PolicyProfile parse_policy_profile(const std::string& text, const std::string& source) {
  PolicyProfile p;
  p.source = source;
  int line_no = 0;
  auto fail = [&](const std::string& field, const std::string& message) -> Error {
    return Error(ErrorKind::invalid, "invalid_policy", source + ":" + std::to_string(line_no) + ": " + field + ": " + message,
                 field);
  };
  auto span = [&](const std::string& field, const std::string& value) {
    auto s = parse_span(value);
    if (!s) throw fail(field, "'" + value + "' is not a duration such as 30m, 1h, 7d or 1mo");
    return *s;
  };
  std::string section;           // "", "reminders", "deadline" or "level_criterion"
  DeadlineRule* deadline = nullptr;
  std::set<std::string> seen_top, seen_keys, seen_criteria, seen_criterion_settings;
  std::vector<int> criterion_lines;  // where each criterion's section starts, for its errors
  std::istringstream in(text);
  for (std::string raw; std::getline(in, raw);) {
    ++line_no;
    const std::string line = trim(raw.substr(0, raw.find('#')));
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']') throw fail("section", "a section header must end with ]");
      auto parts = words(line.substr(1, line.size() - 2));
      if (parts.size() == 1 && parts[0] == "reminders") {
        section = "reminders";
        deadline = nullptr;
      } else if (parts.size() == 2 && parts[0] == "deadline") {
        if (!seen_keys.insert(parts[1]).second) throw fail("deadline", "deadline '" + parts[1] + "' is defined twice");
        section = "deadline";
        p.deadlines.push_back({});
        deadline = &p.deadlines.back();
        deadline->key = parts[1];
      } else if (parts.size() == 2 && parts[0] == "level_criterion") {
        if (!valid_criterion_key(parts[1]))
          throw fail("level_criterion", "'" + parts[1] + "' is not a key of lower-case letters, digits and _ (at most " +
                                            std::to_string(kMaxCriterionKeyLength) + " characters)");
        if (!seen_criteria.insert(parts[1]).second)
          throw fail("level_criterion", "level criterion '" + parts[1] + "' is defined twice");
        if (p.level_criteria.size() == kMaxLevelCriteria)
          throw fail("level_criterion", "a profile holds at most " + std::to_string(kMaxLevelCriteria) + " level criteria");
        section = "level_criterion";
        deadline = nullptr;
        p.level_criteria.push_back({parts[1], 0, "", ""});
        criterion_lines.push_back(line_no);
        seen_criterion_settings.clear();
      } else if (parts.size() == 2 && parts[0] == "improvement_category") {
        if (!valid_criterion_key(parts[1]))
          throw fail("improvement_category", "'" + parts[1] + "' is not a key of lower-case letters, digits and _ (at most " +
                                                 std::to_string(kMaxCriterionKeyLength) + " characters)");
        for (const auto& c : p.improvement_categories)
          if (c.key == parts[1]) throw fail("improvement_category", "improvement category '" + parts[1] + "' is defined twice");
        if (p.improvement_categories.size() == kMaxImprovementCategories)
          throw fail("improvement_category",
                     "a profile holds at most " + std::to_string(kMaxImprovementCategories) + " improvement categories");
        section = "improvement_category";
        deadline = nullptr;
        p.improvement_categories.push_back({parts[1], "", ""});
      } else {
        throw fail("section", "unknown section; expected [reminders], [deadline NAME], [level_criterion NAME] or "
                              "[improvement_category NAME]");
      }
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos) throw fail("line", "expected key = value");
    const std::string key = trim(line.substr(0, eq));
    const std::string value = trim(line.substr(eq + 1));
    if (value.empty()) throw fail(key, "has no value");
    if (section.empty()) {
      if (!seen_top.insert(key).second) throw fail(key, "appears twice");
      if (key == "name") p.name = value;
      else if (key == "title") p.title = value;
      else if (key == "version") p.version = value;
      else if (key == "effective_from") {
        auto t = parse_iso8601(value);
        if (!t) throw fail(key, "must be a time like 2026-01-05T00:00:00+08:00");
        p.effective_from = *t;
      } else if (key == "level_labels") {
        auto w = words(value);
        if (w.size() != 4) throw fail(key, "needs four labels, for levels 1 to 4");
        for (int i = 0; i < 4; ++i) p.level_labels[i] = w[i];
      } else if (key == "warning_reply_within") p.warning_reply_within = span(key, value);
      else if (key == "outbreak_alert_units") {
        if (value.empty() || value.size() > 4 || value.find_first_not_of("0123456789") != std::string::npos)
          throw fail(key, "must be a whole number of units (0 turns the alert off)");
        p.outbreak_alert_units = std::stoi(value);
      } else if (key == "outbreak_alert_within") p.outbreak_alert_within = span(key, value);
      else throw fail(key, "unknown setting");
    } else if (section == "reminders") {
      if (key == "first_after") p.reminders.first_after = span(key, value);
      else if (key == "repeat_every") p.reminders.repeat_every = span(key, value);
      else if (key == "overdue_every") p.reminders.overdue_every = span(key, value);
      else if (key == "overdue_deadline") p.reminders.overdue_deadline = value;
      else if (key == "drafts_reminded_for") p.reminders.drafts_reminded_for = span(key, value);
      else throw fail(key, "unknown reminder setting");
    } else if (section == "improvement_category") {
      auto& category = p.improvement_categories.back();
      if (key == "label_zh" && category.label_zh.empty()) category.label_zh = value;
      else if (key == "label_en" && category.label_en.empty()) category.label_en = value;
      else throw fail(key, "unknown or repeated improvement category setting; expected label_zh or label_en");
    } else if (section == "level_criterion") {
      auto& criterion = p.level_criteria.back();
      if (!seen_criterion_settings.insert(key).second) throw fail(key, "appears twice");
      if (key == "label_zh") criterion.label_zh = value;
      else if (key == "label_en") criterion.label_en = value;
      else if (key == "level") {
        if (value.size() != 1 || value[0] < '1' || value[0] > '4') throw fail(key, "must be 1, 2, 3 or 4");
        criterion.level = value[0] - '0';
      } else {
        throw fail(key, "unknown level criterion setting; expected level, label_zh or label_en");
      }
    } else {
      if (key == "label_zh") deadline->label_zh = value;
      else if (key == "label_en") deadline->label_en = value;
      else if (key == "from") {
        if (value == "aware") {
          deadline->from = ClockStart::aware;
        } else if (auto m = parse_milestone(value)) {
          deadline->from = ClockStart::milestone;
          deadline->from_milestone = *m;
        } else {
          throw fail(key, "must be aware or a milestone: reported, filed, reviewed, responded, resolved, approved or investigation_report");
        }
      } else if (key == "within") {
        auto w = words(value);
        if (w.size() != 1 && w.size() != 4) throw fail(key, "give one duration for every level, or four (levels 1 to 4; - where it does not apply)");
        for (int i = 0; i < 4; ++i) {
          const auto& v = w[w.size() == 1 ? 0 : i];
          if (v != "-") deadline->within[i] = span(key, v);
        }
      } else if (key == "met_by") {
        auto m = parse_milestone(value);
        if (!m) throw fail(key, "must be reported, filed, reviewed, responded, resolved, approved or investigation_report");
        deadline->met_by = *m;
      } else {
        throw fail(key, "unknown deadline setting");
      }
    }
  }
  line_no = 0;
  for (const char* required : {"name", "version", "effective_from"})
    if (!seen_top.count(required)) throw fail(required, "is required");
  for (const auto& d : p.deadlines) {
    if (d.label_zh.empty() || d.label_en.empty()) throw fail("deadline " + d.key, "needs label_zh and label_en");
    bool any = false;
    for (const auto& w : d.within) any |= w.has_value();
    if (!any) throw fail("deadline " + d.key, "needs within");
  }
  for (size_t i = 0; i < p.level_criteria.size(); ++i) {
    const auto& c = p.level_criteria[i];
    line_no = criterion_lines[i];
    if (c.level == 0) throw fail("level_criterion " + c.key, "needs level (1 to 4)");
    if (c.label_zh.empty() || c.label_en.empty()) throw fail("level_criterion " + c.key, "needs label_zh and label_en");
  }
  line_no = 0;
  for (const auto& c : p.improvement_categories)
    if (c.label_zh.empty() || c.label_en.empty()) throw fail("improvement_category " + c.key, "needs label_zh and label_en");
  line_no = 0;
  if (!p.reminders.overdue_deadline.empty() && !seen_keys.count(p.reminders.overdue_deadline) && !p.deadlines.empty())
    throw fail("overdue_deadline", "names no deadline of this profile");
  return p;
}

}  // namespace tongbao::core
