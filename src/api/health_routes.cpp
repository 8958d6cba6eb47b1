#include "api/responses.h"
#include "api/routes.h"

#include <algorithm>
#include <cstdio>

#include "core/error.h"
#include "core/tree_rules.h"
#include "core/time_format.h"
#include "store/embedded.h"
#include "store/migrations.h"
#include "store/operational_state.h"

namespace tongbao::api {
namespace {

std::string gauge(const std::string& name, const std::string& help, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", value);
  return "# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n" + name + " " + buf + "\n";
}

std::string counter(const std::string& name, const std::string& help, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  return "# HELP " + name + " " + help + "\n# TYPE " + name + " counter\n" + name + " " + buf + "\n";
}

bool metrics_allowed(const ApiContext& ctx, const std::string& remote) {
  auto address = core::parse_ip_range(remote.rfind("::ffff:", 0) == 0 ? remote.substr(7) : remote);
  if (!address) return false;
  return std::any_of(ctx.metrics_from.begin(), ctx.metrics_from.end(),
                     [&](const core::IpRange& r) { return core::range_contains(r, *address); });
}

}  // namespace

void add_health_routes(http::Router& router, ApiContext& ctx) {
  router.add("GET", "/api/v1/health", [&ctx](http::Request&) {
    nlohmann::json db = {{"backend", ctx.db.backend()}};
    int status = 200;
    try {
      db["schema_version"] = ctx.db.read_value([](store::Transaction& tx) { return store::schema_version(tx); });
      db["state"] = "ok";
    } catch (const std::exception& e) {
      db["state"] = "unavailable";
      status = 503;
    }
    return json_response(status, {{"status", status == 200 ? "ok" : "degraded"},
                                  {"version", TONGBAO_VERSION},
                                  {"time", core::format_utc(ctx.clock.now())},
                                  {"database", db}});
  });

  // Readiness for a load balancer: the database answers at the schema this version knows, the
  // statistics are summed; with the outbox's backlog and how late the scheduler runs. 503 until ready.
  router.add("GET", "/api/v1/health/ready", [&ctx](http::Request&) {
    nlohmann::json out;
    bool ready = true;
    try {
      const auto now = ctx.clock.now();
      ctx.db.read([&](store::Transaction& tx) {
        const int version = store::schema_version(tx);
        const int known = store::known_schema_version();
        out["database"] = {{"state", "ok"}, {"schema_version", version}, {"migrations_applied", version == known}};
        ready = ready && version == known;
        const auto state = store::operational_state(tx, now);
        out["outbox"] = {{"pending", state.outbox_pending}, {"oldest_pending_seconds", state.oldest_pending_ms / 1000}};
        out["scheduler"] = {{"due_jobs", state.due_jobs}, {"lag_seconds", state.job_lag_ms / 1000}};
      });
    } catch (const std::exception&) {
      out["database"] = {{"state", "unavailable"}};
      ready = false;
    }
    const auto sums = ctx.statistics.sums_status();
    out["statistics"] = {{"ready", sums.ready}, {"progress", sums.progress}};
    ready = ready && sums.ready;
    out["ready"] = ready;
    return json_response(ready ? 200 : 503, out);
  });

  // Prometheus's scrape: requests and their latencies, connections, password checks waiting, the
  // outbox's backlog and how late jobs run. Only for the addresses of --metrics-from (loopback
  // by default): it tells an outsider how busy the server is, and nothing more is needed there.
  router.add("GET", "/metrics", [&ctx](http::Request& req) {
    // A request that came through a proxy (it names a client) is never a scrape: behind a proxy
    // not named by --trusted-proxy every outside request would otherwise look like loopback.
    if (!req.header("x-forwarded-for").empty() || !req.header("forwarded").empty() || !metrics_allowed(ctx, req.remote))
      throw core::not_found("No such page.");
    std::string text = ctx.metrics ? ctx.metrics->prometheus_text() : std::string();
    if (ctx.hashing)
      text += gauge("tongbao_password_checks_in_use", "Password checks running or waiting for a hashing thread.",
                    static_cast<double>(ctx.hashing->places_taken())) +
              gauge("tongbao_password_check_places", "Password checks that may run or wait at once.",
                    static_cast<double>(ctx.hashing->places()));
    const auto now = ctx.clock.now();
    const auto state = ctx.db.read_value([&](store::Transaction& tx) { return store::operational_state(tx, now); });
    text += gauge("tongbao_outbox_pending", "Messages waiting to be sent.", static_cast<double>(state.outbox_pending));
    text += gauge("tongbao_outbox_dead", "Messages that kept failing (dead letters).", static_cast<double>(state.outbox_dead));
    text += gauge("tongbao_outbox_oldest_pending_seconds", "Age of the oldest message waiting.",
                  static_cast<double>(state.oldest_pending_ms) / 1000);
    text += gauge("tongbao_jobs_due", "Scheduled jobs due and not yet run.", static_cast<double>(state.due_jobs));
    text += gauge("tongbao_jobs_lag_seconds", "How long the most overdue job has been due.",
                  static_cast<double>(state.job_lag_ms) / 1000);
    text += gauge("tongbao_statistics_ready", "1 when the statistics' sums are complete.",
                  ctx.statistics.sums_status().ready ? 1 : 0);
    if (const auto counts = ctx.db.commit_counts()) {
      text += counter("tongbao_write_commits_total", "Write transactions committed (each synced to disk once).",
                      static_cast<double>(counts->commits));
      text += counter("tongbao_writes_total", "Writes committed in them: more than commits when writes shared one.",
                      static_cast<double>(counts->writes));
      text += counter("tongbao_write_groups_run_again_total",
                      "Groups of writes run again, each in a savepoint, because one of them failed.",
                      static_cast<double>(counts->groups_run_again));
    }
    http::Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = std::move(text);
    return r;
  });

  router.add("GET", "/api/v1/openapi.json", [](http::Request&) {
    http::Response r;
    r.content_type = "application/json; charset=utf-8";
    r.body = std::string(embedded::openapi_document());
    return r;
  });
}

}  // namespace tongbao::api
