#pragma once
// What every handler may use. Built once in app/ and shared by all routes.
#include <memory>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/auth_service.h"
#include "auth/hashing_pool.h"
#include "auth/password_recovery.h"
#include "auth/second_factor.h"
#include "containment/advisory_service.h"
#include "containment/block_evidence.h"
#include "containment/block_service.h"
#include "containment/coordinated_incidents.h"
#include "containment/outbreak_service.h"
#include "core/clock.h"
#include "core/ip_range.h"
#include "http/request_metrics.h"
#include "improvements/improvement_service.h"
#include "incidents/incident_service.h"
#include "incidents/ticket_conversation.h"
#include "statistics/statistics_service.h"
#include "warnings/warning_service.h"
#include "org/organisation.h"
#include "store/database.h"

namespace tongbao::api {

struct ApiContext {
  store::Database& db;
  const core::Clock& clock;
  core::TestClock* test_clock;  // non-null only when started with --test-clock
  auth::AuthService& auth;
  org::Organisation& organisation;
  incidents::IncidentService& incidents;
  warnings::WarningService& warnings;
  containment::BlockService& blocks;
  containment::BlockEvidence& block_evidence;
  containment::OutbreakService& outbreaks;
  containment::CoordinatedIncidents& coordinated;
  containment::AdvisoryService& advisories;
  improvements::ImprovementService& improvements;
  statistics::StatisticsService& statistics;
  auth::PasswordRecovery& recovery;
  auth::SecondFactors& second_factors;
  bool secure_cookies = false;  // add "Secure" when served behind HTTPS
  std::string web_root;         // folder of the built web application; empty when none
  std::string public_url;       // how browsers reach the server (its origin), when set
  audit::VerifyOptions audit_verify = {};  // the installation's key and checkpoints, for GET /audit/verify
  // Where passwords are hashed and checked (api/hashing.h); none: on the request thread (tests).
  auth::HashingPool* hashing = nullptr;
  // What GET /metrics reports of requests, and who may read it.
  std::shared_ptr<http::RequestMetrics> metrics;
  std::vector<core::IpRange> metrics_from;
  // The conversation on each ticket (GET/POST /incidents/{id}/comments).
  incidents::TicketConversation* conversation = nullptr;
};

}  // namespace tongbao::api
