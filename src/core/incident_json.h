#pragma once
// Incident parts as JSON: parsed strictly from requests (unknown or malformed fields are named),
// written for answers and for storage.
#include <nlohmann/json.hpp>

#include "core/incident.h"
#include "core/json_input.h"
#include "core/json_writer.h"
#include "core/level.h"

namespace tongbao::core {

core::IncidentReport parse_report(const core::JsonInput& in);
core::IncidentResponse parse_response(const core::JsonInput& in);
core::DataSubjectNotification parse_notification(const core::JsonInput& in);
core::LawEnforcementReferral parse_referral(const core::JsonInput& in);
core::ImpactAnswers parse_impact(const core::JsonInput& in);

// The field names each body accepts.
extern const std::initializer_list<std::string_view> kReportFields;
extern const std::initializer_list<std::string_view> kResponseFields;
extern const std::initializer_list<std::string_view> kNotificationFields;
extern const std::initializer_list<std::string_view> kReferralFields;
extern const std::initializer_list<std::string_view> kImpactFields;
// POST /incidents/level-assessment: the impact answers and the time of awareness whose profile applies.
extern const std::initializer_list<std::string_view> kLevelAssessmentFields;

// Each part as JSON text, written without a tree (a ticket is read far more often than written),
// byte for byte the JSON library's dump of the tree to_json gives.
void write_json(core::JsonWriter& w, const core::IncidentReport& r);
void write_json(core::JsonWriter& w, const core::IncidentResponse& r);
void write_json(core::JsonWriter& w, const core::DataSubjectNotification& n);
void write_json(core::JsonWriter& w, const core::LawEnforcementReferral& r);
void write_json(core::JsonWriter& w, const core::LevelAssessment& a);
// A part's JSON text alone, as storage keeps it.
template <typename Part>
std::string json_text(const Part& part) {
  core::JsonWriter w;
  write_json(w, part);
  return w.take();
}

nlohmann::json to_json(const core::IncidentReport& r);
nlohmann::json to_json(const core::IncidentResponse& r);
nlohmann::json to_json(const core::DataSubjectNotification& n);
nlohmann::json to_json(const core::LawEnforcementReferral& r);
nlohmann::json to_json(const core::LevelAssessment& a);

// Storage reads back what to_json wrote.
core::IncidentReport report_from_stored(const std::string& text);
core::IncidentResponse response_from_stored(const std::string& text);
core::DataSubjectNotification notification_from_stored(const std::string& text);
core::LawEnforcementReferral referral_from_stored(const std::string& text);

}  // namespace tongbao::core
