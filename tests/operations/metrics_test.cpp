// GET /metrics: what Prometheus scrapes, for loopback only unless configured.
#include <gtest/gtest.h>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/test_database.h"

using namespace tongbao;
using namespace tongbao::test_support;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The value of one sample line, or -1 when absent.
double sample(const std::string& text, const std::string& series) {
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}
}  // namespace

TEST(Metrics, CountRequestsByRouteAndShowTheOutboxAndTheScheduler) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  const auto now = school.get("/api/v1/health").json()["time"].get<std::string>();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(school.post("/api/v1/incidents", botnet_report(now)).status, 201);
  ASSERT_EQ(school.get("/api/v1/incidents/999999").status, 404);

  auto r = server.client().get("/metrics");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(contains(r.headers["content-type"], "text/plain")) << r.headers["content-type"];
  const auto& text = r.body;
  EXPECT_EQ(sample(text, "tongbao_http_requests_total{method=\"POST\",route=\"/api/v1/incidents\",status=\"2xx\"}"), 3)
      << text;
  EXPECT_EQ(sample(text, "tongbao_http_requests_total{method=\"GET\",route=\"/api/v1/incidents/{id}\",status=\"4xx\"}"), 1)
      << text;
  EXPECT_EQ(sample(text, "tongbao_http_request_duration_seconds_count{method=\"POST\",route=\"/api/v1/incidents\"}"), 3);
  EXPECT_EQ(sample(text, "tongbao_http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/v1/incidents\",le=\"+Inf\"}"),
            3);
  EXPECT_GE(sample(text, "tongbao_http_open_connections"), 1);
  EXPECT_GE(sample(text, "tongbao_outbox_pending"), 0) << "no mail server: the tickets' messages wait";
  EXPECT_GE(sample(text, "tongbao_jobs_due"), 0);
  EXPECT_GE(sample(text, "tongbao_jobs_lag_seconds"), 0);
  EXPECT_EQ(sample(text, "tongbao_statistics_ready"), 1);
  // The server groups writes into commits on both databases (on PostgreSQL, the queued ones).
  EXPECT_GE(sample(text, "tongbao_write_commits_total"), 3) << text;
  EXPECT_GE(sample(text, "tongbao_writes_total"), sample(text, "tongbao_write_commits_total"));
  EXPECT_GE(sample(text, "tongbao_write_groups_run_again_total"), 0) << text;
  EXPECT_TRUE(contains(text, "# TYPE tongbao_http_request_duration_seconds histogram"));
  EXPECT_FALSE(contains(text, "999999")) << "paths are never labels: the series stay bounded";
}

TEST(Metrics, AnAddressNotAllowedGetsNotFound) {
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--metrics-from", "192.0.2.0/24"}});
  auto r = server.client().get("/metrics");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_FALSE(contains(r.body, "tongbao_http")) << r.body;
  ServerProcess nobody({.demo = true, .test_clock = true, .extra = {"--metrics-from", "none"}});
  EXPECT_EQ(nobody.client().get("/metrics").status, 404);
  // Through a proxy on the same machine, an outsider's request comes from loopback: still refused.
  ServerProcess proxied;
  auto via_proxy = proxied.client().request("GET", "/metrics", "", {{"X-Forwarded-For", "203.0.113.9"}});
  EXPECT_EQ(via_proxy.status, 404) << via_proxy.body;
  EXPECT_EQ(proxied.client().get("/metrics").status, 200) << "a direct scrape from loopback";
}
