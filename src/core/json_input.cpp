#include "core/json_input.h"

#include <algorithm>

#include "core/error.h"
#include "core/time_format.h"
#include "core/utf8.h"

namespace tongbao::core {
namespace {

core::Error field_error(const std::string& code, const std::string& field, const std::string& message) {
  return core::Error(core::ErrorKind::invalid, code, message, field);
}

core::Error wrong_type(const std::string& name, const char* expected) {
  return field_error("invalid_type", name, "field '" + name + "' must be " + expected);
}

core::Error too_long(const std::string& name, std::size_t max_length) {
  return field_error("too_long", name, "field '" + name + "' holds at most " + std::to_string(max_length) + " characters");
}

bool longer_than(const std::string& text, std::size_t max_length) {
  return text.size() > max_length && core::utf8_length(text) > max_length;  // bytes first: cheap
}

core::Error too_many_items(const std::string& name, std::size_t max_items) {
  return field_error("too_many_items", name, "field '" + name + "' holds at most " + std::to_string(max_items) + " items");
}

// True when brackets outside strings nest deeper than `limit`; one pass, nothing allocated.
bool nests_deeper_than(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

nlohmann::json parse_json_body(std::string_view body, const std::string& field) {
  if (nests_deeper_than(body, kMaxJsonDepth))
    throw field_error("too_deep", field, "the JSON nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  try {
    return nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    throw field_error("malformed_json", field, "not valid JSON (at byte " + std::to_string(e.byte) + ")");
  } catch (const nlohmann::json::exception& e) {  // e.g. a number too large for a double
    throw field_error("malformed_json", field, "not valid JSON: a value is out of range");
  }
}

JsonInput::JsonInput(const std::string& body, std::initializer_list<std::string_view> allowed) {
  if (body.empty()) throw field_error("malformed_json", "body", "the request body must be a JSON object");
  object_ = parse_json_body(body);
  if (!object_.is_object()) throw field_error("malformed_json", "body", "the request body must be a JSON object");
  for (const auto& [key, value] : object_.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      throw field_error("unknown_field", key, "unknown field '" + key + "'");
  }
}

JsonInput::JsonInput(const nlohmann::json& object, std::string prefix, std::initializer_list<std::string_view> allowed)
    : object_(object), prefix_(std::move(prefix)) {
  if (!object_.is_object()) {
    if (prefix_.empty()) throw field_error("malformed_json", "body", "the request body must be a JSON object");
    throw field_error("invalid_type", prefix_, "field '" + prefix_ + "' must be an object");
  }
  for (const auto& [key, value] : object_.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      throw field_error("unknown_field", path(key), "unknown field '" + path(key) + "'");
  }
}

std::optional<int> JsonInput::optional_int_in(const std::string& name, int min, int max) const {
  auto v = optional_integer(name);
  if (!v) return std::nullopt;
  if (*v < min || *v > max)
    throw field_error("invalid_field", path(name),
                      "field '" + path(name) + "' must be " + std::to_string(min) + " to " + std::to_string(max));
  return static_cast<int>(*v);
}

std::optional<long long> JsonInput::optional_time(const std::string& name) const {
  auto text = optional_string(name);
  if (!text) return std::nullopt;
  auto t = core::parse_iso8601(*text);
  if (!t)
    throw field_error("invalid_field", path(name),
                      "field '" + path(name) + "' must be a time like 2026-11-23T09:30:00+08:00");
  if (!stored_ && !core::in_accepted_range(*t))
    throw field_error("invalid_field", path(name), "field '" + path(name) + "' must lie between 2000-01-01 and 2099-12-31");
  return *t;
}

std::optional<JsonInput> JsonInput::optional_object(const std::string& name,
                                                    std::initializer_list<std::string_view> allowed) const {
  if (!has(name) || object_.at(name).is_null()) return std::nullopt;
  JsonInput nested(object_.at(name), path(name), allowed);
  nested.stored_ = stored_;
  return nested;
}

std::vector<JsonInput> JsonInput::object_list(const std::string& name, std::initializer_list<std::string_view> allowed,
                                              std::size_t max_items) const {
  std::vector<JsonInput> out;
  if (!has(name) || object_.at(name).is_null()) return out;
  const auto& v = object_.at(name);
  if (!v.is_array()) throw wrong_type(path(name), "a list of objects");
  if (!stored_ && v.size() > max_items) throw too_many_items(path(name), max_items);
  for (size_t i = 0; i < v.size(); ++i) {
    out.emplace_back(v[i], path(name) + "[" + std::to_string(i) + "]", allowed);
    out.back().stored_ = stored_;
  }
  return out;
}

bool JsonInput::is_null(const std::string& name) const { return has(name) && object_.at(name).is_null(); }

std::string JsonInput::required_string(const std::string& name) const {
  if (!has(name) || object_.at(name).is_null())
    throw field_error("missing_field", path(name), "field '" + path(name) + "' is required");
  auto v = optional_string(name);
  return *v;
}

std::optional<std::string> JsonInput::optional_string(const std::string& name, std::size_t max_length) const {
  if (!has(name) || object_.at(name).is_null()) return std::nullopt;
  const auto& v = object_.at(name);
  if (!v.is_string()) throw wrong_type(path(name), "a string");
  const auto& text = v.get_ref<const std::string&>();
  if (!stored_ && longer_than(text, max_length)) throw too_long(path(name), max_length);
  return text;
}

std::optional<bool> JsonInput::optional_bool(const std::string& name) const {
  if (!has(name) || object_.at(name).is_null()) return std::nullopt;
  const auto& v = object_.at(name);
  if (!v.is_boolean()) throw wrong_type(path(name), "true or false");
  return v.get<bool>();
}

std::optional<long long> JsonInput::optional_integer(const std::string& name) const {
  if (!has(name) || object_.at(name).is_null()) return std::nullopt;
  const auto& v = object_.at(name);
  if (!v.is_number_integer()) throw wrong_type(path(name), "an integer");
  return v.get<long long>();
}

std::optional<std::vector<std::string>> JsonInput::optional_string_list(const std::string& name, std::size_t max_items,
                                                                        std::size_t max_length) const {
  if (!has(name) || object_.at(name).is_null()) return std::nullopt;
  const auto& v = object_.at(name);
  if (!v.is_array() || !std::all_of(v.begin(), v.end(), [](const auto& e) { return e.is_string(); }))
    throw wrong_type(path(name), "a list of strings");
  if (!stored_ && v.size() > max_items) throw too_many_items(path(name), max_items);
  for (const auto& e : v)
    if (!stored_ && longer_than(e.get_ref<const std::string&>(), max_length)) throw too_long(path(name), max_length);
  return v.get<std::vector<std::string>>();
}

JsonInput JsonInput::stored(const nlohmann::json& object, std::initializer_list<std::string_view> allowed) {
  JsonInput in(object, "", allowed);
  in.stored_ = true;
  return in;
}

}  // namespace tongbao::core
