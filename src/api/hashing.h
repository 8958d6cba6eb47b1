#pragma once
// Routes that hash or check a password do that work on the hashing pool (auth/hashing_pool.h),
// never on a request thread: sign-in, and the routes that set a password (one's own change, a
// reset, a new contact, a forgotten password). The request thread takes a place first — when none
// is free the answer is 429 `busy` at once — and the answer is sent when the work is done.
#include <functional>
#include <optional>

#include "api/context.h"
#include "http/router.h"

namespace tongbao::api {

// A place on the pool; empty when the server has none (tests), and the work then runs at once.
using HashingPlace = std::optional<auth::HashingPool::Place>;
// Throws auth::busy_error() when every place is taken.
HashingPlace take_hashing_place(ApiContext& ctx);
// Runs `work` on the pool and answers with what it returns (or throws).
void answer_from_hashing_pool(ApiContext& ctx, HashingPlace place, http::Responder responder,
                              std::function<http::Response()> work);
// A whole handler run on the pool, for routes where hashing is most of the work.
http::AsyncHandler on_hashing_pool(ApiContext& ctx, http::Handler handler);

}  // namespace tongbao::api
