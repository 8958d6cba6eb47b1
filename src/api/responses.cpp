#include "api/responses.h"

#include <cctype>

#include <cstdio>

#include "store/database.h"

namespace tongbao::api {
namespace {

int status_of(core::ErrorKind kind) {
  switch (kind) {
    case core::ErrorKind::invalid: return 400;
    case core::ErrorKind::unauthenticated: return 401;
    case core::ErrorKind::forbidden: return 403;
    case core::ErrorKind::not_found: return 404;
    case core::ErrorKind::conflict: return 409;
    case core::ErrorKind::payload_too_large: return 413;
    case core::ErrorKind::too_many: return 429;
    case core::ErrorKind::unavailable: return 503;
  }
  return 400;
}

}  // namespace

http::Response json_response(int status, const nlohmann::json& body) {
  return json_text_response(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

http::Response json_text_response(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body = std::move(body);
  r.with_header("Cache-Control", "no-store");
  return r;
}

http::Response error_response(int status, const std::string& code, const std::string& message,
                              const std::string& field) {
  return json_response(status, {{"error",
                                 {{"code", code},
                                  {"message", message},
                                  {"field", field.empty() ? nlohmann::json(nullptr) : nlohmann::json(field)}}}});
}

http::Response error_response(const core::Error& e) {
  nlohmann::json body = {{"error",
                          {{"code", e.code()},
                           {"message", e.what()},
                           {"field", e.field().empty() ? nlohmann::json(nullptr) : nlohmann::json(e.field())}}}};
  if (!e.row_errors.empty()) {
    auto& rows = body["error"]["rows"] = nlohmann::json::array();
    for (const auto& r : e.row_errors) rows.push_back({{"row", r.row}, {"field", r.field}, {"message", r.message}});
  }
  if (!e.suggestions.empty()) body["error"]["suggestions"] = e.suggestions;
  auto response = json_response(status_of(e.kind()), body);
  if (e.retry_after_seconds > 0) {
    body["error"]["retry_after_seconds"] = e.retry_after_seconds;
    response = json_response(status_of(e.kind()), body);
    response.with_header("Retry-After", std::to_string(e.retry_after_seconds));
  }
  return response;
}

http::Response exception_response(const http::Request& request, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const core::Error& e) {
    return error_response(e);
  } catch (const store::UniqueViolation& e) {
    return error_response(409, "conflict", "The change clashes with existing data.");
  } catch (const store::StoreUnavailable& e) {
    auto response = error_response(503, "database_unavailable",
                                   "The database cannot be reached just now; nothing was changed. Try again shortly.");
    response.with_header("Retry-After", "5");
    response.log_detail = request.method + " " + (request.log ? request.log->route : request.path) + ": " + e.what();
    return response;
  } catch (const std::exception& e) {
    auto response = error_response(500, "internal_error", "Something went wrong on the server; nothing was changed.");
    response.log_detail = request.method + " " + (request.log ? request.log->route : request.path) + ": " + e.what();
    if (!request.log) std::fprintf(stderr, "error: %s\n", response.log_detail.c_str());
    return response;
  }
}

http::Response csv_response(std::string body, const std::string& file_name) {
  http::Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = "\xEF\xBB\xBF" + body;
  r.with_header("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  return r;
}

http::Response csv_response_in_pieces(std::string first, std::function<std::string()> next_piece,
                                      const std::string& file_name) {
  auto r = csv_response(std::move(first), file_name);
  r.next_piece = std::move(next_piece);
  return r;
}

http::Response file_download(const std::string& path, const std::string& file_name, const std::string& sha256) {
  std::string encoded;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : file_name) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') encoded += static_cast<char>(c);
    else encoded += '%', encoded += hex[c >> 4], encoded += hex[c & 15];
  }
  http::Response r;
  r.content_type = "application/octet-stream";
  r.file_path = path;
  r.with_header("Content-Disposition", "attachment; filename=\"attachment\"; filename*=UTF-8''" + encoded);
  r.with_header("X-Content-Type-Options", "nosniff");
  r.with_header("X-Checksum-SHA256", sha256);
  return r;
}

}  // namespace tongbao::api
