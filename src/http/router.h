#pragma once
// Maps method + path pattern ("/api/v1/units/{oid}") to a handler. Knows nothing of the domain.
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "http/message.h"

namespace tongbao::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  bool streamed_body = false;  // the body goes to a temporary file instead of memory (uploads)
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  // A route whose body may be large: the server writes it to Request::body_file as it arrives.
  void add_streamed(std::string method, std::string pattern, Handler handler);
  bool streams_body(const std::string& method, const std::string& path) const;
  // Finds the route, fills path_params and calls it. 404 / 405 come from not_found_ / method_not_allowed_.
  Response dispatch(Request& request) const;
  const std::vector<Route>& routes() const { return routes_; }

  // Called when no route matches a path, or the path matches with another method.
  std::function<Response(const Request&)> on_not_found;
  std::function<Response(const Request&, const std::string& allowed)> on_method_not_allowed;
  // Called when a handler throws, to turn the exception into a response.
  std::function<Response(const Request&, std::exception_ptr)> on_exception;

 private:
  std::vector<Route> routes_;
};

}  // namespace tongbao::http
