#pragma once
// The incident level (article 2 of the incident reporting regulation): each of confidentiality,
// integrity and availability gets a level from the impact answers; the incident's level is the
// highest. Every level comes with the rule that produced it, so a reporter and a reviewer see why.
#include <string>

#include "core/incident.h"

namespace tongbao::core {

struct DimensionLevel {
  int level = 0;          // 0: no impact in this dimension
  std::string rule;       // e.g. "A3: core operation (not CI) not restored within its tolerable downtime"
};

struct LevelAssessment {
  DimensionLevel confidentiality, integrity, availability;
  int level = 1;              // overall: the highest dimension, at least 1
  std::string deciding;       // "confidentiality", "integrity", "availability" or "none"
  std::string reasoning;      // one sentence naming the deciding rule
};

LevelAssessment assess_level(const ImpactAnswers& answers);
// The confidentiality answer as the rules read it: a leak of personal data is a leak of sensitive
// information unless the reporter says why not.
InformationImpact confidentiality_with_personal_data(const ImpactAnswers& answers);
DimensionLevel confidentiality_level(InformationImpact answer);
DimensionLevel integrity_level(InformationImpact answer);
DimensionLevel availability_level(AvailabilityImpact answer);

// A report is under-reported when the reporter chose a level below the computed one.
bool is_under_reported(int chosen_level, const LevelAssessment& assessment);

}  // namespace tongbao::core
