#include <charconv>
#include <fstream>
#include <sstream>

#include "api/caller.h"
#include "api/request_params.h"
#include "api/responses.h"
#include "api/routes.h"
#include "core/error.h"
#include "core/time_format.h"

namespace tongbao::api {
namespace {

using nlohmann::json;

json attachment_json(const store::incidents::Attachment& a) {
  return {{"id", a.id},
          {"incident_id", a.incident_id},
          {"file_name", a.file_name},
          {"kind", a.kind},
          {"declared_type", a.declared_type},
          {"size_bytes", a.size_bytes},
          {"sha256", a.sha256},
          {"uploaded_by", a.uploaded_by},
          {"uploaded_at", core::format_utc(a.uploaded_at)},
          {"download", "/api/v1/attachments/" + std::to_string(a.id)}};
}

json list_json(const std::vector<store::incidents::Attachment>& list) {
  json items = json::array();
  for (const auto& a : list) items.push_back(attachment_json(a));
  return {{"items", items}};
}

}  // namespace

void add_attachment_routes(http::Router& router, ApiContext& ctx) {
  // The request body is the file itself; its name and kind come in the query string. Streamed
  // bodies take any type (it is recorded as declared_type), so a cookie is checked for its origin
  // by require_caller like any other.
  router.add_streamed("POST", "/api/v1/incidents/{id}/attachments", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    incidents::AttachmentUpload up;
    up.file_name = req.query_param("name");
    if (up.file_name.empty()) throw core::Error(core::ErrorKind::invalid, "missing_field", "query parameter 'name' (the file name) is required", "name");
    up.kind = req.query_param("kind", "evidence");
    up.declared_type = req.header("content-type");
    up.source_file = req.body_file;
    return json_response(201, attachment_json(ctx.incidents.add_attachment(p, path_id(req), up)));
  }, [&ctx](http::Request& req) -> std::optional<http::Response> {
    // Before a byte of the file is written: who is asking, and may they add to this ticket?
    ctx.incidents.check_can_attach(require_caller(ctx, req), path_id(req));
    return std::nullopt;
  });

  router.add("GET", "/api/v1/incidents/{id}/attachments", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    return json_response(200, list_json(ctx.incidents.attachments(p, path_id(req))));
  });

  // Evidence search by ticket number, as the attachment download page offers.
  router.add("GET", "/api/v1/attachments", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto number = req.query_param("number");
    if (number.empty()) throw core::Error(core::ErrorKind::invalid, "missing_field", "query parameter 'number' is required", "number");
    return json_response(200, list_json(ctx.incidents.attachments(p, ctx.incidents.id_of_number(p, number))));
  });

  router.add("GET", "/api/v1/attachments/{id}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    auto [a, path] = ctx.incidents.attachment_file(p, path_id(req));
    return file_download(path, a.file_name, a.sha256);
  });
}

}  // namespace tongbao::api
