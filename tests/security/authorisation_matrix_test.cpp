// Authority in the organisation tree, against the real server: every role of the demo tree tries
// to read and change the resources of another branch, and every tree edit a county centre must not
// make is tried. Each is refused — 404 when the thing is not visible to the caller, 403 when it is
// visible but not the caller's to change — and afterwards the CERT reads everything unchanged.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr const char* kSoc = "2.16.886.111.90000.99";  // a SOC made under the CERT for these tests

// One branch of the tree as seen from outside it: its top unit, one school in it (the top unit
// itself for a branch of one unit), and what was filed there. Ids are empty where a branch has
// no such thing.
struct Branch {
  std::string name, top, school, school_parent;
  std::string incident, incident_number, warning, attachment, api_key;
};

// The demo organisation with something of every kind in each branch: each school has filed an
// incident with an attachment, the CERT has sent each school a warning, each top unit has an API key.
class DemoWorld {
 public:
  DemoWorld() : cert_(server_.client()) {
    cert_.set_token(sign_in(cert_, demo::kCert, "cert"));
    created_soc_ = cert_.post("/api/v1/units", {{"oid", kSoc}, {"code", "SOC1"}, {"name", "學術網路資安監控中心"},
                                                {"kind", "soc"}, {"parent_oid", demo::kCert}});
    soc_key_ = cert_.post(std::string("/api/v1/units/") + kSoc + "/api-keys", {{"name", "sensor feed"}});
    const auto now = cert_.get("/api/v1/health").json()["time"].get<std::string>();
    for (const auto& [school, county] : {std::pair{demo::kSchoolA1, demo::kCountyA}, std::pair{demo::kSchoolA2, demo::kCountyA},
                                         std::pair{demo::kSchoolB1, demo::kCountyB}, std::pair{demo::kSchoolB2, demo::kCountyB}})
      schools_.push_back(file_everything(school, county, now));
    soc_branch_ = {"SOC", kSoc, kSoc, demo::kCert, "", "", "", "", api_key_of(kSoc)};
    county_a_ = schools_[0], county_b_ = schools_[2];
    county_a_.name = "county A (Kaohsiung)", county_a_.top = demo::kCountyA, county_a_.api_key = api_key_of(demo::kCountyA);
    county_b_.name = "county B (Pingtung)", county_b_.top = demo::kCountyB, county_b_.api_key = api_key_of(demo::kCountyB);
  }

  bool ready() const { return created_soc_.status == 201 && soc_key_.status == 201 && !schools_.empty(); }
  std::string ready_problem() const { return created_soc_.body + " " + soc_key_.body; }
  HttpClient& cert() { return cert_; }

  HttpClient signed_in(const std::string& oid, const std::string& account) {
    auto c = server_.client();
    c.set_token(sign_in(c, oid, account));
    return c;
  }
  HttpClient soc_machine() {
    auto c = server_.client();
    c.set_token(soc_key_.json()["key"].get<std::string>());
    return c;
  }

  // A school's own branch (the school alone), the county branches, and the SOC.
  const Branch& school(int i) const { return schools_.at(static_cast<size_t>(i)); }
  const Branch& county_a() const { return county_a_; }
  const Branch& county_b() const { return county_b_; }
  const Branch& soc() const { return soc_branch_; }

 private:
  Branch file_everything(const char* school_oid, const char* county, const std::string& now) {
    Branch b{std::string("school ") + school_oid, school_oid, school_oid, county};
    auto teacher = signed_in(school_oid, "teacher");
    auto incident = teacher.post("/api/v1/incidents", botnet_report(now));
    EXPECT_EQ(incident.status, 201) << incident.body;
    b.incident = std::to_string(incident.json()["id"].get<long long>());
    b.incident_number = incident.json()["number"].get<std::string>();
    auto attachment = teacher.request("POST", "/api/v1/incidents/" + b.incident + "/attachments?name=flows.csv&kind=evidence",
                                      "time,src,dst\n");
    EXPECT_EQ(attachment.status, 201) << attachment.body;
    b.attachment = std::to_string(attachment.json()["id"].get<long long>());
    // The CERT warns the school about an address of its own range.
    const auto ranges = cert_.get(std::string("/api/v1/units/") + school_oid).json()["ip_ranges"];
    std::string address = ranges.at(0).get<std::string>();
    address = address.substr(0, address.find('/'));
    address.back() = address.back() == '0' ? '1' : address.back();
    auto warning = cert_.post("/api/v1/warnings", {{"addresses", {{{"ip", address}, {"role", "source"}}}},
                                                   {"observed_at", now}, {"subcategory", "suspicious_connection"},
                                                   {"description", "beaconing to a known C2"}, {"rule_id", "R-1"}});
    EXPECT_EQ(warning.status, 201) << warning.body;
    EXPECT_EQ(warning.json()["unit_oid"], school_oid);
    b.warning = std::to_string(warning.json()["id"].get<long long>());
    b.api_key = api_key_of(school_oid);
    return b;
  }

