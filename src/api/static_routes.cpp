#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <string_view>
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

// Whether an Accept-Encoding header lists `coding` without refusing it (q=0).
bool accepts(const std::string& header, std::string_view coding) {
  size_t start = 0;
  while (start <= header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    std::string_view item(header.data() + start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const auto semicolon = item.find(';');
    std::string_view name = item.substr(0, semicolon);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name == coding) {
      const auto q = item.find("q=", semicolon == std::string_view::npos ? item.size() : semicolon);
      return q == std::string_view::npos || std::strtod(std::string(item.substr(q + 2)).c_str(), nullptr) > 0;
    }
    start = end + 1;
  }
  return false;
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
    if (r_end != root.end() || !fs::is_regular_file(wanted, ec)) {
      // A file that is not there is a 404 (a stale asset, /robots.txt), not the application's page.
      // The application's own paths get index.html: they have no extension, or a number's
      // (/units/2.16.886.111.90000.31 ends in an OID).
      const auto extension = fs::path(req.path).extension().string();
      if (std::any_of(extension.begin(), extension.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
        http::Response missing;
        missing.status = 404;
        missing.content_type = "text/plain; charset=utf-8";
        missing.body = "Not found.\n";
        return missing;
      }
      wanted = root / "index.html";
    }
    // The copy made at build (web/scripts/compress.mjs) that the browser accepts, smallest first.
    const std::string accepted = req.header("accept-encoding");
    fs::path sent = wanted;
    std::string encoding;
    for (const auto& [name, suffix] : {std::pair{"br", ".br"}, std::pair{"gzip", ".gz"}}) {
      if (accepts(accepted, name) && fs::is_regular_file(wanted.string() + suffix, ec)) {
        sent = wanted.string() + suffix;
        encoding = name;
        break;
      }
    }
    auto body = read_file(sent);
    if (!body) return error_response(404, "not_found", "The web application is not built.");
    r.content_type = content_type_of(wanted);
    r.body = std::move(*body);
    r.with_header("Vary", "Accept-Encoding");
    if (!encoding.empty()) r.with_header("Content-Encoding", encoding);
    if (wanted.parent_path().filename() == "assets") r.with_header("Cache-Control", "public, max-age=31536000, immutable");
    return r;
  };
}

}  // namespace tongbao::api
