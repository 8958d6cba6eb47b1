#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/responses.h"
#include "api/routes.h"

namespace tongbao::api {
namespace {

std::string content_type_of(const std::filesystem::path& p) {
  const auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".webmanifest") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

constexpr const char* kNoWebPage = R"(<!doctype html>
<html lang="zh-Hant"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tongbao 通報</title></head>
<body><h1>Tongbao 通報</h1>
<p>The incident reporting platform is running. The API is at <a href="/api/v1/health">/api/v1/health</a>;
its description at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></body></html>
)";

}  // namespace

// Everything that is not an API route: the web application's files, and its index.html for the
// application's own paths (it routes in the browser).
void add_static_fallback(http::Router& router, ApiContext& ctx) {
  router.on_not_found = [&ctx](const http::Request& req) {
    if (req.path.rfind("/api/", 0) == 0)
      return error_response(404, "not_found", "No such API route: " + req.method + " " + req.path + ".");
    if (req.method != "GET" && req.method != "HEAD") return error_response(405, "method_not_allowed", "Only GET here.");
    http::Response r;
    if (ctx.web_root.empty()) {
      r.content_type = "text/html; charset=utf-8";
      r.body = kNoWebPage;
      return r;
    }
    namespace fs = std::filesystem;
    const fs::path root = fs::weakly_canonical(ctx.web_root);
    fs::path wanted = fs::weakly_canonical(root / fs::path(req.path).relative_path());
    // Refuse anything that resolves outside the web root ("/../../etc/passwd").
    auto [r_end, w_it] = std::mismatch(root.begin(), root.end(), wanted.begin(), wanted.end());
    std::error_code ec;
    if (r_end != root.end() || !fs::is_regular_file(wanted, ec)) wanted = root / "index.html";
    auto body = read_file(wanted);
    if (!body) return error_response(404, "not_found", "The web application is not built.");
    r.content_type = content_type_of(wanted);
    r.body = std::move(*body);
    if (wanted.parent_path().filename() == "assets") r.with_header("Cache-Control", "public, max-age=31536000, immutable");
    return r;
  };
}

}  // namespace tongbao::api