  std::string api_key_of(const std::string& oid) {
    auto key = cert_.post("/api/v1/units/" + oid + "/api-keys", {{"name", "feed of " + oid}});
    EXPECT_EQ(key.status, 201) << key.body;
    return std::to_string(key.json()["id"].get<long long>());
  }

  ServerProcess server_;
  HttpClient cert_;
  HttpResult created_soc_, soc_key_;
  std::vector<Branch> schools_;
  Branch county_a_, county_b_, soc_branch_;
};

// What the CERT reads of a branch, less what moves with the clock (overdue flags, deadlines) and
// the last use of the key an attacker calls with, which its refused requests rightly record.
json without_clock(json j) {
  if (j.is_object()) {
    for (const char* key : {"overdue", "late", "next_deadline", "deadlines", "late_by", "allowed_actions", "last_used_at"})
      j.erase(key);
    for (auto& [k, v] : j.items()) v = without_clock(v);
  } else if (j.is_array()) {
    for (auto& v : j) v = without_clock(v);
  }
  return j;
}

json snapshot(HttpClient& cert, const Branch& b) {
  json s;
  auto read = [&](const std::string& path) {
    const auto body = cert.get(path).body;
    const auto parsed = json::parse(body, nullptr, false);
    s[path] = parsed.is_discarded() ? json(body) : without_clock(parsed);  // CSV as it is
  };
  read("/api/v1/units/export?root=" + b.top);
  read("/api/v1/units/" + b.top);
  read("/api/v1/units/" + b.school);
  read("/api/v1/units/" + b.school + "/contacts");
  read("/api/v1/units/" + b.top + "/api-keys");
  if (!b.incident.empty()) {
    read("/api/v1/incidents/" + b.incident);
    read("/api/v1/incidents/" + b.incident + "/attachments");
    read("/api/v1/warnings/" + b.warning);
  }
  s["units"] = cert.get("/api/v1/units/export").body;
  return s;
}

// One request of the matrix: what it does, and its target built from the branch. Rows needing a
// ticket, warning or attachment are left out for a branch without one.
struct Case {
  const char* what;
  const char* method;
  std::function<std::string(const Branch&)> target;
  std::function<std::string(const Branch&)> body = {};  // none: an empty body
  bool needs_ticket = false;
  const char* content_type = "application/json";
  // The branch named in the body rather than in the path: "no such unit" (400, naming the field) is
  // a refusal that reveals no more than 404.
  bool named_in_body = false;
};

std::string unit(const Branch& b) { return "/api/v1/units/" + b.school; }
std::string top(const Branch& b) { return "/api/v1/units/" + b.top; }
std::string ticket(const Branch& b) { return "/api/v1/incidents/" + b.incident; }
std::string warning(const Branch& b) { return "/api/v1/warnings/" + b.warning; }
auto fixed(std::string s) { return [s](const Branch&) { return s; }; }
auto with_root(const char* path) { return [path](const Branch& b) { return std::string(path) + "root=" + b.top; }; }

const std::vector<Case>& reads() {
  static const std::vector<Case> cases = {
      {"read the top unit",            "GET", top},
      {"read the school",              "GET", unit},
      {"read the school's contacts",   "GET", [](auto& b) { return unit(b) + "/contacts"; }},
      {"read the top unit's API keys", "GET", [](auto& b) { return top(b) + "/api-keys"; }},
      {"list units under the branch",  "GET", with_root("/api/v1/units?")},
      {"export units of the branch",   "GET", with_root("/api/v1/units/export?")},
      {"list the branch's incidents",  "GET", with_root("/api/v1/incidents?")},
      {"export the branch's incidents", "GET", with_root("/api/v1/incidents/export?")},
      {"statistics: counts",           "GET", with_root("/api/v1/statistics/counts?")},
      {"statistics: timeliness",       "GET", with_root("/api/v1/statistics/timeliness?")},
      {"statistics: source countries", "GET", with_root("/api/v1/statistics/source-countries?")},
      {"monthly report",               "GET", with_root("/api/v1/reports/monthly?month=2026-11&")},
      {"monthly report as a PDF",      "GET", with_root("/api/v1/reports/monthly?month=2026-11&format=pdf&lang=en&")},
      {"read the ticket",              "GET", ticket, {}, true},
      {"read the ticket by number",    "GET", [](auto& b) { return "/api/v1/incidents/by-number/" + b.incident_number; }, {}, true},
      {"read the ticket's timeline",   "GET", [](auto& b) { return ticket(b) + "/timeline"; }, {}, true},
      {"list the ticket's attachments", "GET", [](auto& b) { return ticket(b) + "/attachments"; }, {}, true},
      {"download the attachment",      "GET", [](auto& b) { return "/api/v1/attachments/" + b.attachment; }, {}, true},
      {"read the warning",             "GET", warning, {}, true},
  };
  return cases;
}

