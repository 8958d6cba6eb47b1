// A leak of personal data counts as a leak of sensitive information unless the reporter says why
// not: the consular case was raised to level 3 for this reason.
#include <gtest/gtest.h>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
using nlohmann::json;

TEST(PersonalData, ALeakCountsAsSensitiveUnlessTheReporterSaysWhyNot) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto assess = [&](const json& impact) {
    auto r = school.post("/api/v1/incidents/level-assessment", impact);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  };
  EXPECT_EQ(assess({{"confidentiality", "non_core_slight"}})["level"], 1);
  auto leaked = assess({{"confidentiality", "non_core_slight"}, {"personal_data", {{"leaked", true}, {"people", 300}}}});
  EXPECT_EQ(leaked["level"], 3);
  EXPECT_NE(leaked["reasoning"].get<std::string>().find("personal data"), std::string::npos) << leaked.dump();
  EXPECT_EQ(assess({{"confidentiality", "core_serious"}, {"personal_data", {{"leaked", true}}}})["level"], 4);
  EXPECT_EQ(assess({{"confidentiality", "non_core_slight"}, {"personal_data", {{"leaked", true}, {"special_categories", true}}}})["level"], 4)
      << "health records and the like are a serious leak";
  EXPECT_EQ(assess({{"confidentiality", "non_core_slight"},
                    {"personal_data", {{"leaked", true}, {"not_sensitive_reason", "僅公開之教師姓名與分機"}}}})["level"], 1);
  auto bad = school.post("/api/v1/incidents/level-assessment", {{"personal_data", {{"leaked", true}, {"people", -5}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "personal_data.people");

  // Filed at level 2 with personal data leaked: flagged, on the stricter clock, and kept as answered.
  auto report = mail_leak_report(school.get("/api/v1/health").json()["time"].get<std::string>());
  report["impact"] = {{"confidentiality", "non_core_slight"}, {"personal_data", {{"leaked", true}, {"people", 1200}}}};
  auto filed = school.post("/api/v1/incidents", report);
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto t = filed.json();
  EXPECT_EQ(t["computed_level"], 3);
  EXPECT_TRUE(t["under_reported"].get<bool>());
  EXPECT_EQ(t["review"]["deadline_level"], 3);
  EXPECT_EQ(t["report"]["impact"]["personal_data"]["people"], 1200);
}
