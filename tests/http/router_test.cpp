#include "http/router.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>
#include <vector>

using namespace tongbao::http;

namespace {
Response text(std::string body) { return Response{200, "text/plain", std::move(body), {}}; }
Request make(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}
}  // namespace

TEST(Router, MatchesParametersAndPrefersLiterals) {
  Router router;
  router.add("GET", "/api/v1/units/{oid}", [](Request& r) { return text("unit " + r.path_param("oid")); });
  router.add("GET", "/api/v1/units/export", [](Request&) { return text("export"); });
  router.add("PUT", "/api/v1/units/{oid}/contacts/{slot}",
             [](Request& r) { return text(r.path_param("oid") + "#" + r.path_param("slot")); });
  auto req = make("GET", "/api/v1/units/2.16.886");
  EXPECT_EQ(router.dispatch(req).body, "unit 2.16.886");
  req = make("GET", "/api/v1/units/export");
  EXPECT_EQ(router.dispatch(req).body, "export");
  req = make("PUT", "/api/v1/units/1.2/contacts/3");
  EXPECT_EQ(router.dispatch(req).body, "1.2#3");
}

TEST(Router, NotFoundAndMethodNotAllowed) {
  Router router;
  router.add("GET", "/a", [](Request&) { return text("a"); });
  auto req = make("GET", "/b");
  EXPECT_EQ(router.dispatch(req).status, 404);
  req = make("DELETE", "/a");
  auto res = router.dispatch(req);
  EXPECT_EQ(res.status, 405);
  req = make("HEAD", "/a");
  EXPECT_EQ(router.dispatch(req).status, 200);
}

// Routes are looked at among those of the request's own length: every length finds its own, a
// literal still wins over a parameter added before it, the root finds the route of no segment, a
// path longer than any route finds none, and the methods allowed are those of that path's routes.
TEST(Router, EachLengthFindsItsOwnRoutes) {
  Router router;
  router.add("GET", "/", [](Request&) { return text("root"); });
  router.add("GET", "/a/{x}/b", [](Request& r) { return text("param " + r.path_param("x")); });
  router.add("GET", "/a", [](Request&) { return text("a"); });
  router.add("GET", "/a/{x}", [](Request& r) { return text("a " + r.path_param("x")); });
  router.add("POST", "/a/{x}/b/{y}/c", [](Request& r) { return text(r.path_param("x") + r.path_param("y")); });
  router.add("GET", "/a/lit/b", [](Request&) { return text("literal"); });
  const auto body = [&](const std::string& method, const std::string& path) {
    auto req = make(method, path);
    const auto res = router.dispatch(req);
    return std::to_string(res.status) + " " + res.body;
  };
  EXPECT_EQ(body("GET", "/a"), "200 a");
  EXPECT_EQ(body("GET", "/a/7"), "200 a 7");
  EXPECT_EQ(body("GET", "/a/7/b"), "200 param 7");
  EXPECT_EQ(body("GET", "/a/lit/b"), "200 literal");
  EXPECT_EQ(body("POST", "/a/1/b/2/c"), "200 12");
  EXPECT_EQ(body("GET", "/a/1/b/2/c/d").substr(0, 3), "404");
  EXPECT_EQ(body("GET", "/"), "200 root") << "a path of no segment, the route of none";
  auto req = make("DELETE", "/a/1/b/2/c");
  const auto res = router.dispatch(req);
  EXPECT_EQ(res.status, 405);
  ASSERT_EQ(res.headers.size(), 1u);
  EXPECT_EQ(res.headers[0].second, "POST");
}

TEST(Router, HandlerExceptionsGoToTheExceptionHook) {
  Router router;
  router.add("GET", "/boom", [](Request&) -> Response { throw std::runtime_error("x"); });
  router.on_exception = [](const Request&, std::exception_ptr) { return Response{418, "text/plain", "caught", {}}; };
  auto req = make("GET", "/boom");
  EXPECT_EQ(router.dispatch(req).status, 418);
}

TEST(Message, QueryAndCookies) {
  auto q = parse_query("root=2.16.886&name=%E4%B8%AD+x&flag");
  EXPECT_EQ(q["root"], "2.16.886");
  EXPECT_EQ(q["name"], "中 x");
  EXPECT_EQ(q.count("flag"), 1u);
  Request r;
  r.headers = {{"cookie", "a=1; tongbao_session=abc; b=2"}};
  EXPECT_EQ(r.cookie("tongbao_session"), "abc");
  EXPECT_EQ(r.cookie("tongbao"), "");
}

TEST(Router, AsyncRoutesAnswerFromAnotherThread) {
  Router router;
  router.on_exception = [](const Request& r, std::exception_ptr) { return Response{418, "text/plain", r.path, {}}; };
  std::vector<std::thread> workers;
  router.add_async("POST", "/later", [&workers](Request& r, Responder respond) {
    workers.emplace_back([respond, body = r.body] { respond.answer([&] { return text("later " + body); }); });
  });
  router.add_async("POST", "/fails-later", [&workers](Request&, Responder respond) {
    workers.emplace_back([respond] { respond.answer([]() -> Response { throw std::runtime_error("x"); }); });
  });
  router.add_async("POST", "/refused", [](Request&, Responder) { throw std::runtime_error("before handing on"); });
  auto req = make("POST", "/later");
  req.headers = {{"content-type", "application/json"}};
  req.body = "x";
  std::promise<Response> answer;
  std::thread::id answered_on;
  router.dispatch(req, [&](Response r) {
    answered_on = std::this_thread::get_id();
    answer.set_value(std::move(r));
  });
  EXPECT_EQ(answer.get_future().get().body, "later x");
  EXPECT_NE(answered_on, std::this_thread::get_id());
  req = make("POST", "/fails-later");
  EXPECT_EQ(router.dispatch(req).body, "/fails-later") << "the exception hook sees what the request was";
  req = make("POST", "/refused");
  EXPECT_EQ(router.dispatch(req).status, 418);
  for (auto& w : workers) w.join();
}

TEST(Message, ClientAddressBelievesOnlyTrustedProxies) {
  const std::vector<tongbao::core::IpRange> none;
  const std::vector<tongbao::core::IpRange> proxies = {*tongbao::core::parse_ip_range("127.0.0.1"),
                                                        *tongbao::core::parse_ip_range("10.0.0.0/8")};
  EXPECT_EQ(client_address("192.0.2.9", "203.0.113.5", none), "192.0.2.9") << "no trusted proxy: the header is ignored";
  EXPECT_EQ(client_address("192.0.2.9", "203.0.113.5", proxies), "192.0.2.9") << "the peer is not a trusted proxy";
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.5", proxies), "203.0.113.5");
  EXPECT_EQ(client_address("::ffff:127.0.0.1", "203.0.113.5", proxies), "203.0.113.5");
  EXPECT_EQ(client_address("127.0.0.1", "", proxies), "127.0.0.1");
  // What the client wrote itself comes first and is not believed: the rightmost untrusted entry is.
  EXPECT_EQ(client_address("127.0.0.1", "1.1.1.1, 203.0.113.5", proxies), "203.0.113.5");
  EXPECT_EQ(client_address("127.0.0.1", "1.1.1.1, 203.0.113.5, 10.1.2.3", proxies), "203.0.113.5")
      << "past a chain of trusted proxies";
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.5, garbage", proxies), "127.0.0.1") << "stops at what is not an address";
  EXPECT_EQ(client_address("127.0.0.1", " 2001:DB8::1 ", proxies), "2001:db8::1");
}
