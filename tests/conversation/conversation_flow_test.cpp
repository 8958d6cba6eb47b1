// The conversation on a ticket: the school and its county centre write to each other, mentions
// reach the right people by mail (a real SMTP server on loopback), and nobody outside the
// ticket's readers reads or writes a word of it.
#include <gtest/gtest.h>

#include <thread>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/smtp_server.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

const std::string kTeacher = "teacher.5@demo.tongbao.test";
const std::string kCounty = "kaohsiung.3@demo.tongbao.test";
const std::string kCertMail = "cert.1@demo.tongbao.test";

// A level 2 report: the school and its county hear of it, the CERT does not.
json level_two_report(const std::string& aware_at) {
  auto report = botnet_report(aware_at);
  report["impact"]["availability"] = "non_core_late";
  return report;
}

class Conversation : public ::testing::Test {
 protected:
  SmtpServer smtp;
  ServerProcess server{{.demo = true,
                        .test_clock = true,
                        .extra = {"--smtp-port", std::to_string(smtp.port()), "--audit-digest-hours", "0"}}};
  HttpClient school = server.client(), county = server.client(), cert = server.client();
  json ticket;
  std::string path;

  void SetUp() override {
    school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
    county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
    cert.set_token(sign_in(cert, demo::kCert, "cert"));
    auto filed = school.post("/api/v1/incidents", level_two_report(now_of(school)));
    ASSERT_EQ(filed.status, 201) << filed.body;
    ticket = filed.json();
    path = "/api/v1/incidents/" + std::to_string(ticket["id"].get<long long>()) + "/comments";
    ASSERT_EQ(smtp.wait_for(2).size(), 2u) << "the new ticket's mail to the school and its county";
  }

  json comments(HttpClient& c) {
    auto r = c.get(path);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["items"];
  }

  // Mail sent so far, after a moment in which more could arrive.
  std::vector<json> settled_mail() {
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    return smtp.messages();
  }

  long long audited_comments() {
    auto r = cert.get("/api/v1/audit?entity=incident_comment");
    EXPECT_EQ(r.status, 200) << r.body;
    return static_cast<long long>(r.json()["items"].size());
  }
};

TEST_F(Conversation, SchoolAndItsCountyConverseAndMentionsMailThoseMentioned) {
  const auto number = ticket["number"].get<std::string>();
  auto asked = school.post(path, {{"body", "  防火牆紀錄已上傳，請協助確認是否還有其他主機受影響。\n"}, {"mentions", {"centre"}}});
  ASSERT_EQ(asked.status, 201) << asked.body;
  const auto a = asked.json();
  EXPECT_EQ(a["body"], "防火牆紀錄已上傳，請協助確認是否還有其他主機受影響。") << "trimmed";
  EXPECT_EQ(a["author_name"], "黃美玲");
  EXPECT_EQ(a["author_unit"]["name"], "高雄市立港都國民中學");
  EXPECT_EQ(a["author_unit"]["oid"], demo::kSchoolA1);
  EXPECT_EQ(a["author_role"], "unit");
  EXPECT_EQ(a["mentions"], json::array({"centre"}));

  // The county reads it and answers the school.
  const auto seen = comments(county);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0]["id"], a["id"]);
  auto answered = county.post(path, {{"body", "已收到，另外兩台電腦也請一併掃描。"}, {"mentions", {"unit"}}});
  ASSERT_EQ(answered.status, 201) << answered.body;
  EXPECT_EQ(answered.json()["author_role"], "centre");
  EXPECT_EQ(answered.json()["author_name"], "王淑芬");
  EXPECT_EQ(answered.json()["author_unit"]["name"], "高雄市教育網路中心");

  // Each mention reached the contacts of the role mentioned, naming the ticket, the author, the
  // text and the link.
  auto mail = smtp.wait_for(4);
  ASSERT_EQ(mail.size(), 4u);
  EXPECT_EQ(mail[2]["kind"], "comment");
  EXPECT_EQ(mail[2]["to"], json::array({kCounty}));
  EXPECT_NE(mail[2]["subject"].get<std::string>().find(number), std::string::npos) << mail[2].dump();
  const auto body = mail[2]["body"].get<std::string>();
  EXPECT_NE(body.find("黃美玲"), std::string::npos) << body;
  EXPECT_NE(body.find("防火牆紀錄已上傳"), std::string::npos) << body;
  EXPECT_NE(body.find("/incidents/" + std::to_string(ticket["id"].get<long long>())), std::string::npos) << body;
  EXPECT_EQ(mail[3]["kind"], "comment");
  EXPECT_EQ(mail[3]["to"], json::array({kTeacher}));
  EXPECT_NE(mail[3]["body"].get<std::string>().find("王淑芬"), std::string::npos);
  EXPECT_NE(mail[3]["body"].get<std::string>().find("另外兩台電腦"), std::string::npos);

  // A school mentioning itself and the CERT: the CERT hears of it, the school's own contact does not.
  ASSERT_EQ(school.post(path, {{"body", "已掃描完畢"}, {"mentions", {"unit", "cert"}}}).status, 201);
  mail = smtp.wait_for(5);
  const auto all = settled_mail();
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[4]["to"], json::array({kCertMail}));
  EXPECT_EQ(all[4]["kind"], "comment");

  // Both sides read the same conversation, in order; the CERT reads it too.
  const auto in_order = comments(school);
  ASSERT_EQ(in_order.size(), 3u);
  EXPECT_EQ(in_order[0]["author_role"], "unit");
  EXPECT_EQ(in_order[1]["author_role"], "centre");
  EXPECT_EQ(in_order[2]["body"], "已掃描完畢");
  EXPECT_EQ(comments(cert).size(), 3u);
  // Each comment is in the audit trail.
  EXPECT_EQ(audited_comments(), 3);

  // The conversation stays out of the formal history; mail delivery details are the centre's,
  // never the school's.
  const auto timeline_path = "/api/v1/incidents/" + std::to_string(ticket["id"].get<long long>()) + "/timeline";
  const auto school_view = school.get(timeline_path).json();
  for (const auto& e : school_view["items"]) EXPECT_NE(e["kind"], "comment");
  EXPECT_TRUE(school_view["messages"].empty()) << "a school's contact sees no delivery details";
  EXPECT_EQ(school_view["items"][0]["actor_name"], "黃美玲，高雄市立港都國民中學");
  const auto county_view = county.get(timeline_path).json();
  long long comment_mail = 0;
  for (const auto& m : county_view["messages"]) comment_mail += m["kind"] == "comment";
  EXPECT_EQ(comment_mail, 3);
}

