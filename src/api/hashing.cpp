#include "api/hashing.h"

namespace tongbao::api {

HashingPlace take_hashing_place(ApiContext& ctx) {
  if (!ctx.hashing) return std::nullopt;
  auto place = ctx.hashing->take_place();
  if (!place) throw auth::busy_error();
  return place;
}

void answer_from_hashing_pool(ApiContext& ctx, HashingPlace place, http::Responder responder,
                              std::function<http::Response()> work) {
  if (!ctx.hashing || !place) return responder.answer(work);
  ctx.hashing->run(std::move(*place), [responder = std::move(responder), work = std::move(work)]() -> auth::HashingPool::Then {
    // Sent once the place is free again.
    return [responder, response = responder.make(work)] { responder.send(response); };
  });
}

http::AsyncHandler on_hashing_pool(ApiContext& ctx, http::Handler handler) {
  return [&ctx, handler = std::move(handler)](http::Request& req, http::Responder responder) {
    auto place = take_hashing_place(ctx);
    answer_from_hashing_pool(ctx, std::move(place), std::move(responder),
                             [handler, request = req]() mutable { return handler(request); });
  };
}

}  // namespace tongbao::api
