// The router takes a body of an unsafe method only in a type its route names.
#include <gtest/gtest.h>

#include "http/router.h"

using namespace tongbao::http;

namespace {

Request make(std::string method, std::string body, std::string content_type) {
  Request r;
  r.method = std::move(method);
  r.path = "/x";
  r.body = std::move(body);
  if (!content_type.empty()) r.headers.emplace_back("content-type", std::move(content_type));
  return r;
}

int status(const Router& router, Request r) { return router.dispatch(r).status; }

}  // namespace

TEST(BodyType, JsonByDefault) {
  Router router;
  for (auto m : {"POST", "PUT", "PATCH", "DELETE", "GET"}) router.add(m, "/x", [](Request&) { return Response{}; });
  EXPECT_EQ(status(router, make("POST", "{}", "application/json")), 200);
  EXPECT_EQ(status(router, make("POST", "{}", "Application/JSON; charset=UTF-8")), 200);
  EXPECT_EQ(status(router, make("POST", "{}", "application/merge-patch+json")), 200);
  EXPECT_EQ(status(router, make("POST", "", "")), 200) << "no body, no type";
  for (auto m : {"POST", "PUT", "PATCH", "DELETE"}) {
    EXPECT_EQ(status(router, make(m, "{}", "text/plain")), 415) << m;
    EXPECT_EQ(status(router, make(m, "a=1", "application/x-www-form-urlencoded")), 415) << m;
    EXPECT_EQ(status(router, make(m, "--x", "multipart/form-data; boundary=x")), 415) << m;
    EXPECT_EQ(status(router, make(m, "{}", "")), 415) << m << ": a body must say its type";
    EXPECT_EQ(status(router, make(m, "", "text/plain")), 415) << m << ": an empty form is still a form";
  }
  EXPECT_EQ(status(router, make("GET", "x", "text/plain")), 200) << "reading takes no body type";
}

TEST(BodyType, RoutesNameTheirOwnTypesAndTheHookShapesTheAnswer) {
  Router router;
  router.add("POST", "/x", [](Request&) { return Response{}; }, {"text/csv"});
  router.on_unsupported_media_type = [](const Request&, const BodyTypes& accepted) {
    return Response{415, "application/json", accepted.at(0), {}};
  };
  EXPECT_EQ(status(router, make("POST", "a,b", "text/csv; charset=utf-8")), 200);
  auto refused = make("POST", "{}", "application/json");
  auto answer = router.dispatch(refused);
  EXPECT_EQ(answer.status, 415);
  EXPECT_EQ(answer.body, "text/csv");
}

TEST(BodyType, StreamedRoutesTakeAnyTypeAndAreAdmittedOnTheirHeaders) {
  Router router;
  router.add_streamed("POST", "/x", [](Request&) { return Response{201, "text/plain", "", {}}; },
                      [](Request& r) -> std::optional<Response> {
                        if (r.header("authorization").empty()) return Response{401, "text/plain", "", {}};
                        return std::nullopt;
                      });
  auto anonymous = make("POST", "", "");
  ASSERT_TRUE(router.admit(anonymous).has_value());
  EXPECT_EQ(router.admit(anonymous)->status, 401);
  auto signed_in = make("POST", "", "");
  signed_in.headers.emplace_back("authorization", "Bearer x");
  EXPECT_FALSE(router.admit(signed_in).has_value());
  EXPECT_EQ(status(router, make("POST", "bytes", "image/png")), 201);
}
