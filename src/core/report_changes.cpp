#include "core/report_changes.h"

#include <string>

namespace tongbao::core {
namespace {

// A reviewer reads what changed, not a document: long texts are cut (on a UTF-8 boundary).
constexpr size_t kMaxShown = 400;

std::string shown(const nlohmann::json& v) {
  if (v.is_null()) return "";
  std::string text;
  if (v.is_string()) text = v.get<std::string>();
  else if (v.is_array() && !v.empty() && v.front().is_object()) {
    // Hosts and the like: each element's non-empty values, one element after another.
    for (const auto& element : v) {
      // The address and the name first: that is how people tell hosts apart.
      std::string one;
      auto add = [&one](const nlohmann::json& value) {
        const auto piece = shown(value);
        if (!piece.empty()) one += (one.empty() ? "" : " · ") + piece;
      };
      for (const char* first : {"ip", "hostname"})
        if (element.contains(first)) add(element[first]);
      for (const auto& [key, value] : element.items())
        if (key != "ip" && key != "hostname") add(value);
      text += (text.empty() ? "" : "; ") + one;
    }
  } else if (v.is_array()) {
    for (const auto& element : v) text += (text.empty() ? "" : ", ") + shown(element);
  } else text = v.dump();
  if (text.size() > kMaxShown) {
    size_t cut = kMaxShown;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut) + "…";
  }
  return text;
}

void compare(const std::string& path, const nlohmann::json& before, const nlohmann::json& after, nlohmann::json& out) {
  if (before == after) return;
  if (before.is_object() && after.is_object()) {
    for (const auto& [key, value] : after.items())
      compare(path.empty() ? key : path + "." + key, before.contains(key) ? before[key] : nlohmann::json(), value, out);
    for (const auto& [key, value] : before.items())
      if (!after.contains(key)) compare(path.empty() ? key : path + "." + key, value, nlohmann::json(), out);
    return;
  }
  out.push_back({{"field", path}, {"from", shown(before)}, {"to", shown(after)}});
}

}  // namespace

nlohmann::json report_changes(const nlohmann::json& before, const nlohmann::json& after) {
  nlohmann::json out = nlohmann::json::array();
  compare("", before, after, out);
  return out;
}

}  // namespace tongbao::core
