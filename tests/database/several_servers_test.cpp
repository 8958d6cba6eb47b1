// Three servers over one PostgreSQL database, as a national deployment runs them behind one
// address: numbers without gaps or duplicates, each mail sent once, sessions good on every server,
// and clear answers while the database itself is down.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "support/demo.h"
#include "support/durability_checks.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/smtp_server.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

ServerFlags mailing(const SmtpServer& smtp) {
  return {.demo = true, .test_clock = true,
          .extra = {"--smtp-port", std::to_string(smtp.port()), "--audit-digest-hours", "0"}};
}

// Another server over the first's database and data folder, as behind one address.
ServerFlags sharing(const ServerProcess& first, const SmtpServer& smtp) {
  auto flags = mailing(smtp);
  flags.database = first.database();
  flags.data_dir = first.data_dir();
  return flags;
}

int script(const std::string& action, const std::string& dir) {
  return std::system((std::string(TONGBAO_TEST_POSTGRES_SCRIPT) + " " + action + " " + dir + " >/dev/null").c_str());
}

}  // namespace

TEST(SeveralServers, FilingThroughThreeAtOnceGivesGaplessNumbersAndSendsEachMailOnce) {
  if (!testing_postgres()) GTEST_SKIP() << "PostgreSQL only: one SQLite file has one server";
  SmtpServer smtp;
  ServerProcess first(mailing(smtp));
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

TEST(SeveralServers, OneKilledUnderLoadLosesNoAcknowledgedTicketAndNoMail) {
  if (!testing_postgres()) GTEST_SKIP() << "PostgreSQL only: one SQLite file has one server";
  SmtpServer smtp;
  ServerProcess first(mailing(smtp));
  ServerProcess second(sharing(first, smtp)), third(sharing(first, smtp));
  std::vector<ServerProcess*> servers = {&first, &second, &third};
  std::string token;
  {
    auto c = first.client();
    token = sign_in(c, demo::kSchoolA1, "teacher");
  }

  // Three filers, each through every server in turn, until told to stop; a request cut off by
  // the kill is not acknowledged and is simply not counted.
  std::atomic<bool> stop{false};
  std::mutex acknowledged_mutex;
  std::vector<std::string> acknowledged;
  std::vector<std::thread> filers;
  for (int f = 0; f < 3; ++f)
    filers.emplace_back([&, f] {
      for (int i = f; !stop; ++i) {
        try {
          auto c = servers[static_cast<size_t>(i % 3)]->client();
          c.set_token(token);
          auto r = c.post("/api/v1/incidents", botnet_report("2026-12-01T08:00:00.000Z"));
          if (r.status == 201) {
            std::lock_guard lock(acknowledged_mutex);
            acknowledged.push_back(r.json()["number"].get<std::string>());
          }
        } catch (const std::exception&) {  // the killed server's connection
        }
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  second.kill_hard();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  second.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  stop = true;
  for (auto& t : filers) t.join();
  ASSERT_GT(acknowledged.size(), 20u);

  expect_nothing_lost_and_each_mail_once(third, smtp, acknowledged, 1);
}

TEST(SeveralServers, DatabaseRestartedUnderLoadGives503WithRetryAfterThenAllCarryOn) {
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

  SmtpServer smtp;
  auto flags = mailing(smtp);
  flags.database = admin.substr(0, admin.rfind('/') + 1) + "postgres";
  ServerProcess first(flags);
  ServerProcess second(sharing(first, smtp)), third(sharing(first, smtp));
  std::vector<ServerProcess*> servers = {&first, &second, &third};
  std::string token;
  {
    auto c = first.client();
    token = sign_in(c, demo::kSchoolA1, "teacher");
  }

  // Three filers through every server in turn while the database goes down and comes back. Every
  // answer is either an acknowledged ticket or a 503 that says to come back; nothing else.
  std::atomic<bool> stop{false};
  std::mutex seen_mutex;
  std::vector<std::string> acknowledged;
  int refused = 0;
  std::vector<std::string> unexpected;
  std::vector<std::thread> filers;
  for (int f = 0; f < 3; ++f)
    filers.emplace_back([&, f] {
      for (int i = f; !stop; ++i) {
        auto c = servers[static_cast<size_t>(i % 3)]->client();
        c.set_token(token);
        auto r = c.post("/api/v1/incidents", botnet_report("2026-12-01T08:00:00.000Z"));
        std::lock_guard lock(seen_mutex);
        if (r.status == 201) {
          acknowledged.push_back(r.json()["number"].get<std::string>());
        } else if (r.status == 503 && r.headers.count("retry-after") == 1 &&
                   r.body.find("database_unavailable") != std::string::npos) {
          ++refused;
        } else {
          unexpected.push_back(std::to_string(r.status) + " " + r.body);
        }
        if (r.status == 503) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  size_t before_down = 0;
  {
    std::lock_guard lock(seen_mutex);
    before_down = acknowledged.size();
  }
  ASSERT_EQ(script("down", own.file("pg")), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_EQ(script("up", own.file("pg")), 0);
  // Each server reconnects by itself: wait until every one has acknowledged a filing again.
  size_t after_up = 0;
  {
    std::lock_guard lock(seen_mutex);
    after_up = acknowledged.size();
  }
  for (int tries = 0; tries < 100; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::lock_guard lock(seen_mutex);
    if (acknowledged.size() >= after_up + 30) break;
  }
  stop = true;
  for (auto& t : filers) t.join();

  std::cout << "acknowledged " << acknowledged.size() << " (before down " << before_down << ", at up " << after_up << "), refused " << refused << "\n";
  EXPECT_TRUE(unexpected.empty()) << unexpected.size() << " answers neither 201 nor 503, first: " << unexpected[0];
  EXPECT_GT(before_down, 10u);
  EXPECT_GT(refused, 0) << "requests while the database was down were answered 503";
  EXPECT_GE(acknowledged.size(), after_up + 30) << "the servers carried on after the restart";
  for (auto* server : servers) EXPECT_EQ(server->client().get("/api/v1/health").status, 200);

  // At most the message each server had in flight when the database went goes again.
  expect_nothing_lost_and_each_mail_once(second, smtp, acknowledged, 3);
}

TEST(SeveralServers, AServerWithAnotherAuditKeyRefusesToStart) {
  ServerProcess first, other;  // each with its own data folder, so its own audit key
  first.stop();
  other.stop();
  auto serve = run_tongbao({"serve", "--data", other.data_dir(), "--database", first.database(), "--listen",
                            "127.0.0.1:0"});
  EXPECT_NE(serve.exit_code, 0) << serve.output;
  EXPECT_NE(serve.output.find("is not the one this database's audit chain is kept with"), std::string::npos)
      << serve.output;
  first.start();  // the right key still serves
  EXPECT_EQ(first.client().get("/api/v1/health").status, 200);
}
