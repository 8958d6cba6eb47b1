// The conversation on a ticket: GET and POST /api/v1/incidents/{id}/comments.
#include "api/caller.h"
#include "api/request_params.h"
#include "api/responses.h"
#include "api/routes.h"
#include "core/json_input.h"
#include "core/time_format.h"
#include "incidents/ticket_conversation.h"

namespace tongbao::api {
namespace {

using nlohmann::json;

json comment_json(const incidents::Comment& c) {
  return {{"id", c.id},
          {"author_name", c.author_name},
          {"author_unit", {{"oid", c.author_unit_oid}, {"name", c.author_unit_name}}},
          {"author_role", c.author_role},
          {"body", c.body},
          {"mentions", c.mentions},
          {"created_at", core::format_utc(c.created_at)}};
}

}  // namespace

void add_comment_routes(http::Router& router, ApiContext& ctx) {
  router.add("GET", "/api/v1/incidents/{id}/comments", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    json items = json::array();
    for (const auto& c : ctx.conversation->list(p, path_id(req))) items.push_back(comment_json(c));
    return json_response(200, {{"items", items}, {"limit", incidents::kMaxCommentsPerTicket}});
  });

  router.add("POST", "/api/v1/incidents/{id}/comments", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    core::JsonInput in(req.body, {"body", "mentions"});
    // The length is checked in characters after trimming; this bound only stops a huge field early.
    const auto body = in.optional_string("body", 4 * incidents::kMaxCommentLength + 64);
    if (!body) throw core::Error(core::ErrorKind::invalid, "missing_field", "field 'body' is required", "body");
    const auto mentions = in.optional_string_list("mentions", incidents::comment_roles().size(), 16)
                              .value_or(std::vector<std::string>{});
    return json_response(201, comment_json(ctx.conversation->add(p, path_id(req), *body, mentions)));
  });
}

}  // namespace tongbao::api