TEST_F(Conversation, OutsidersGetTheTicketsOwn404AndStoreNothing) {
  ASSERT_EQ(school.post(path, {{"body", "只有本校與縣網看得到"}, {"mentions", json::array()}}).status, 201);
  HttpClient other_school = server.client(), other_county = server.client(), soc = server.client(),
             soc_person = server.client();
  other_school.set_token(sign_in(other_school, demo::kSchoolA2, "teacher"));
  other_county.set_token(sign_in(other_county, demo::kCountyB, "pingtung"));
  // A SOC feeding warnings, below the CERT: with an API key and with a person.
  const std::string soc_oid = "2.16.886.111.90000.97";
  ASSERT_EQ(cert.post("/api/v1/units", {{"oid", soc_oid}, {"code", "SOCA"}, {"name", "監控中心"}, {"kind", "soc"},
                                        {"parent_oid", demo::kCert}})
                .status,
            201);
  soc.set_token(cert.post("/api/v1/units/" + soc_oid + "/api-keys", {{"name", "feed"}}).json()["key"].get<std::string>());
  auto opened = cert.put("/api/v1/units/" + soc_oid + "/contacts/1",
                         {{"account", "analyst"}, {"name", "SOC analyst"}, {"email", "analyst@soc.example.tw"}});
  ASSERT_TRUE(opened.status == 200 || opened.status == 201) << opened.body;
  const auto otp = opened.json()["one_time_password"].get<std::string>();
  soc_person.set_token(sign_in(soc_person, soc_oid, "analyst", otp));
  ASSERT_EQ(soc_person.post("/api/v1/auth/password", {{"current_password", otp}, {"new_password", "analyst watches the harbour lamp"}})
                .status,
            200);
  soc_person.set_token(sign_in(soc_person, soc_oid, "analyst", "analyst watches the harbour lamp"));

  const auto ticket_path = "/api/v1/incidents/" + std::to_string(ticket["id"].get<long long>());
  for (auto* outsider : {&other_school, &other_county, &soc, &soc_person}) {
    const auto read_ticket = outsider->get(ticket_path);
    ASSERT_EQ(read_ticket.status, 404) << "the outsider reads the ticket itself";
    const auto read = outsider->get(path);
    EXPECT_EQ(read.status, 404) << read.body;
    EXPECT_EQ(read.json()["error"]["code"], read_ticket.json()["error"]["code"]);
    const auto wrote = outsider->post(path, {{"body", "我也想留言"}, {"mentions", {"unit", "centre", "cert"}}});
    EXPECT_EQ(wrote.status, 404) << wrote.body;
    // Bad input from an outsider is refused as an outsider: nothing tells it the ticket exists.
    EXPECT_EQ(outsider->post(path, {{"body", ""}}).status, 404);
  }
  EXPECT_EQ(school.get("/api/v1/incidents/999999/comments").status, 404);

  // The school's own API key (its county makes it) reads the ticket but is not a person: it may not write.
  HttpClient key = server.client();
  auto made = county.post(std::string("/api/v1/units/") + demo::kSchoolA1 + "/api-keys", {{"name", "script"}});
  ASSERT_EQ(made.status, 201) << made.body;
  key.set_token(made.json()["key"].get<std::string>());
  EXPECT_EQ(key.get(path).status, 200);
  EXPECT_EQ(key.post(path, {{"body", "機器留言"}}).status, 403);

  const auto left = comments(school);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0]["body"], "只有本校與縣網看得到");
  EXPECT_EQ(audited_comments(), 1);
  EXPECT_EQ(settled_mail().size(), 2u) << "no mail from a refused comment";
}

