#include <charconv>

#include "api/caller.h"
#include "api/hashing.h"
#include "core/json_input.h"
#include "api/responses.h"
#include "api/routes.h"
#include "core/error.h"
#include "org/org_json.h"

namespace tongbao::api {

using core::JsonInput;
namespace {

int slot_of(const http::Request& req) {
  const auto text = req.path_param("slot");
  int slot = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), slot);
  if (ec != std::errc() || p != text.data() + text.size() || slot < 1 || slot > core::kMaxContacts)
    throw core::invalid("slot", "slot must be 1 to 5");
  return slot;
}

org::ContactChanges contact_changes(const JsonInput& in) {
  org::ContactChanges c;
  c.account = in.optional_string("account");
  c.name = in.optional_string("name");
  c.title = in.optional_string("title");
  c.email = in.optional_string("email");
  c.mobile = in.optional_string("mobile");
  c.phone = in.optional_string("phone");
  c.locale = in.optional_string("locale");
  c.account_manager = in.optional_bool("account_manager");
  return c;
}

JsonInput contact_input(const http::Request& req) {
  return JsonInput(req.body, {"account", "name", "title", "email", "mobile", "phone", "locale", "account_manager"});
}

nlohmann::json opened(const org::OpenedContact& o, const std::string& oid) {
  auto body = org::to_json(o.contact, oid);
  body["one_time_password"] = o.one_time_password;
  return body;
}

}  // namespace

void add_contact_routes(http::Router& router, ApiContext& ctx) {
  router.add("GET", "/api/v1/units/{oid}/contacts", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const auto oid = req.path_param("oid");
    nlohmann::json items = nlohmann::json::array();
    for (const auto& c : ctx.organisation.contacts(p, oid)) items.push_back(org::to_json(c, oid));
    return json_response(200, {{"items", items}});
  });

  // Opens a slot for a person: a new account with a one-time password.
  router.add_async("PUT", "/api/v1/units/{oid}/contacts/{slot}", on_hashing_pool(ctx, [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const int slot = slot_of(req);
    JsonInput in = contact_input(req);
    in.required_string("account");
    in.required_string("name");
    in.required_string("email");
    const auto oid = req.path_param("oid");
    return json_response(201, opened(ctx.organisation.open_contact(p, oid, slot, contact_changes(in)), oid));
  }));

  router.add("PATCH", "/api/v1/units/{oid}/contacts/{slot}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const int slot = slot_of(req);
    JsonInput in = contact_input(req);
    const auto oid = req.path_param("oid");
    return json_response(200, org::to_json(ctx.organisation.update_contact(p, oid, slot, contact_changes(in)), oid));
  });

  router.add("DELETE", "/api/v1/units/{oid}/contacts/{slot}", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const int slot = slot_of(req);
    const auto oid = req.path_param("oid");
    return json_response(200, org::to_json(ctx.organisation.close_contact(p, oid, slot), oid));
  });

  router.add_async("POST", "/api/v1/units/{oid}/contacts/{slot}/password-reset", on_hashing_pool(ctx, [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const int slot = slot_of(req);
    const auto oid = req.path_param("oid");
    return json_response(200, opened(ctx.organisation.reset_password(p, oid, slot), oid));
  }));

  // A contact who lost their phone and recovery codes: a centre above the unit clears the second
  // factor; they set it up again at their next sign-in.
  router.add("POST", "/api/v1/units/{oid}/contacts/{slot}/second-factor-reset", [&ctx](http::Request& req) {
    auto p = require_caller(ctx, req);
    const int slot = slot_of(req);
    const auto oid = req.path_param("oid");
    ctx.second_factors.reset(p, oid, slot);
    return json_response(200, {{"reset", true}});
  });
}

}  // namespace tongbao::api