const std::vector<Case>& writes() {
  static const std::vector<Case> cases = {
      {"rename the school",            "PATCH", unit, fixed(R"({"name":"改名國小"})")},
      {"move the school",              "PATCH", unit, fixed(json{{"parent_oid", demo::kCert}}.dump())},
      {"add a unit under the branch",  "POST", fixed("/api/v1/units"), [](auto& b) {
         return json{{"oid", b.school + ".77"}, {"code", "X77"}, {"name", "新設學校"}, {"kind", "school"}, {"parent_oid", b.school}}.dump(); },
       false, "application/json", true},
      {"import a CSV renaming the school", "POST", fixed("/api/v1/units/import"), [](auto& b) {
         return "oid,code,name,kind,parent_oid\n" + b.school + ",X78,改名國小,school," + b.school_parent + "\n"; }, false, "text/csv", true},
      {"open contact 2 of the school", "PUT", [](auto& b) { return unit(b) + "/contacts/2"; },
       fixed(R"({"account":"intruder","name":"Intruder","email":"intruder@example.org"})")},
      {"change contact 1 of the school", "PATCH", [](auto& b) { return unit(b) + "/contacts/1"; }, fixed(R"({"email":"intruder@example.org"})")},
      {"close contact 1 of the school", "DELETE", [](auto& b) { return unit(b) + "/contacts/1"; }},
      {"reset contact 1's password",   "POST", [](auto& b) { return unit(b) + "/contacts/1/password-reset"; }},
      {"issue an API key to the branch", "POST", [](auto& b) { return top(b) + "/api-keys"; }, fixed(R"({"name":"stolen"})")},
      {"revoke the branch's API key",  "DELETE", [](auto& b) { return "/api/v1/api-keys/" + b.api_key; }},
      {"rewrite the ticket's report",  "PUT", [](auto& b) { return ticket(b) + "/report"; },
       fixed(botnet_report("2026-11-23T09:00:00+08:00").dump()), true},
      {"file the ticket's response",   "PUT", [](auto& b) { return ticket(b) + "/response"; },
       fixed(full_response("2026-11-24T09:00:00+08:00").dump()), true},
      {"change the ticket's level",    "POST", [](auto& b) { return ticket(b) + "/level"; }, fixed(R"({"level":1,"reason":"x"})"), true},
      {"start the review",             "POST", [](auto& b) { return ticket(b) + "/review"; }, {}, true},
      {"approve the ticket",           "POST", [](auto& b) { return ticket(b) + "/approve"; }, {}, true},
      {"return the ticket",            "POST", [](auto& b) { return ticket(b) + "/return"; }, fixed(R"({"reason":"x"})"), true},
      {"close the ticket",             "POST", [](auto& b) { return ticket(b) + "/close"; }, {}, true},
      {"take the support request",     "POST", [](auto& b) { return ticket(b) + "/support/take"; }, {}, true},
      {"record the data-subject notification", "PUT", [](auto& b) { return ticket(b) + "/data-subject-notification"; },
       fixed(json{{"notified_at", "2026-11-24T09:00:00+08:00"}, {"channel", "email"}, {"people", 3},
                  {"content", {{"what_happened", "x"}, {"data_involved", "x"}, {"measures_taken", "x"},
                               {"contact_point", "x"}, {"remedies", "x"}}}}.dump()), true},
      {"record the law-enforcement referral", "PUT", [](auto& b) { return ticket(b) + "/law-enforcement-referral"; },
       fixed(R"({"agency":"police","referred_at":"2026-11-24T09:00:00+08:00","case_number":"A-1"})"), true},
      {"attach a file to the ticket",  "POST", [](auto& b) { return ticket(b) + "/attachments?name=x.txt&kind=evidence"; }, fixed("x"), true},
      {"reply to the warning",         "POST", fixed("/api/v1/warnings/replies"),
       [](auto& b) { return json{{"ids", {std::stoll(b.warning)}}, {"reply", "false_positive"}, {"reason", "x"}}.dump(); }, true},
      {"reassign the warning",         "POST", [](auto& b) { return warning(b) + "/assign"; },
       fixed(json{{"unit_oid", demo::kCert}}.dump()), true},
  };
  return cases;
}

