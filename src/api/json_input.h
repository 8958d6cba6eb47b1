#pragma once
// Strict reading of JSON request bodies: malformed JSON, a field the endpoint does not know, a
// missing required field or a value of the wrong type each fail with a 400 naming the field.
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tongbao::api {

class JsonInput {
 public:
  // Throws core::Error when the body is not a JSON object or holds a field outside `allowed`.
  JsonInput(const std::string& body, std::initializer_list<std::string_view> allowed);

  bool has(const std::string& name) const { return object_.contains(name); }
  std::string required_string(const std::string& name) const;
  std::optional<std::string> optional_string(const std::string& name) const;
  std::optional<bool> optional_bool(const std::string& name) const;
  std::optional<long long> optional_integer(const std::string& name) const;
  std::optional<std::vector<std::string>> optional_string_list(const std::string& name) const;
  // True when the field is present and null (used to clear a value).
  bool is_null(const std::string& name) const;

 private:
  nlohmann::json object_;
};

}  // namespace tongbao::api
