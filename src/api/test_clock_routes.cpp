#include "core/json_input.h"
#include "api/responses.h"
#include "api/routes.h"
#include "core/error.h"
#include "core/time_format.h"

namespace tongbao::api {

using core::JsonInput;

// Registered only when the server runs with --test-clock: tests move time forward.
void add_test_clock_routes(http::Router& router, ApiContext& ctx) {
  router.add("POST", "/api/v1/_test/clock", [&ctx](http::Request& req) {
    JsonInput in(req.body, {"advance_seconds"});
    if (!in.has("advance_seconds")) throw core::Error(core::ErrorKind::invalid, "missing_field", "field 'advance_seconds' is required", "advance_seconds");
    auto seconds = in.optional_integer("advance_seconds");
    if (!seconds || *seconds < 0 || *seconds > 10LL * 365 * 86400)
      throw core::invalid("advance_seconds", "advance_seconds must be a whole number from 0 to ten years");
    ctx.test_clock->advance(*seconds * 1000);
    return json_response(200, {{"now", core::format_utc(ctx.clock.now())},
                               {"offset_seconds", ctx.test_clock->offset() / 1000}});
  });

  // Tests read a captcha's answer as a person reads the picture.
  router.add("GET", "/api/v1/_test/captcha/{id}", [&ctx](http::Request& req) {
    auto answer = ctx.recovery.captcha_answer(req.path_param("id"));
    if (!answer) throw core::not_found("No such captcha.");
    return json_response(200, {{"answer", *answer}});
  });
}

}  // namespace tongbao::api