struct Actor {
  std::string name;
  std::function<HttpClient(DemoWorld&)> client;
  std::vector<std::function<const Branch&(DemoWorld&)>> foreign;  // branches outside its subtree
};

std::function<HttpClient(DemoWorld&)> person(const char* oid, const char* account) {
  return [oid, account](DemoWorld& w) { return w.signed_in(oid, account); };
}

const std::vector<Actor>& actors() {
  auto a = [](DemoWorld& w) -> const Branch& { return w.county_a(); };
  auto b = [](DemoWorld& w) -> const Branch& { return w.county_b(); };
  auto soc = [](DemoWorld& w) -> const Branch& { return w.soc(); };
  auto school = [](int i) { return [i](DemoWorld& w) -> const Branch& { return w.school(i); }; };
  static const std::vector<Actor> list = {
      {"regional centre",        person(demo::kRegion, "south"),       {soc}},
      {"county centre A",        person(demo::kCountyA, "kaohsiung"),  {b, soc}},
      {"county centre B",        person(demo::kCountyB, "pingtung"),   {a, soc}},
      {"school A1",              person(demo::kSchoolA1, "teacher"),   {b, school(1)}},
      {"school A2",              person(demo::kSchoolA2, "teacher"),   {b, school(0)}},
      {"school B1",              person(demo::kSchoolB1, "teacher"),   {a, school(3)}},
      {"school B2",              person(demo::kSchoolB2, "teacher"),   {a, school(2)}},
      {"SOC (API key)",          [](DemoWorld& w) { return w.soc_machine(); }, {a, b}},
  };
  return list;
}

void expect_refused(HttpClient& client, const Case& c, const Branch& branch, const std::string& who) {
  if (c.needs_ticket && branch.incident.empty()) return;
  const auto target = c.target(branch);
  auto r = client.request(c.method, target, c.body ? c.body(branch) : std::string(), {}, c.content_type);
  EXPECT_TRUE(r.status == 404 || r.status == 403 || (c.named_in_body && r.status == 400))
      << who << " may not " << c.what << " of " << branch.name << ": " << c.method << " " << target << " gave "
      << r.status << " " << r.body.substr(0, 300);
}

}  // namespace

TEST(AuthorisationMatrix, TheCertReadsEveryResourceOfTheMatrix) {
  // The control: every read of the matrix names a real thing, so a 404 below means "not visible".
  DemoWorld world;
  ASSERT_TRUE(world.ready()) << world.ready_problem();
  for (const Branch* branch : {&world.county_a(), &world.county_b(), &world.school(1), &world.soc()})
    for (const auto& c : reads()) {
      if (c.needs_ticket && branch->incident.empty()) continue;
      auto r = world.cert().get(c.target(*branch));
      EXPECT_EQ(r.status, 200) << c.what << " of " << branch->name << ": " << c.target(*branch) << " " << r.body.substr(0, 200);
    }
}

TEST(AuthorisationMatrix, NoRoleReadsAnotherBranch) {
  DemoWorld world;
  ASSERT_TRUE(world.ready()) << world.ready_problem();
  for (const auto& actor : actors()) {
    auto client = actor.client(world);
    for (const auto& branch : actor.foreign)
      for (const auto& c : reads()) expect_refused(client, c, branch(world), actor.name);
  }
}

TEST(AuthorisationMatrix, NoRoleChangesAnotherBranchAndNothingChanges) {
  DemoWorld world;
  ASSERT_TRUE(world.ready()) << world.ready_problem();
  const std::vector<const Branch*> all = {&world.county_a(), &world.county_b(), &world.school(0), &world.school(1),
                                          &world.school(2), &world.school(3), &world.soc()};
  std::vector<json> before;
  for (const auto* b : all) before.push_back(snapshot(world.cert(), *b));
  for (const auto& actor : actors()) {
    auto client = actor.client(world);
    for (const auto& branch : actor.foreign)
      for (const auto& c : writes()) expect_refused(client, c, branch(world), actor.name);
  }
  for (size_t i = 0; i < all.size(); ++i)
    EXPECT_EQ(snapshot(world.cert(), *all[i]), before[i])
        << "a refused request changed " << all[i]->name << ": " << json::diff(before[i], snapshot(world.cert(), *all[i])).dump(1);
}

