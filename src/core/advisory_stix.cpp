#include "core/advisory_stix.h"

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "core/stix_common.h"

namespace tongbao::core {
namespace {

using nlohmann::json;

bool starts_with_ci(const std::string& s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))) != prefix[i]) return false;
  return true;
}

// An http(s) address written only with the characters RFC 3986 allows; anything else (a space, a
// character outside ASCII) would not be a valid URI, and is kept as text.
bool is_web_address(const std::string& s) {
  const size_t scheme = starts_with_ci(s, "https://") ? 8 : starts_with_ci(s, "http://") ? 7 : 0;
  if (scheme == 0 || s.size() == scheme) return false;
  static constexpr std::string_view kAllowed =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%";
  return s.find_first_not_of(kAllowed) == std::string::npos;
}

// The host of "https://host:port/path...": where a reference comes from.
std::string host_of(const std::string& url) {
  const auto begin = url.find("://") + 3;
  auto end = url.find_first_of("/?#", begin);
  std::string authority = url.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  if (const auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  if (!authority.empty() && authority.front() == '[') {  // an IPv6 address, maybe with a port after it
    if (const auto close = authority.find(']'); close != std::string::npos) authority = authority.substr(0, close + 1);
  } else if (const auto colon = authority.find(':'); colon != std::string::npos) {
    authority = authority.substr(0, colon);
  }
  return authority.empty() ? "web" : authority;
}

json reference_of(const std::string& text) {
  if (is_web_address(text)) return {{"source_name", host_of(text)}, {"url", text}};
  return {{"source_name", "reference"}, {"description", text}};
}

}  // namespace

std::string advisory_to_stix(const AdvisoryStixInput& in) {
  const auto& a = in.advisory;
  const std::string created = stix_time(a.created_at);
  const auto identity = stix_identity(in.issuer_oid, in.issuer_name);
  const std::string identity_id = identity["id"];
  auto common = [&](const std::string& type, const std::string& id) {
    return json{{"type", type},       {"spec_version", "2.1"}, {"id", id},
                {"created", created}, {"modified", created},   {"created_by_ref", identity_id}};
  };

  json objects = json::array();
  json refs = json::array();
  objects.push_back(identity);
  refs.push_back(identity_id);
  std::set<std::string> seen;
  for (const auto& cve : a.input.cves) {
    if (!seen.insert(cve).second) continue;  // named twice: one object
    auto v = common("vulnerability", stix_id("vulnerability", a.number + "/" + cve));
    v["name"] = cve;
    const json record = {{"source_name", "cve"}, {"external_id", cve}, {"url", "https://www.cve.org/CVERecord?id=" + cve}};
    v["external_references"] = json::array({record});
    refs.push_back(v["id"]);
    objects.push_back(std::move(v));
  }

  auto report = common("report", stix_id("report", a.number));
  report["name"] = a.input.title;
  if (!a.input.text.empty()) report["description"] = a.input.text;
  report["published"] = created;
  report["report_types"] = json::array({a.input.cves.empty() ? "threat-report" : "vulnerability"});
  report["object_refs"] = refs;
  json own = {{"source_name", "tongbao"}, {"external_id", a.number}};
  if (!in.url.empty()) own["url"] = in.url;
  json external = json::array({own});
  for (const auto& r : a.input.references) external.push_back(reference_of(r));
  report["external_references"] = external;
  report["x_tongbao_severity"] = a.input.severity;
  if (!a.input.products.empty()) report["x_tongbao_affected_products"] = a.input.products;
  report["x_tongbao_reply_by"] = stix_time(a.input.reply_by);
  objects.push_back(std::move(report));

  // The bundle's id names its content: the same advisory, the same bundle.
  const json bundle = {{"type", "bundle"}, {"id", stix_id("bundle", objects.dump())}, {"objects", objects}};
  return bundle.dump(2);
}

}  // namespace tongbao::core
