// A server killed with kill -9 while many requests file tickets at once, so their writes commit in
// groups: every ticket it acknowledged is there after the restart, whole, with its jobs and mail.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "support/demo.h"
#include "support/durability_checks.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/smtp_server.h"

using namespace tongbao;
using namespace tongbao::test_support;

TEST(CrashUnderLoad, KilledWhileWritesCommitInGroupsLosesNoAcknowledgedTicket) {
  SmtpServer smtp;
  ServerProcess server({.demo = true, .test_clock = true,
                        .extra = {"--smtp-port", std::to_string(smtp.port()), "--audit-digest-hours", "0"}});
  std::string token;
  {
    auto c = server.client();
    token = sign_in(c, demo::kSchoolA1, "teacher");
  }

  // Sixteen filers at once: more than the request threads, so writes queue and commit together. Each
  // pauses between filings so that the mail of every ticket can be checked afterwards in good time.
  std::atomic<bool> stop{false};
  std::mutex acknowledged_mutex;
  std::vector<std::string> acknowledged;
  std::vector<std::thread> filers;
  for (int f = 0; f < 16; ++f)
    filers.emplace_back([&] {
      while (!stop) {
        try {
          auto c = server.client();
          c.set_token(token);
          while (!stop) {
            auto r = c.post("/api/v1/incidents", botnet_report("2026-12-01T08:00:00.000Z"));
            if (r.status != 201) break;
            {
              std::lock_guard lock(acknowledged_mutex);
              acknowledged.push_back(r.json()["number"].get<std::string>());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(40));
          }
        } catch (const std::exception&) {  // cut off by the kill, or refused while it restarts
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
      }
    });
  // The kill comes once the load is on (however slow a shared machine makes it), and the filers
  // stop once filing has carried on after the restart: waits by count, each bounded in time.
  auto count = [&] {
    std::lock_guard lock(acknowledged_mutex);
    return acknowledged.size();
  };
  auto wait_for_more_than = [&](size_t n) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (count() <= n && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  };
  wait_for_more_than(50);
  const size_t before_kill = count();
  server.kill_hard();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  server.start();
  wait_for_more_than(before_kill);
  stop = true;
  for (auto& t : filers) t.join();

  EXPECT_GT(before_kill, 50u) << "the load was on when the server was killed";
  ASSERT_GT(acknowledged.size(), before_kill) << "filing carried on after the restart";
  std::cout << "acknowledged " << acknowledged.size() << ", " << before_kill << " before the kill\n";
  expect_nothing_lost_and_each_mail_once(server, smtp, acknowledged, 1);
}