TEST_F(Conversation, BadInputGets400AndStoresNothing) {
  auto refused = [&](const json& body, const std::string& field) {
    auto r = school.post(path, body);
    EXPECT_EQ(r.status, 400) << body.dump().substr(0, 80) << ": " << r.body;
    if (r.status == 400) {
      EXPECT_EQ(r.json()["error"]["field"], field) << r.body;
    }
  };
  std::string chinese_4000, chinese_4001;
  for (int i = 0; i < 4000; ++i) chinese_4000 += "字";
  chinese_4001 = chinese_4000 + "字";
  refused({{"body", ""}}, "body");
  refused({{"body", " \n\t　 "}}, "body");  // spaces only, the ideographic one too
  refused({{"body", chinese_4001}}, "body");
  refused({{"body", std::string(4001, 'a')}}, "body");
  refused({{"body", "bell\x07"}}, "body");
  refused({{"body", 42}}, "body");
  refused({{"mentions", {"centre"}}}, "body");
  refused({{"body", "hello"}, {"mentions", {"ministry"}}}, "mentions");
  refused({{"body", "hello"}, {"mentions", {"unit", "unit"}}}, "mentions");
  refused({{"body", "hello"}, {"mentions", "centre"}}, "mentions");
  refused({{"body", "hello"}, {"author", "someone else"}}, "author");
  EXPECT_TRUE(comments(school).empty());
  EXPECT_EQ(audited_comments(), 0);
  EXPECT_EQ(settled_mail().size(), 2u);

  // The limit counts characters, not bytes: 4000 Chinese characters (12,000 bytes) are accepted,
  // as are surrounding spaces beyond them.
  auto longest = school.post(path, {{"body", "  " + chinese_4000 + "\n"}});
  ASSERT_EQ(longest.status, 201) << longest.body.substr(0, 200);
  EXPECT_EQ(longest.json()["body"], chinese_4000);
  EXPECT_EQ(comments(county).size(), 1u);
}

TEST_F(Conversation, AFullConversationRefusesMore) {
  for (int i = 1; i <= 300; ++i) {
    auto r = (i % 2 ? school : county).post(path, {{"body", "留言 " + std::to_string(i)}});
    ASSERT_EQ(r.status, 201) << i << ": " << r.body;
  }
  auto more = county.post(path, {{"body", "one more"}, {"mentions", {"unit"}}});
  EXPECT_EQ(more.status, 409) << more.body;
  EXPECT_EQ(more.json()["error"]["code"], "too_many_comments");
  const auto all = school.get(path).json();
  EXPECT_EQ(all["items"].size(), 300u);
  EXPECT_EQ(all["limit"], 300);
  EXPECT_EQ(settled_mail().size(), 2u);
}

TEST_F(Conversation, ADraftMentionsItsUnitAlone) {
  auto report = level_two_report(now_of(school));
  report["submit"] = false;
  auto draft = school.post("/api/v1/incidents", report);
  ASSERT_EQ(draft.status, 201) << draft.body;
  ASSERT_EQ(draft.json()["state"], "draft");
  const auto draft_path = "/api/v1/incidents/" + std::to_string(draft.json()["id"].get<long long>()) + "/comments";
  auto r = school.post(draft_path, {{"body", "請縣網看看"}, {"mentions", {"centre"}}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["error"]["field"], "mentions");
  EXPECT_EQ(county.get(draft_path).status, 404) << "the county does not see the draft";
  EXPECT_EQ(school.post(draft_path, {{"body", "草稿筆記"}}).status, 201);
  EXPECT_EQ(comments(school).size(), 0u) << "the filed ticket's conversation is its own";
}

// The history names each actor as people know them: a machine client by the name its key was
// given and its unit, not as "apikey:N".
TEST_F(Conversation, TheHistoryNamesAnApiKeyByItsNameAndUnit) {
  auto made = county.post(std::string("/api/v1/units/") + demo::kSchoolA1 + "/api-keys", {{"name", "校園監控腳本"}});
  ASSERT_EQ(made.status, 201) << made.body;
  HttpClient key = server.client();
  key.set_token(made.json()["key"].get<std::string>());
  auto filed = key.post("/api/v1/incidents", level_two_report(now_of(school)));
  ASSERT_EQ(filed.status, 201) << filed.body;
  const auto history =
      school.get("/api/v1/incidents/" + std::to_string(filed.json()["id"].get<long long>()) + "/timeline").json();
  ASSERT_FALSE(history["items"].empty());
  EXPECT_EQ(history["items"][0]["actor"].get<std::string>().rfind("apikey:", 0), 0u);
  EXPECT_EQ(history["items"][0]["actor_name"], "校園監控腳本，高雄市立港都國民中學");
}

}  // namespace
