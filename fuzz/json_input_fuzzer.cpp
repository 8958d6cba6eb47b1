// The JSON bodies of the main endpoints (sign-in, units, contacts, API keys, levels, warning
// replies): core::JsonInput reads the body, then every field is read with every accessor, as the
// handlers do, and the core validators the handlers call check the values.
#include "core/error.h"
#include "core/json_input.h"
#include "core/unit.h"
#include "fuzz_support.h"

using tongbao::core::Error;
using tongbao::core::JsonInput;

namespace {

// The fields of POST /auth/login, /auth/forgotten-password, /auth/password, /units, PATCH
// /units/{oid}, PUT /units/{oid}/contacts/{slot}, POST /units/{oid}/api-keys, POST
// /incidents/{id}/level, /warnings/reply and /warnings/{id}/assign, in one list.
const std::initializer_list<std::string_view> kFields = {
    "oid", "account", "password", "name", "email", "mobile", "captcha_id", "captcha_answer", "current_password",
    "new_password", "code", "kind", "parent_oid", "ip_ranges", "title", "phone", "locale", "account_manager",
    "level", "reason", "ids", "reply", "unit_oid", "hosts", "impact"};

template <typename Read>
void attempt(Read&& read) {
  try {
    read();
  } catch (const Error&) {
  }
}

void read_every_way(const JsonInput& in, const std::string& name) {
  attempt([&] { (void)in.required_string(name); });
  attempt([&] { (void)in.optional_string(name); });
  attempt([&] { (void)in.optional_bool(name); });
  attempt([&] { (void)in.optional_integer(name); });
  attempt([&] { (void)in.optional_int_in(name, 1, 4); });
  attempt([&] { (void)in.optional_time(name); });
  attempt([&] { (void)in.optional_string_list(name); });
  (void)in.is_null(name);
}

void validate(const JsonInput& in) {
  using namespace tongbao::core;
  auto text = [&](const char* name) { return in.optional_string(name); };
  attempt([&] { if (auto v = text("oid")) validate_oid(*v); });
  attempt([&] { if (auto v = text("parent_oid")) validate_oid(*v, "parent_oid"); });
  attempt([&] { if (auto v = text("unit_oid")) validate_oid(*v, "unit_oid"); });
  attempt([&] { if (auto v = text("code")) validate_unit_code(*v); });
  attempt([&] { if (auto v = text("name")) validate_unit_name(*v); });
  attempt([&] { if (auto v = text("account")) validate_account_name(*v); });
  attempt([&] { if (auto v = text("new_password")) validate_password_strength(*v, "new_password"); });
  attempt([&] { if (auto v = text("kind")) (void)parse_unit_kind(*v); });
  attempt([&] { if (auto v = in.optional_string_list("ip_ranges")) (void)parse_ip_ranges(*v); });
  attempt([&] {
    Contact c;
    c.slot = 1;
    c.account = text("account").value_or("");
    c.name = text("name").value_or("");
    c.email = text("email").value_or("");
    c.mobile = text("mobile").value_or("");
    c.phone = text("phone").value_or("");
    c.title = text("title").value_or("");
    validate_contact(c);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto body = tongbao::fuzz::text_of(data, size);
  try {
    JsonInput in(body, kFields);
    for (auto name : kFields) read_every_way(in, std::string(name));
    attempt([&] {
      if (auto impact = in.optional_object("impact", {"confidentiality", "integrity", "availability"}))
        for (auto name : {"confidentiality", "integrity", "availability"}) read_every_way(*impact, name);
    });
    attempt([&] {
      for (const auto& host : in.object_list("hosts", {"ip", "hostname"}))
        for (auto name : {"ip", "hostname"}) read_every_way(host, name);
    });
    validate(in);
  } catch (const Error&) {
  }
  return 0;
}
