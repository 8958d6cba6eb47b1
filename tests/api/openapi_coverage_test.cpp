// The OpenAPI document in api/openapi.json must describe every route the server registers, and
// nothing it does not.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "api/routes.h"
#include "app/commands.h"
#include "store/embedded.h"
#include "store/open_database.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;

namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}
}  // namespace

TEST(OpenApi, DocumentsEveryRegisteredRoute) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  core::TestClock clock;
  auth::AuthService auth(db, clock);
  org::Organisation organisation(db, clock);
  const auto policies = app::load_policies(app::Config{});
  incidents::IncidentService incident_service(db, clock, policies, dir.file("attachments"));
  org::AddressOwners address_owners;
  warnings::WarningService warning_service(db, clock, policies, incident_service, address_owners, "");
  containment::BlockService block_service(db, clock, address_owners, "");
  containment::BlockEvidence block_evidence(db, clock, block_service, dir.file("attachments"));
  containment::OutbreakService outbreak_service(db);
  containment::CoordinatedIncidents coordinated(db, clock, incident_service, warning_service);
  containment::AdvisoryService advisory_service(db, clock, "");
  improvements::ImprovementService improvement_service(db, clock, policies, dir.file("evidence"), "");
  statistics::StatisticsService statistics_service(db, clock, policies);
  auth::PasswordRecovery recovery(db, clock);
  auth::SecondFactors second_factors(db, clock, {});
  // With the test clock: every route.
  api::ApiContext ctx{db,      clock,          &clock, auth, organisation, incident_service, warning_service,
                      block_service, block_evidence, outbreak_service, coordinated, advisory_service, improvement_service,
                      statistics_service, recovery, second_factors, false, ""};
  http::Router router;
  api::add_all_routes(router, ctx);

  const auto doc = nlohmann::json::parse(embedded::openapi_document());
  ASSERT_TRUE(doc.contains("openapi"));
  ASSERT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  const auto& paths = doc.at("paths");
  ASSERT_GT(router.routes().size(), 10u);
  for (const auto& route : router.routes()) {
    ASSERT_TRUE(paths.contains(route.pattern)) << "missing path in api/openapi.json: " << route.pattern;
    EXPECT_TRUE(paths[route.pattern].contains(lower(route.method)))
        << "missing operation in api/openapi.json: " << route.method << " " << route.pattern;
  }
  for (const auto& [path, operations] : paths.items()) {
    for (const auto& [method, op] : operations.items()) {
      if (method == "parameters" || method == "summary" || method == "description") continue;
      const bool registered = std::any_of(router.routes().begin(), router.routes().end(), [&](const auto& r) {
        return r.pattern == path && lower(r.method) == method;
      });
      EXPECT_TRUE(registered) << "api/openapi.json documents a route the server lacks: " << method << " " << path;
    }
  }
}
