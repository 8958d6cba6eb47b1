#pragma once
// The incident level (article 2 of the incident reporting regulation): each of confidentiality,
// integrity and availability gets a level from the impact answers; the incident's level is the
// highest. A profile with level criteria of its own (the 2002 notice) sets it instead from the
// criteria the reporter marked. Every level comes with the rule that produced it, so a reporter
// and a reviewer see why.
#include <optional>
#include <string>
#include <vector>

#include "core/incident.h"
#include "core/policy.h"

namespace tongbao::core {

struct DimensionLevel {
  int level = 0;          // 0: no impact in this dimension
  std::string rule;       // e.g. "A3: core operation (not CI) not restored within its tolerable downtime"
};

struct LevelAssessment {
  DimensionLevel confidentiality, integrity, availability;  // level 0 under a profile with criteria
  int level = 1;              // overall: the highest dimension (or marked criterion), at least 1
  std::string level_label;    // the level as the profile names it ("3", or "B" under the 2002 notice)
  // "confidentiality", "integrity", "availability" or "none"; "criteria" under a profile with criteria
  std::string deciding;
  std::optional<LevelCriterion> criterion;  // under a profile with criteria: the highest marked, if any
  std::vector<LevelCriterion> marked;       // the profile's criteria the reporter marked, in its order
  std::string reasoning;      // one sentence naming the deciding rule
};

// Under a profile with level criteria, the highest level of the marked criteria (the first of the
// profile's order on a tie; 1 when none is marked; a key the profile lacks counts for nothing:
// check_criteria refuses it before anything is saved). Under the others, the regulation's table.
LevelAssessment assess_level(const ImpactAnswers& answers, const PolicyProfile& profile);
// Throws a 400 naming `field` when a marked criterion is not one of the profile's (a profile
// without criteria has none to mark) or is marked twice.
void check_criteria(const ImpactAnswers& answers, const PolicyProfile& profile, const std::string& field = "impact.criteria");
// The confidentiality answer as the rules read it: a leak of personal data is a leak of sensitive
// information unless the reporter says why not.
InformationImpact confidentiality_with_personal_data(const ImpactAnswers& answers);
DimensionLevel confidentiality_level(InformationImpact answer);
DimensionLevel integrity_level(InformationImpact answer);
DimensionLevel availability_level(AvailabilityImpact answer);

// A report is under-reported when the reporter chose a level below the computed one.
bool is_under_reported(int chosen_level, const LevelAssessment& assessment);

}  // namespace tongbao::core
