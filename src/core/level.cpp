#include "core/level.h"

#include <algorithm>
#include <set>

#include "core/error.h"

namespace tongbao::core {
namespace {

// Confidentiality and integrity share one scale; only the verb differs.
DimensionLevel information_level(InformationImpact a, char dim, const char* verb) {
  auto rule = [&](int level, const std::string& text) {
    return DimensionLevel{level, std::string(1, dim) + std::to_string(level) + ": " + text};
  };
  const std::string v = verb;
  switch (a) {
    case InformationImpact::none: return {0, std::string(1, dim) + "0: no information " + v};
    case InformationImpact::non_core_slight: return rule(1, "non-core business information slightly " + v);
    case InformationImpact::non_core_serious: return rule(2, "non-core business information seriously " + v);
    case InformationImpact::core_slight: return rule(2, "core business information (not critical infrastructure) slightly " + v);
    case InformationImpact::core_serious: return rule(3, "core business information (not critical infrastructure) seriously " + v);
    case InformationImpact::sensitive_slight:
      return rule(3, "general official secrets, sensitive information or core critical-infrastructure information slightly " + v);
    case InformationImpact::sensitive_serious:
      return rule(4, "general official secrets, sensitive information or core critical-infrastructure information seriously " + v);
    case InformationImpact::state_secret: return rule(4, "state secrets " + v);
  }
  return {0, ""};
}

}  // namespace

DimensionLevel confidentiality_level(InformationImpact a) { return information_level(a, 'C', "leaked"); }
DimensionLevel integrity_level(InformationImpact a) { return information_level(a, 'I', "altered"); }

DimensionLevel availability_level(AvailabilityImpact a) {
  switch (a) {
    case AvailabilityImpact::none: return {0, "A0: no operation affected"};
    case AvailabilityImpact::non_core_in_time:
      return {1, "A1: non-core operation affected, restored within its tolerable downtime"};
    case AvailabilityImpact::non_core_late: return {2, "A2: non-core operation not restored within its tolerable downtime"};
    case AvailabilityImpact::core_in_time:
      return {2, "A2: core operation (not critical infrastructure) affected, restored within its tolerable downtime"};
    case AvailabilityImpact::core_late:
      return {3, "A3: core operation (not critical infrastructure) not restored within its tolerable downtime"};
    case AvailabilityImpact::ci_in_time:
      return {3, "A3: core critical-infrastructure operation affected, restored within its tolerable downtime"};
    case AvailabilityImpact::ci_late:
      return {4, "A4: core critical-infrastructure operation not restored within its tolerable downtime"};
  }
  return {0, ""};
}

InformationImpact confidentiality_with_personal_data(const ImpactAnswers& a) {
  const auto& pd = a.personal_data;
  if (!pd.leaked || !pd.not_sensitive_reason.empty()) return a.confidentiality;
  // Personal data leaked count as sensitive information (the consular case was raised to level 3
  // for this): slight unless the leak was already judged serious or special categories were in it.
  const bool serious = pd.special_categories || a.confidentiality == InformationImpact::non_core_serious ||
                       a.confidentiality == InformationImpact::core_serious ||
                       a.confidentiality == InformationImpact::sensitive_serious;
  const auto floor = serious ? InformationImpact::sensitive_serious : InformationImpact::sensitive_slight;
  return a.confidentiality == InformationImpact::state_secret ? a.confidentiality : std::max(a.confidentiality, floor);
}

namespace {

LevelAssessment assess_by_criteria(const ImpactAnswers& answers, const PolicyProfile& profile) {
  LevelAssessment out;
  out.deciding = "criteria";
  for (const auto& c : profile.level_criteria) {
    const bool marked = std::find(answers.criteria.begin(), answers.criteria.end(), c.key) != answers.criteria.end();
    if (!marked) continue;
    out.marked.push_back(c);
    if (!out.criterion || c.level > out.criterion->level) out.criterion = c;
  }
  out.level = out.criterion ? std::clamp(out.criterion->level, 1, 4) : 1;
  out.level_label = profile.level_labels[out.level - 1];
  const std::string named = "level " + std::to_string(out.level) +
                            (out.level_label == std::to_string(out.level) ? "" : " (" + out.level_label + ")");
  if (out.criterion)
    out.reasoning = "L" + named.substr(1) + ", the highest of the criteria marked, set by \"" + out.criterion->label_en +
                    "\" (" + out.criterion->label_zh + ").";
  else
    out.reasoning = "No criterion of " + (profile.title.empty() ? profile.name : profile.title) +
                    " was marked, so the lowest " + named + " applies.";
  return out;
}

}  // namespace

LevelAssessment assess_level(const ImpactAnswers& answers, const PolicyProfile& profile) {
  if (!profile.level_criteria.empty()) return assess_by_criteria(answers, profile);
  LevelAssessment out;
  const auto confidentiality = confidentiality_with_personal_data(answers);
  out.confidentiality = confidentiality_level(confidentiality);
  if (confidentiality != answers.confidentiality)
    out.confidentiality.rule += answers.personal_data.special_categories
                                    ? " (personal data of special categories leaked count as sensitive information, seriously)"
                                    : " (personal data leaked count as sensitive information unless the reporter says why not)";
  out.integrity = integrity_level(answers.integrity);
  out.availability = availability_level(answers.availability);
  out.level = 0;
  out.deciding = "none";
  for (auto [name, dim] : {std::pair<const char*, const DimensionLevel*>{"confidentiality", &out.confidentiality},
                           {"integrity", &out.integrity},
                           {"availability", &out.availability}}) {
    if (dim->level > out.level) {
      out.level = dim->level;
      out.deciding = name;
    }
  }
  if (out.level == 0) {
    out.level = 1;
    out.reasoning = "No impact was reported in any dimension, so the lowest level (1) applies.";
  } else {
    const auto& rule = out.deciding == "confidentiality" ? out.confidentiality.rule
                       : out.deciding == "integrity"     ? out.integrity.rule
                                                         : out.availability.rule;
    out.reasoning = "Level " + std::to_string(out.level) + ", the highest of the three dimensions, set by " +
                    out.deciding + " (" + rule + ").";
  }
  out.level_label = profile.level_labels[out.level - 1];
  return out;
}

void check_criteria(const ImpactAnswers& answers, const PolicyProfile& profile, const std::string& field) {
  if (answers.criteria.empty()) return;
  const std::string named = "the policy profile " + profile.name + " (" + profile.version + ")";
  if (profile.level_criteria.empty())
    throw invalid(field, field + ": " + named +
                             " has no level criteria; its level follows the confidentiality, integrity and availability answers");
  std::set<std::string> seen;
  for (const auto& key : answers.criteria) {
    if (!find_criterion(profile, key)) {
      std::string known;
      for (const auto& c : profile.level_criteria) known += (known.empty() ? "" : ", ") + c.key;
      throw invalid(field, field + ": '" + key + "' is not a level criterion of " + named + "; it has " + known);
    }
    if (!seen.insert(key).second) throw invalid(field, field + ": '" + key + "' is marked twice");
  }
}

bool is_under_reported(int chosen_level, const LevelAssessment& a) { return chosen_level < a.level; }

}  // namespace tongbao::core
