#pragma once
// Maps method + path pattern ("/api/v1/units/{oid}") to a handler. Knows nothing of the domain.
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/message.h"

namespace tongbao::http {

using Handler = std::function<Response(Request&)>;

// The answer to a request handled away from the request threads (Router::add_async), sent from
// any thread, once. answer() runs `make` where it is called and sends what it returns, or what the
// router's on_exception makes of what it throws; make() and send() are its two halves.
class Responder {
 public:
  using Send = std::function<void(Response)>;
  using Fail = std::function<Response(std::exception_ptr)>;
  // Runs work on the request threads (the server's loop); where there are none, at once.
  using Post = std::function<void(std::function<void()>)>;
  Responder(Send send, Fail fail, Post post = {})
      : send_(std::move(send)), fail_(std::move(fail)), post_(std::move(post)) {}
  void answer(const std::function<Response()>& make) const { send(this->make(make)); }
  // The same, with `make` run on a request thread: for a caller on a thread that must only hand
  // the outcome on (the database's writer, which commits for every request).
  void answer_on_request_thread(std::function<Response()> make) const;
  Response make(const std::function<Response()>& make) const;
  void send(Response response) const { send_(std::move(response)); }

 private:
  Send send_;
  Fail fail_;
  Post post_;
};
// Takes the request and hands the responder on (to a worker that will answer). What it throws
// before handing it on is answered as a Handler's exception; after that it must not throw.
using AsyncHandler = std::function<void(Request&, Responder)>;
// Looks at a request before its body is read: an answer refuses it, nothing lets it go on.
using Admission = std::function<std::optional<Response>(Request&)>;

// The media types a route takes as the body of POST, PUT, PATCH and DELETE. JSON by default:
// a page of another site cannot send it without the browser asking this server first (CORS),
// which an HTML form or a plain-text fetch can.
using BodyTypes = std::vector<std::string>;
inline const BodyTypes& json_body() {
  static const BodyTypes types = {"application/json"};
  return types;
}

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  bool streamed_body = false;  // the body goes to a temporary file instead of memory (uploads)
  BodyTypes body_types;        // for in-memory bodies; streamed bodies take any type
  Admission admission;         // streamed routes: checked on the header, before the body lands on disk
  AsyncHandler async_handler;  // instead of handler: answers later, from another thread
  // An async route that changes things but only queues its write and returns: it runs on the
  // request thread, never on the server's write threads (see ServerOptions::write_threads).
  bool queues_its_write = false;
  // The pattern split at '/' once, when added: a parameter segment keeps its braces ("{oid}").
  std::vector<std::string> segments;
  bool literal = true;  // no parameter segment: tried before any route with one
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, BodyTypes body_types = json_body());
  // A route whose body may be large: the server writes it to Request::body_file as it arrives,
  // once `admission` (given the headers only) has not refused the request.
  void add_streamed(std::string method, std::string pattern, Handler handler, Admission admission = {});
  // A route whose work runs elsewhere (password hashing): the request thread is free meanwhile.
  void add_async(std::string method, std::string pattern, AsyncHandler handler, BodyTypes body_types = json_body());
  // A route that changes things without waiting for its commit: the handler checks the request,
  // queues its write (Database::write_rerunnable_async) and answers once that write has committed.
  void add_queued_write(std::string method, std::string pattern, AsyncHandler handler,
                        BodyTypes body_types = json_body());
  bool streams_body(const std::string& method, const std::string& path) const;
  // For a streamed route: the answer that refuses the request before its body is read, if any.
  std::optional<Response> admit(Request& request) const;
  // Finds the route, fills path_params and calls it; `send` gets the answer, at once for a Handler,
  // later and on another thread for an AsyncHandler. 404 / 405 come from on_not_found /
  // on_method_not_allowed.
  void dispatch(Request& request, const Responder::Send& send) const;
  // dispatch() in two steps, for a server that runs some handlers on threads of their own: the
  // route that will answer (with path_params filled), or the answer given without one (404, 405,
  // 415, an address that is not text).
  struct Resolution {
    const Route* route = nullptr;
    std::optional<Response> answer;
  };
  Resolution resolve(Request& request) const;
  // Calls the resolved route's handler; `post` is where an async route's answer is made.
  void run(const Route& route, Request& request, const Responder::Send& send, const Responder::Post& post = {}) const;
  // The same, waiting for the answer (tests, and callers with nothing else to do meanwhile).
  Response dispatch(Request& request) const;
  const std::vector<Route>& routes() const { return routes_; }

  // Called when no route matches a path, or the path matches with another method.
  std::function<Response(const Request&)> on_not_found;
  std::function<Response(const Request&, const std::string& allowed)> on_method_not_allowed;
  // Called when an unsafe request's body is not of a type the route takes.
  std::function<Response(const Request&, const BodyTypes& accepted)> on_unsupported_media_type;
  // Called when a handler throws, to turn the exception into a response.
  std::function<Response(const Request&, std::exception_ptr)> on_exception;

 private:
  void add_route(Route route);
  const Route* streamed_route(const std::string& method, const std::string& path,
                              std::map<std::string, std::string>& params) const;
  std::optional<Response> check_body_type(const Route& route, const Request& request) const;
  Response exception_answer(const Request& request, std::exception_ptr error) const;

  std::vector<Route> routes_;
  // The routes' places in routes_ by their number of segments, in the order added: a request is
  // matched against the routes of its own length only.
  std::vector<std::vector<std::size_t>> by_length_;
  std::vector<std::size_t> streamed_;  // the routes whose body goes to a file, looked at for every request
  const std::vector<std::size_t>& of_length(std::size_t n) const;
};

}  // namespace tongbao::http
