#include "core/incident.h"

#include <array>

namespace tongbao::core {
namespace {

template <typename E, size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (auto& [v, n] : table)
    if (v == value) return n;
  return "";
}
template <typename E, size_t N>
std::optional<E> parse(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view text) {
  for (auto& [v, n] : table)
    if (n == text) return v;
  return std::nullopt;
}

constexpr std::array<std::pair<IncidentState, std::string_view>, 8> kStates = {{
    {IncidentState::draft, "draft"},
    {IncidentState::reported, "reported"},
    {IncidentState::responded, "responded"},
    {IncidentState::centre_review, "centre_review"},
    {IncidentState::cert_review, "cert_review"},
    {IncidentState::closed, "closed"},
    {IncidentState::returned, "returned"},
    {IncidentState::discarded, "discarded"},
}};

constexpr std::array<std::pair<InformationImpact, std::string_view>, 8> kInformation = {{
    {InformationImpact::none, "none"},
    {InformationImpact::non_core_slight, "non_core_slight"},
    {InformationImpact::non_core_serious, "non_core_serious"},
    {InformationImpact::core_slight, "core_slight"},
    {InformationImpact::core_serious, "core_serious"},
    {InformationImpact::sensitive_slight, "sensitive_slight"},
    {InformationImpact::sensitive_serious, "sensitive_serious"},
    {InformationImpact::state_secret, "state_secret"},
}};

constexpr std::array<std::pair<AvailabilityImpact, std::string_view>, 7> kAvailability = {{
    {AvailabilityImpact::none, "none"},
    {AvailabilityImpact::non_core_in_time, "non_core_in_time"},
    {AvailabilityImpact::non_core_late, "non_core_late"},
    {AvailabilityImpact::core_in_time, "core_in_time"},
    {AvailabilityImpact::core_late, "core_late"},
    {AvailabilityImpact::ci_in_time, "ci_in_time"},
    {AvailabilityImpact::ci_late, "ci_late"},
}};

}  // namespace

std::string_view to_string(IncidentType t) { return t == IncidentType::INT ? "INT" : "DEF"; }
std::optional<IncidentType> parse_incident_type(std::string_view text) {
  if (text == "INT") return IncidentType::INT;
  if (text == "DEF") return IncidentType::DEF;
  return std::nullopt;
}

const std::vector<SubCategory>& subcategories(IncidentType type) {
  static const std::vector<SubCategory> intrusion = {
      {"system_compromise", "系統被入侵", "System compromised"},
      {"outbound_attack", "對外攻擊", "Attacking others"},
      {"botnet", "殭屍電腦(BOT)", "Botnet member (BOT)"},
      {"other_intrusion", "其它類型的入侵攻擊", "Other intrusion"},
      {"malware_distribution", "散播惡意程式", "Spreading malware"},
      {"relay", "中繼站", "Relay station"},
      {"spam", "垃圾郵件(SPAM)", "Sending spam"},
      {"c2_server", "命令與控制伺服器(C&C)", "Command-and-control server"},
      {"targeted_attack", "針對性攻擊", "Targeted attack"},
      {"email_social_engineering", "電子郵件社交工程攻擊", "E-mail social engineering"},
      {"other", "其他", "Other"},
  };
  static const std::vector<SubCategory> defacement = {
      {"defacement", "網頁置換", "Web page defaced"},
      {"malicious_page", "惡意網頁", "Malicious web page"},
      {"phishing_page", "釣魚網頁", "Phishing page"},
      {"other_web_attack", "其它類型的網頁攻擊", "Other web attack"},
      {"malicious_comment", "惡意留言", "Malicious comments"},
      {"personal_data_leak", "個資外洩", "Personal data leaked"},
  };
  return type == IncidentType::INT ? intrusion : defacement;
}

const SubCategory* find_subcategory(IncidentType type, std::string_view key) {
  for (const auto& s : subcategories(type))
    if (s.key == key) return &s;
  return nullptr;
}

std::string_view to_string(IncidentState s) { return name_of(kStates, s); }
std::optional<IncidentState> parse_incident_state(std::string_view text) { return parse(kStates, text); }
std::string_view to_string(InformationImpact v) { return name_of(kInformation, v); }
std::string_view to_string(AvailabilityImpact v) { return name_of(kAvailability, v); }
std::optional<InformationImpact> parse_information_impact(std::string_view t) { return parse(kInformation, t); }
std::optional<AvailabilityImpact> parse_availability_impact(std::string_view t) { return parse(kAvailability, t); }

bool RootCause::empty() const {
  return first_infected_host.empty() && entry_vector.empty() && lateral_movement.empty() && scope_units.empty() &&
         scope_systems.empty() && scope_endpoints.empty() && attack_techniques.empty();
}

}  // namespace tongbao::core
