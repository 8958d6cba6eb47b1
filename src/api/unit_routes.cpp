#include "api/caller.h"
#include "core/json_input.h"
#include "api/paging.h"
#include "api/request_params.h"
#include "api/responses.h"
#include "api/routes.h"
#include "org/org_json.h"

namespace tongbao::api {

using core::JsonInput;
namespace {

org::UnitChanges unit_changes(const JsonInput& in) {
  org::UnitChanges c;
  c.code = in.optional_string("code");
  c.name = in.optional_string("name");
  c.kind = in.optional_string("kind");
  c.parent_oid = in.optional_string("parent_oid");
  c.clear_parent = in.is_null("parent_oid");
  c.ip_ranges = in.optional_string_list("ip_ranges");
  return c;
}

std::optional<std::string> optional_query(const http::Request& req, const std::string& name) {
  auto v = req.query_param(name);
  return v.empty() ? std::nullopt : std::optional(v);
}

}  // namespace

void add_unit_routes(http::Router& router, ApiContext& ctx) {
  router.add("GET", "/api/v1/units", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    auto paging = paging_of(req);
    auto page = ctx.organisation.units(p, optional_query(req, "root"), optional_query(req, "kind"), paging.limit,
                                       paging.offset, search_words(req));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& u : page.units) items.push_back(org::to_json(u));
    return json_response(200, {{"items", items}, {"total", page.total}, {"limit", paging.limit}, {"offset", paging.offset}});
  });

  router.add("POST", "/api/v1/units", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"oid", "code", "name", "kind", "parent_oid", "ip_ranges"});
    const auto oid = in.required_string("oid");
    in.required_string("code");
    in.required_string("name");
    in.required_string("kind");
    auto unit = ctx.organisation.create_unit(p, unit_changes(in), oid);
    return json_response(201, org::to_json(unit));
  });

  router.add("GET", "/api/v1/units/export", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    http::Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.body = ctx.organisation.export_csv(p, optional_query(req, "root"));
    r.with_header("Content-Disposition", "attachment; filename=\"units.csv\"");
    return r;
  });

  router.add("POST", "/api/v1/units/import", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto dry = req.query_param("dry_run");
    if (!dry.empty() && dry != "true" && dry != "false") throw core::invalid("dry_run", "dry_run must be true or false");
    auto s = ctx.organisation.import_csv(p, req.body, dry == "true");
    return json_response(200, {{"created", s.created}, {"updated", s.updated}, {"unchanged", s.unchanged},
                               {"dry_run", dry == "true"}});
  }, {"text/csv"});

  router.add("GET", "/api/v1/units/{oid}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    return json_response(200, org::to_json(ctx.organisation.unit(p, req.path_param("oid"))));
  });

  router.add("PATCH", "/api/v1/units/{oid}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    JsonInput in(req.body, {"code", "name", "kind", "parent_oid", "ip_ranges"});
    return json_response(200, org::to_json(ctx.organisation.update_unit(p, req.path_param("oid"), unit_changes(in))));
  });
}

}  // namespace tongbao::api
