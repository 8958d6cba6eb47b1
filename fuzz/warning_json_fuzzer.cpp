// Warnings as JSON (POST /warnings: one object or an array of them): each object read with
// core::JsonInput field by field as the handler reads it, then checked by core::check_warning.
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/json_input.h"
#include "core/warning.h"
#include "fuzz_support.h"

namespace {

using tongbao::core::JsonInput;

// The fields and the reading of POST /warnings (src/api/warning_routes.cpp).
const std::initializer_list<std::string_view> kWarningFields = {
    "addresses", "port", "protocol", "observed_at", "subcategory", "description", "evidence", "rule_id"};

tongbao::core::WarningInput read_warning(const JsonInput& in) {
  tongbao::core::WarningInput w;
  for (const auto& a : in.object_list("addresses", {"ip", "role"}))
    w.addresses.push_back({a.optional_string("ip").value_or(""), a.optional_string("role").value_or("source")});
  w.port = in.optional_int_in("port", 0, 65535);
  w.protocol = in.optional_string("protocol").value_or("");
  w.observed_at = in.optional_time("observed_at").value_or(0);
  w.subcategory = in.optional_string("subcategory").value_or("");
  w.description = in.optional_string("description").value_or("");
  w.evidence = in.optional_string("evidence", tongbao::core::kMaxWarningEvidence).value_or("");
  w.rule_id = in.optional_string("rule_id").value_or("");
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tongbao::core;
  const TimeMs now = 1'795'395'600'000;  // 2026-11-23T09:00:00+08:00
  nlohmann::json body;
  try {
    body = parse_json_body(tongbao::fuzz::text_of(data, size));  // as the handler parses it: bounded nesting
  } catch (const Error&) {
    return 0;
  }
  if (!(body.is_array() || body.is_object())) return 0;
  const bool many = body.is_array();
  for (size_t i = 0; i < (many ? body.size() : 1); ++i) {
    const std::string prefix = many ? "[" + std::to_string(i) + "]" : "";
    try {
      check_warning(read_warning(JsonInput(many ? body[i] : body, prefix, kWarningFields)), now,
                    many ? prefix + "." : "");
    } catch (const Error&) {
    }
  }
  return 0;
}
