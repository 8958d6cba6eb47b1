// Who hears of a ticket's events is kept a second between filings (notify::RecipientsCache), but
// a contact changed on this server is heard at once: the next filing mails the new address.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;

namespace {

const std::string kSchool = std::string("/api/v1/units/") + demo::kSchoolA1;

// The e-mail addresses a ticket's mails went or go to.
std::set<std::string> mailed_to(HttpClient& cert, long long ticket) {
  std::set<std::string> to;
  const auto r = cert.get("/api/v1/outbox?limit=100&incident_id=" + std::to_string(ticket));
  EXPECT_EQ(r.status, 200) << r.body;
  const auto answer = r.json();  // kept: the loop reads a part of it
  for (const auto& m : answer["items"])
    if (m["channel"] == "email") to.insert(m["to"].get<std::string>());
  return to;
}

}  // namespace

TEST(RecipientsCache, AContactChangedIsHeardByTheNextFilingAtOnce) {
  ServerProcess server;
  auto teacher = server.client();
  teacher.set_token(sign_in(teacher, demo::kSchoolA1, "teacher"));
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto file = [&] {
    auto r = teacher.post("/api/v1/incidents", botnet_report(now_of(teacher)));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json()["id"].get<long long>();
  };

  const auto before = mailed_to(cert, file());
  const auto own = teacher.get(kSchool + "/contacts").json();
  std::string address;
  for (const auto& c : own["items"])
    if (c["slot"] == 1) address = c["email"].get<std::string>();
  ASSERT_FALSE(address.empty()) << own.dump();
  EXPECT_TRUE(before.count(address)) << "the school's contact hears of its filing";
  EXPECT_EQ(mailed_to(cert, file()), before) << "the same people, from the cache";

  ASSERT_EQ(teacher.patch(kSchool + "/contacts/1", {{"email", "new-address@school.example.edu.tw"}}).status, 200);
  const auto after = mailed_to(cert, file());
  EXPECT_TRUE(after.count("new-address@school.example.edu.tw")) << "the new address, at once";
  EXPECT_FALSE(after.count(address)) << "not the old one";
}
