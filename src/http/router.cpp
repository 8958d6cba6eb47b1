#include "http/router.h"

#include <algorithm>
#include <cctype>
#include <future>

#include "core/utf8.h"

namespace tongbao::http {
namespace {

// "Application/JSON; charset=utf-8" -> "application/json".
std::string media_type(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  while (!type.empty() && type.front() == ' ') type.erase(type.begin());
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

bool accepts(const BodyTypes& accepted, const std::string& type) {
  for (const auto& a : accepted) {
    if (a == type) return true;
    // application/json also takes its structured forms: application/stix+json, application/merge-patch+json.
    if (a == "application/json" && type.rfind("application/", 0) == 0 && type.size() > 5 &&
        type.compare(type.size() - 5, 5, "+json") == 0)
      return true;
  }
  return false;
}

// Decoded paths and query values are text: a stray byte (%FF) is refused before any handler, or
// the disk for a streamed body, sees the request.
std::optional<Response> refuse_bad_text(const Request& request) {
  bool text_ok = core::is_valid_utf8(request.path);
  for (const auto& [name, value] : request.query) text_ok = text_ok && core::is_valid_utf8(name) && core::is_valid_utf8(value);
  if (text_ok) return std::nullopt;
  return Response{400, "application/json; charset=utf-8",
                  R"({"error":{"code":"invalid_encoding","message":"The address holds bytes that are not UTF-8 text.","field":null}})",
                  {}};
}

// Path segments without empty ones ("/a//b/" has two), as views into `path`. Small paths fit the
// inline capacity most requests need, so matching a request allocates nothing until a route fits.
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  out.reserve(8);
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    if (end > pos) out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool is_parameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// `have` is the request's path, split once per request; the route's pattern was split when added.
bool match(const Route& route, const std::vector<std::string_view>& have, std::map<std::string, std::string>& params) {
  const auto& want = route.segments;
  if (want.size() != have.size()) return false;
  for (size_t i = 0; i < want.size(); ++i)
    if (!is_parameter(want[i]) && want[i] != have[i]) return false;
  params.clear();
  for (size_t i = 0; i < want.size(); ++i)
    if (is_parameter(want[i])) params.emplace(want[i].substr(1, want[i].size() - 2), std::string(have[i]));
  return true;
}

}  // namespace

Response Responder::make(const std::function<Response()>& make) const {
  try {
    return make();
  } catch (...) {
    return fail_(std::current_exception());
  }
}

void Responder::answer_on_request_thread(std::function<Response()> make) const {
  if (!post_) return answer(make);
  post_([self = *this, make = std::move(make)] { self.answer(make); });
}

void Router::add_route(Route route) {
  for (auto segment : segments(route.pattern)) {
    route.segments.emplace_back(segment);
    if (is_parameter(segment)) route.literal = false;
  }
  const auto length = route.segments.size();
  if (by_length_.size() <= length) by_length_.resize(length + 1);
  by_length_[length].push_back(routes_.size());
  if (route.streamed_body) streamed_.push_back(routes_.size());
  routes_.push_back(std::move(route));
}

const std::vector<std::size_t>& Router::of_length(std::size_t n) const {
  static const std::vector<std::size_t> none;
  return n < by_length_.size() ? by_length_[n] : none;
}

void Router::add(std::string method, std::string pattern, Handler handler, BodyTypes body_types) {
  add_route({std::move(method), std::move(pattern), std::move(handler), false, std::move(body_types), {}, {}, false, {}, true});
}

void Router::add_async(std::string method, std::string pattern, AsyncHandler handler, BodyTypes body_types) {
  add_route({std::move(method), std::move(pattern), {}, false, std::move(body_types), {}, std::move(handler), false, {}, true});
}

void Router::add_queued_write(std::string method, std::string pattern, AsyncHandler handler, BodyTypes body_types) {
  add_route({std::move(method), std::move(pattern), {}, false, std::move(body_types), {}, std::move(handler), true, {}, true});
}

void Router::add_streamed(std::string method, std::string pattern, Handler handler, Admission admission) {
  add_route({std::move(method), std::move(pattern), std::move(handler), true, {}, std::move(admission), {}, false, {}, true});
}

const Route* Router::streamed_route(const std::string& method, const std::string& path,
                                    std::map<std::string, std::string>& params) const {
  std::optional<std::vector<std::string_view>> have;  // split only for a method that streams
  for (const auto i : streamed_) {
    const auto& route = routes_[i];
    if (route.method != method) continue;
    if (!have) have = segments(path);
    if (match(route, *have, params)) return &route;
  }
  return nullptr;
}

bool Router::streams_body(const std::string& method, const std::string& path) const {
  std::map<std::string, std::string> params;
  return streamed_route(method, path, params) != nullptr;
}

std::optional<Response> Router::admit(Request& request) const {
  std::map<std::string, std::string> params;
  const Route* route = streamed_route(request.method, request.path, params);
  if (!route) return std::nullopt;
  if (auto refused = refuse_bad_text(request)) return refused;
  if (!route->admission) return std::nullopt;
  request.path_params = std::move(params);
  try {
    return route->admission(request);
  } catch (...) {
    return exception_answer(request, std::current_exception());
  }
}

Response Router::exception_answer(const Request& request, std::exception_ptr error) const {
  if (on_exception) return on_exception(request, error);
  return Response{500, "text/plain", "internal error", {}};
}

// A body the route does not take is refused before the handler sees it. A request without a body
// and without a type (POST .../submit) goes on.
std::optional<Response> Router::check_body_type(const Route& route, const Request& request) const {
  if (route.streamed_body) return std::nullopt;
  if (request.method != "POST" && request.method != "PUT" && request.method != "PATCH" && request.method != "DELETE")
    return std::nullopt;
  const std::string type = media_type(request.header("content-type"));
  if (type.empty() ? request.body.empty() : accepts(route.body_types, type)) return std::nullopt;
  if (on_unsupported_media_type) return on_unsupported_media_type(request, route.body_types);
  return Response{415, "text/plain", "unsupported media type", {}};
}

Router::Resolution Router::resolve(Request& request) const {
  if (auto refused = refuse_bad_text(request)) return {nullptr, std::move(refused)};
  std::string allowed;
  const auto have = segments(request.path);
  std::map<std::string, std::string> params;
  // Literal segments win over parameters: try routes without '{' first.
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto i : of_length(have.size())) {
      const auto& route = routes_[i];
      if (route.literal != (pass == 0)) continue;
      if (!match(route, have, params)) continue;
      if (route.method != request.method && !(request.method == "HEAD" && route.method == "GET")) {
        if (allowed.find(route.method) == std::string::npos) allowed += (allowed.empty() ? "" : ", ") + route.method;
        continue;
      }
      request.path_params = std::move(params);
      if (request.log) request.log->route = route.pattern;
      if (auto refused = check_body_type(route, request)) return {nullptr, std::move(refused)};
      return {&route, std::nullopt};
    }
    if (!allowed.empty()) break;
  }
  if (!allowed.empty()) {
    if (on_method_not_allowed) return {nullptr, on_method_not_allowed(request, allowed)};
    return {nullptr, Response{405, "text/plain", "method not allowed", {{"Allow", allowed}}}};
  }
  if (on_not_found) return {nullptr, on_not_found(request)};
  return {nullptr, Response{404, "text/plain", "not found", {}}};
}

void Router::run(const Route& route, Request& request, const Responder::Send& send, const Responder::Post& post) const {
  if (route.async_handler) {
    // What the answer's errors need of the request, kept for when the request is gone.
    Request about;
    about.method = request.method;
    about.path = request.path;
    about.log = request.log;
    Responder responder(send, [this, about](std::exception_ptr error) { return exception_answer(about, error); }, post);
    try {
      route.async_handler(request, std::move(responder));
    } catch (...) {
      send(exception_answer(request, std::current_exception()));
    }
    return;
  }
  Response response;
  try {
    response = route.handler(request);
  } catch (...) {
    response = exception_answer(request, std::current_exception());
  }
  send(std::move(response));
}

void Router::dispatch(Request& request, const Responder::Send& send) const {
  auto resolved = resolve(request);
  if (resolved.answer) return send(std::move(*resolved.answer));
  run(*resolved.route, request, send);
}

Response Router::dispatch(Request& request) const {
  auto answer = std::make_shared<std::promise<Response>>();
  auto future = answer->get_future();
  dispatch(request, [answer](Response response) { answer->set_value(std::move(response)); });
  return future.get();
}

}  // namespace tongbao::http
