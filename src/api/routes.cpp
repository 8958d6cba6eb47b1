#include "api/routes.h"

#include "api/responses.h"

namespace tongbao::api {

void add_all_routes(http::Router& router, ApiContext& ctx) {
  add_health_routes(router, ctx);
  add_auth_routes(router, ctx);
  add_unit_routes(router, ctx);
  add_contact_routes(router, ctx);
  add_api_key_routes(router, ctx);
  add_incident_routes(router, ctx);
  add_policy_routes(router, ctx);
  add_attack_routes(router, ctx);
  add_attachment_routes(router, ctx);
  add_comment_routes(router, ctx);
  add_warning_routes(router, ctx);
  add_block_routes(router, ctx);
  add_outbreak_routes(router, ctx);
  add_advisory_routes(router, ctx);
  add_improvement_routes(router, ctx);
  add_improvement_report_routes(router, ctx);
  add_statistics_routes(router, ctx);
  add_outbox_routes(router, ctx);
  add_audit_routes(router, ctx);
  if (ctx.test_clock) add_test_clock_routes(router, ctx);
  router.on_exception = exception_response;
  router.on_method_not_allowed = [](const http::Request& r, const std::string& allowed) {
    auto response = error_response(405, "method_not_allowed", r.method + " is not allowed here; use " + allowed + ".");
    response.with_header("Allow", allowed);
    return response;
  };
  router.on_unsupported_media_type = [](const http::Request& r, const http::BodyTypes& accepted) {
    std::string list;
    for (const auto& type : accepted) list += (list.empty() ? "" : " or ") + type;
    const auto given = r.header("content-type");
    return error_response(415, "unsupported_media_type",
                          "The body must be sent as " + list + " (Content-Type), not " + (given.empty() ? "without a type" : given) + ".",
                          "Content-Type");
  };
  add_static_fallback(router, ctx);
}

}  // namespace tongbao::api
