#pragma once
// Strict reading of JSON request bodies: malformed JSON, a field the endpoint does not know, a
// missing required field or a value of the wrong type each fail with a 400 naming the field.
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tongbao::core {

// Nesting deeper than this is refused before parsing: far below what code walking the parsed tree
// recursively survives, far above what any document the platform reads needs.
constexpr int kMaxJsonDepth = 64;

// Parses a body from outside: malformed JSON, numbers out of range and nesting deeper than
// kMaxJsonDepth each throw a 400 Error naming `field`.
nlohmann::json parse_json_body(std::string_view body, const std::string& field = "body");

// What one field may hold unless an endpoint states less (api/openapi.json gives each limit):
// a text of at most 20,000 characters, a list of at most 256 items.
constexpr std::size_t kMaxTextLength = 20'000;
constexpr std::size_t kMaxListItems = 256;

class JsonInput {
 public:
  // Throws core::Error when the body is not a JSON object or holds a field outside `allowed`.
  JsonInput(const std::string& body, std::initializer_list<std::string_view> allowed);
  // A nested object: errors name the field as "prefix.name" (e.g. "impact.availability").
  JsonInput(const nlohmann::json& object, std::string prefix, std::initializer_list<std::string_view> allowed);
  // What the platform itself stored: read back whatever limits applied when it was written (a
  // description longer than today's limit, a time before the accepted range), never refused.
  static JsonInput stored(const nlohmann::json& object, std::initializer_list<std::string_view> allowed);

  bool has(const std::string& name) const { return object_.contains(name); }
  std::string required_string(const std::string& name) const;
  std::optional<std::string> optional_string(const std::string& name, std::size_t max_length = kMaxTextLength) const;
  std::optional<bool> optional_bool(const std::string& name) const;
  std::optional<long long> optional_integer(const std::string& name) const;
  std::optional<std::vector<std::string>> optional_string_list(const std::string& name,
                                                              std::size_t max_items = kMaxListItems,
                                                              std::size_t max_length = kMaxTextLength) const;
  // True when the field is present and null (used to clear a value).
  bool is_null(const std::string& name) const;
  std::optional<int> optional_int_in(const std::string& name, int min, int max) const;
  // A time in ISO 8601 with a zone, e.g. "2026-11-23T09:30:00+08:00".
  std::optional<long long> optional_time(const std::string& name) const;
  // A nested object, or an array of them; absent or null gives nothing.
  std::optional<JsonInput> optional_object(const std::string& name, std::initializer_list<std::string_view> allowed) const;
  std::vector<JsonInput> object_list(const std::string& name, std::initializer_list<std::string_view> allowed,
                                     std::size_t max_items = kMaxListItems) const;
  std::string path(const std::string& name) const { return prefix_.empty() ? name : prefix_ + "." + name; }

 private:
  nlohmann::json object_;
  std::string prefix_;
  bool stored_ = false;  // no limits: see stored()
};

}  // namespace tongbao::core
