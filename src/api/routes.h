#pragma once
// Every route of the API, registered in one place so the OpenAPI check can see them all.
#include "api/context.h"
#include "http/router.h"

namespace tongbao::api {

void add_all_routes(http::Router& router, ApiContext& ctx);

void add_health_routes(http::Router& router, ApiContext& ctx);
void add_auth_routes(http::Router& router, ApiContext& ctx);
void add_unit_routes(http::Router& router, ApiContext& ctx);
void add_contact_routes(http::Router& router, ApiContext& ctx);
void add_api_key_routes(http::Router& router, ApiContext& ctx);
void add_incident_routes(http::Router& router, ApiContext& ctx);
void add_policy_routes(http::Router& router, ApiContext& ctx);
void add_attack_routes(http::Router& router, ApiContext& ctx);
void add_attachment_routes(http::Router& router, ApiContext& ctx);
void add_comment_routes(http::Router& router, ApiContext& ctx);
void add_warning_routes(http::Router& router, ApiContext& ctx);
void add_block_routes(http::Router& router, ApiContext& ctx);
void add_improvement_routes(http::Router& router, ApiContext& ctx);
void add_improvement_report_routes(http::Router& router, ApiContext& ctx);
void add_outbreak_routes(http::Router& router, ApiContext& ctx);
void add_advisory_routes(http::Router& router, ApiContext& ctx);
void add_statistics_routes(http::Router& router, ApiContext& ctx);
void add_outbox_routes(http::Router& router, ApiContext& ctx);
void add_audit_routes(http::Router& router, ApiContext& ctx);
void add_test_clock_routes(http::Router& router, ApiContext& ctx);  // only with --test-clock
void add_static_fallback(http::Router& router, ApiContext& ctx);

}  // namespace tongbao::api
