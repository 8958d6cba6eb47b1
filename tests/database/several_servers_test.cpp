// Three servers over one PostgreSQL database, as a national deployment runs them behind one
// address: numbers without gaps or duplicates, each mail sent once, sessions good on every server,
// and clear answers while the database itself is down.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/smtp_server.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

ServerFlags sharing(const ServerProcess& first, const SmtpServer& smtp) {
  return {.demo = true, .test_clock = true,
          .extra = {"--smtp-port", std::to_string(smtp.port()), "--audit-digest-hours", "0"},
          .database = first.database(), .data_dir = first.data_dir()};
}

std::string now_of(HttpClient& c) { return c.get("/api/v1/health").json()["time"].get<std::string>(); }

int script(const std::string& action, const std::string& dir) {
  return std::system((std::string(TONGBAO_TEST_POSTGRES_SCRIPT) + " " + action + " " + dir + " >/dev/null").c_str());
}

}  // namespace

TEST(SeveralServers, FilingThroughThreeAtOnceGivesGaplessNumbersAndSendsEachMailOnce) {
  if (!testing_postgres()) GTEST_SKIP() << "PostgreSQL only: one SQLite file has one server";
  SmtpServer smtp;
  ServerProcess first({.demo = true, .test_clock = true,
                       .extra = {"--smtp-port", std::to_string(smtp.port()), "--audit-digest-hours", "0"}});
  ServerProcess second(sharing(first, smtp)), third(sharing(first, smtp));
  std::vector<ServerProcess*> servers = {&first, &second, &third};

  // A session made on one server is good on the others.
  auto signed_in = first.client();
  const auto token = sign_in(signed_in, demo::kSchoolA1, "teacher");
  auto elsewhere = third.client();
  elsewhere.set_token(token);
  ASSERT_EQ(elsewhere.get("/api/v1/auth/me").status, 200);

  constexpr int kEach = 12;
  const std::vector<const char*> schools = {demo::kSchoolA1, demo::kSchoolA2, demo::kSchoolB1};
  std::vector<std::vector<std::string>> numbers(3);
  std::vector<std::thread> filers;
  for (int s = 0; s < 3; ++s)
    filers.emplace_back([&, s] {
      // Every school files through every server in turn.
      std::vector<HttpClient> clients;
      for (auto* server : servers) {
        clients.push_back(server->client());
        clients.back().set_token(sign_in(clients.back(), schools[s], "teacher"));
      }
      for (int i = 0; i < kEach; ++i) {
        auto& c = clients[i % 3];
        auto r = c.post("/api/v1/incidents", botnet_report(now_of(c)));
        EXPECT_EQ(r.status, 201) << r.body;
        if (r.status == 201) numbers[s].push_back(r.json()["number"].get<std::string>());
      }
    });
  for (auto& t : filers) t.join();

  std::set<std::string> all;
  for (int s = 0; s < 3; ++s) {
    ASSERT_EQ(numbers[s].size(), static_cast<size_t>(kEach));
    std::set<int> serials;
    for (const auto& n : numbers[s]) {
      all.insert(n);
      serials.insert(std::stoi(n.substr(n.rfind('-') + 1)));
    }
    EXPECT_EQ(serials.size(), static_cast<size_t>(kEach)) << "no number twice";
    EXPECT_EQ(*serials.begin(), 1);
    EXPECT_EQ(*serials.rbegin(), kEach) << "no gap";
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(3 * kEach));

  // Each ticket's mails, sent by whichever server took them, go out once.
  auto cert = second.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  json outbox;
  for (int tries = 0; tries < 100; ++tries) {
    outbox = cert.get("/api/v1/outbox?state=pending&limit=200").json();
    if (outbox["items"].empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_TRUE(outbox["items"].empty()) << outbox.dump();
  const auto sent = cert.get("/api/v1/outbox?state=sent&limit=200").json();
  const size_t expected = sent["items"].size();
  ASSERT_GE(expected, static_cast<size_t>(3 * kEach)) << "every ticket tells someone";
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // time for any second copy
  std::map<std::string, int> copies;
  for (const auto& m : smtp.messages()) ++copies[m["message_id"].get<std::string>()];
  EXPECT_EQ(copies.size(), expected);
  for (const auto& [id, n] : copies) EXPECT_EQ(n, 1) << id << " went out " << n << " times";
}

TEST(SeveralServers, WhileTheDatabaseIsDownRequestsGet503WithRetryAfterThenCarryOn) {
  if (!testing_postgres()) GTEST_SKIP() << "PostgreSQL only";
  TempDir own;  // a cluster of this test's own, since it is stopped on the way
  ASSERT_EQ(script("start", own.file("pg")), 0);
  struct Cleanup {
    std::string dir;
    ~Cleanup() { script("stop", dir); }
  } cleanup{own.file("pg")};
  std::ifstream url_file(own.file("pg") + "/url");
  std::string admin;
  std::getline(url_file, admin);
  const std::string url = admin.substr(0, admin.rfind('/') + 1) + "postgres";

  ServerProcess server({.demo = true, .test_clock = true, .database = url});
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  ASSERT_EQ(school.post("/api/v1/incidents", botnet_report(now_of(school))).status, 201);

  ASSERT_EQ(script("down", own.file("pg")), 0);
  auto report = botnet_report(now_of(school));
  auto refused = school.post("/api/v1/incidents", report);
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(refused.json()["error"]["code"], "database_unavailable") << refused.body;
  EXPECT_EQ(refused.headers.count("retry-after"), 1u);
  EXPECT_EQ(school.get("/api/v1/incidents").status, 503);

  ASSERT_EQ(script("up", own.file("pg")), 0);
  int status = 0;
  for (int tries = 0; tries < 50 && status != 201; ++tries) {
    status = school.post("/api/v1/incidents", report).status;
    if (status != 201) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(status, 201) << "the server reconnects by itself";
  const auto list = school.get("/api/v1/incidents?scope=all").json();
  EXPECT_EQ(list["total"].get<int>(), 2) << "the refused filing stored nothing; the first and the last are there";
  EXPECT_EQ(server.client().get("/api/v1/health").status, 200);
}
