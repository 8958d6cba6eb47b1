#include "core/warning.h"

#include "core/error.h"
#include "core/ip_range.h"
#include "core/time_format.h"
#include "core/utf8.h"

namespace tongbao::core {

const std::vector<SubCategory>& warning_subcategories() {
  static const std::vector<SubCategory> all = {
      {"outbound_attack", "對外攻擊", "Attacking others"},
      {"suspicious_connection", "可疑連線", "Suspicious connection"},
      {"suspected_outbound_attack", "疑發起對外攻擊", "Suspected of attacking others"},
      {"suspected_vulnerability", "系統疑存在弱點", "System suspected vulnerable"},
      {"suspicious_program", "存在可疑程式", "Suspicious program present"},
      {"suspected_leak", "資訊疑遭洩漏", "Information suspected leaked"},
      {"suspected_spam", "疑發送垃圾郵件(SPAM)", "Suspected of sending spam"},
      {"other", "其他", "Other"},
  };
  return all;
}

const SubCategory* find_warning_subcategory(std::string_view key) {
  for (const auto& s : warning_subcategories())
    if (s.key == key) return &s;
  return nullptr;
}

std::string_view to_string(WarningReply r) {
  switch (r) {
    case WarningReply::real_incident: return "real_incident";
    case WarningReply::false_positive: return "false_positive";
    case WarningReply::undetermined: return "undetermined";
  }
  return "";
}

std::optional<WarningReply> parse_warning_reply(std::string_view t) {
  if (t == "real_incident") return WarningReply::real_incident;
  if (t == "false_positive") return WarningReply::false_positive;
  if (t == "undetermined") return WarningReply::undetermined;
  return std::nullopt;
}

std::string normalise_tlp(std::string_view text) {
  std::string t;
  for (char c : text) t += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (t.rfind("tlp:", 0) == 0) t = t.substr(4);
  if (t == "white" || t == "clear") return "clear";
  if (t == "green" || t == "amber" || t == "amber+strict" || t == "red") return t;
  return "";
}

std::string normalise_address(std::string_view text) {
  auto r = parse_ip_range(text);
  if (!r || r->prefix_length != (r->v6 ? 128 : 32)) return "";
  auto s = r->to_string();
  return s.substr(0, s.find('/'));
}

void check_warning(const WarningInput& w, TimeMs now, const std::string& p) {
  if (w.addresses.empty()) throw invalid(p + "addresses", "at least one address is required");
  if (w.addresses.size() > kMaxWarningAddresses)
    throw invalid(p + "addresses", "at most " + std::to_string(kMaxWarningAddresses) + " addresses per warning");
  for (size_t i = 0; i < w.addresses.size(); ++i) {
    const auto f = p + "addresses[" + std::to_string(i) + "]";
    auto r = parse_ip_range(w.addresses[i].ip);
    if (!r || r->prefix_length != (r->v6 ? 128 : 32)) throw invalid(f + ".ip", f + ".ip must be one IPv4 or IPv6 address");
    if (w.addresses[i].role != "source" && w.addresses[i].role != "destination")
      throw invalid(f + ".role", f + ".role must be source or destination");
  }
  if (!w.tlp.empty() && normalise_tlp(w.tlp) != w.tlp)
    throw invalid(p + "tlp", "tlp must be clear, green, amber, amber+strict or red");
  if (w.count < 1 || w.count > kMaxWarningCount) throw invalid(p + "count", "count must be 1 to 1,000,000");
  if (w.port && (*w.port < 0 || *w.port > 65535)) throw invalid(p + "port", "port must be 0 to 65535");
  if (!find_warning_subcategory(w.subcategory))
    throw invalid(p + "subcategory", "subcategory must be one of outbound_attack, suspicious_connection, "
                                     "suspected_outbound_attack, suspected_vulnerability, suspicious_program, "
                                     "suspected_leak, suspected_spam, other");
  if (!w.observed_at) throw invalid(p + "observed_at", "observed_at (when the traffic was seen) is required");
  if (w.observed_at > now + 5 * 60'000) throw invalid(p + "observed_at", "observed_at cannot be in the future");
  if (!in_accepted_range(w.observed_at)) throw invalid(p + "observed_at", "observed_at must lie between 2000-01-01 and now");
  if (w.last_seen && (*w.last_seen < w.observed_at || *w.last_seen > now + 5 * 60'000))
    throw invalid(p + "last_seen", "last_seen must lie between observed_at and now");
  if (w.description.find_first_not_of(" \t\r\n") == std::string::npos)
    throw invalid(p + "description", "a description is required");
  if (utf8_length(w.description) > kMaxWarningDescription)
    throw invalid(p + "description", "description is at most 20,000 characters");
  if (utf8_length(w.evidence) > kMaxWarningEvidence) throw invalid(p + "evidence", "evidence is at most 200,000 characters");
  if (utf8_length(w.protocol) > kMaxWarningProtocol) throw invalid(p + "protocol", "protocol is at most 16 characters, e.g. tcp");
  if (utf8_length(w.rule_id) > kMaxWarningRuleId) throw invalid(p + "rule_id", "rule_id is at most 200 characters");
}

void check_reply(WarningReply reply, const std::string& reason) {
  const bool blank = reason.find_first_not_of(" \t\r\n") == std::string::npos;
  if (reply == WarningReply::false_positive && blank)
    throw invalid("reason", "a false positive needs a reason, so the issuer can tune its rule");
  if (reply == WarningReply::undetermined && blank)
    throw invalid("reason", "say why it cannot be determined (for example, which evidence is missing)");
}

std::string incident_subcategory_for(std::string_view w) {
  if (w == "outbound_attack" || w == "suspected_outbound_attack") return "outbound_attack";
  if (w == "suspicious_program") return "malware_distribution";
  if (w == "suspected_spam") return "spam";
  if (w == "suspicious_connection") return "botnet";
  return "other";
}

}  // namespace tongbao::core
