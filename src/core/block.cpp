#include "core/block.h"

#include <algorithm>

#include "core/error.h"
#include "core/ip_range.h"
#include "core/time_format.h"
#include "core/utf8.h"

namespace tongbao::core {

std::string_view to_string(BlockState s) {
  switch (s) {
    case BlockState::blocked: return "blocked";
    case BlockState::unblock_requested: return "unblock_requested";
    case BlockState::unblocked: return "unblocked";
  }
  return "blocked";
}

std::optional<BlockState> parse_block_state(std::string_view text) {
  for (auto s : {BlockState::blocked, BlockState::unblock_requested, BlockState::unblocked})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

const std::vector<std::string_view>& cleanup_actions() {
  static const std::vector<std::string_view> actions = {"reimaged", "scanned", "patched", "device_removed", "other"};
  return actions;
}

std::string canonical_block_prefix(std::string_view text, const std::string& field) {
  std::string why;
  auto range = parse_ip_range(text, &why);
  if (!range) throw invalid(field, field + ": '" + std::string(text.substr(0, 64)) + "' " + why);
  return range->to_string();
}

namespace {

void check_length(const std::string& text, std::size_t max, const std::string& field, bool required) {
  if (required && text.find_first_not_of(" \t\r\n") == std::string::npos) throw invalid(field, field + " is required");
  if (!is_valid_utf8(text)) throw invalid(field, field + " is not valid UTF-8");
  if (utf8_length(text) > max) throw invalid(field, field + " may hold at most " + std::to_string(max) + " characters");
}

}  // namespace

void check_block(const BlockInput& b, TimeMs now, const std::string& prefix) {
  canonical_block_prefix(b.prefix, prefix + "prefix");
  check_length(b.reason, kMaxBlockReason, prefix + "reason", true);
  if (b.expires_at && *b.expires_at <= now) throw invalid(prefix + "expires_at", prefix + "expires_at must be in the future");
}

void check_unblock_request(const std::vector<std::string>& actions, const std::string& note) {
  if (actions.empty()) throw invalid("actions", "say what was done: at least one of reimaged, scanned, patched, device_removed, other");
  for (size_t i = 0; i < actions.size(); ++i) {
    const auto& known = cleanup_actions();
    if (std::find(known.begin(), known.end(), actions[i]) == known.end())
      throw invalid("actions[" + std::to_string(i) + "]", "actions may be reimaged, scanned, patched, device_removed or other");
  }
  const bool other = std::find(actions.begin(), actions.end(), "other") != actions.end();
  check_length(note, kMaxBlockNote, "note", other);  // "other" needs saying what
}

std::string blocks_feed_text(const std::vector<std::string>& prefixes, std::string_view title, TimeMs generated_at) {
  std::string heading(title);
  std::replace(heading.begin(), heading.end(), '\n', ' ');  // one comment line, whatever the name
  std::replace(heading.begin(), heading.end(), '\r', ' ');
  std::string out = "# " + heading + ", " + std::to_string(prefixes.size()) + " prefixes, " +
                    format_utc(generated_at) + "\n";
  for (const auto& p : prefixes) {
    out += p;
    out += '\n';
  }
  return out;
}

}  // namespace tongbao::core