// Tree edits a county centre must not make, even below itself: raise a unit above its station, or
// take another county's addresses; and contacts 1–2 are kept by the parent alone, not by the
// parent's parent.
namespace {

struct TreeEdit {
  const char* who;  // "county" (the Kaohsiung centre) or "regional" (the southern regional centre)
  const char* what;
  const char* method;
  std::string target;
  std::string body;
  const char* content_type = "application/json";
};

std::string new_unit_under_county(const char* kind, int n) {
  return json{{"oid", std::string(demo::kCountyA) + "." + std::to_string(n)}, {"code", "KIND" + std::to_string(n)},
              {"name", "越權單位"}, {"kind", kind}, {"parent_oid", demo::kCountyA}}.dump();
}

std::string csv(const std::string& rows) { return "oid,code,name,kind,parent_oid,ip_ranges\n" + rows; }

}  // namespace

TEST(AuthorisationMatrix, TreeEditsAboveOnesStationAreRefusedAndChangeNothing) {
  DemoWorld world;
  ASSERT_TRUE(world.ready()) << world.ready_problem();
  auto& cert = world.cert();
  const std::string school = std::string("/api/v1/units/") + demo::kSchoolA1;
  const auto a1 = cert.get(school).json();
  const auto b1_range = cert.get(std::string("/api/v1/units/") + demo::kSchoolB1).json()["ip_ranges"].at(0).get<std::string>();
  const std::string a1_row = std::string(demo::kSchoolA1) + "," + a1["code"].get<std::string>() + "," +
                             a1["name"].get<std::string>() + ",";
  const std::string county_a = demo::kCountyA;
  const std::vector<TreeEdit> edits = {
      {"county", "create a cert below itself",            "POST",  "/api/v1/units", new_unit_under_county("cert", 90)},
      {"county", "create a ministry below itself",        "POST",  "/api/v1/units", new_unit_under_county("ministry", 91)},
      {"county", "create a soc below itself",             "POST",  "/api/v1/units", new_unit_under_county("soc", 92)},
      {"county", "create a regional centre below itself", "POST",  "/api/v1/units", new_unit_under_county("regional_centre", 93)},
      {"county", "make its school a ministry",            "PATCH", school, R"({"kind":"ministry"})"},
      {"county", "make its school a cert",                "PATCH", school, R"({"kind":"cert"})"},
      {"county", "make its school a ministry by CSV",     "POST",  "/api/v1/units/import", csv(a1_row + "ministry," + county_a + ",\n"), "text/csv"},
      {"county", "create a cert below itself by CSV",     "POST",  "/api/v1/units/import", csv(county_a + ".94,KIND94,越權單位,cert," + county_a + ",\n"), "text/csv"},
      {"county", "give its school another county's range", "PATCH", school, json{{"ip_ranges", {b1_range}}}.dump()},
      {"county", "give its school another county's range by CSV", "POST", "/api/v1/units/import",
       csv(a1_row + "school," + county_a + "," + b1_range + "\n"), "text/csv"},
      {"regional", "replace contact 1 of a county's school", "PUT",   school + "/contacts/1",
       R"({"account":"other","name":"Someone Else","email":"else@example.org"})"},
      {"regional", "open contact 2 of a county's school",    "PUT",   school + "/contacts/2",
       R"({"account":"other","name":"Someone Else","email":"else@example.org"})"},
      {"regional", "change contact 1 of a county's school",  "PATCH", school + "/contacts/1", R"({"email":"else@example.org"})"},
      {"regional", "close contact 1 of a county's school",   "DELETE", school + "/contacts/1", ""},
  };
  const auto units_before = cert.get("/api/v1/units/export").body;
  const auto contacts_before = cert.get(school + "/contacts").body;
  auto county = world.signed_in(demo::kCountyA, "kaohsiung");
  auto region = world.signed_in(demo::kRegion, "south");
  for (const auto& e : edits) {
    auto& client = std::string(e.who) == "regional" ? region : county;
    auto r = client.request(e.method, e.target, e.body, {}, e.content_type);
    EXPECT_TRUE(r.status == 403 || r.status == 400)
        << "the " << e.who << " centre may not " << e.what << ": " << e.method << " " << e.target << " gave " << r.status
        << " " << r.body.substr(0, 300);
    const auto error = json::parse(r.body, nullptr, false);
    EXPECT_TRUE(error.is_object() && error.contains("error") && error["error"].contains("code") &&
                error["error"].contains("message") && error["error"].contains("field"))
        << e.what << ": the answer is not the JSON error shape: " << r.body.substr(0, 300);
  }
  EXPECT_EQ(cert.get("/api/v1/units/export").body, units_before) << "a refused edit changed the tree";
  EXPECT_EQ(cert.get(school + "/contacts").body, contacts_before) << "a refused edit changed the school's contacts";
}
