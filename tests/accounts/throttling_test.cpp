// Sign-in throttling as an attacker tries it, through the HTTP API with the test clock. Failures
// are counted per (account, address) and per address across all accounts, never per account
// alone: guessing from one address slows that address down and cannot keep the real user out.
// The server runs behind a "proxy" (--trusted-proxy 127.0.0.1), so X-Forwarded-For says which
// address each request comes from.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "auth/totp.h"
#include "core/time_format.h"
#include "support/demo.h"
#include "support/server_process.h"

using namespace tongbao;
using namespace tongbao::test_support;
using nlohmann::json;

namespace {

constexpr const char* kPassword = "tongbao-demo";
constexpr const char* kAttacker = "203.0.113.66";
constexpr const char* kRealUser = "198.51.100.7";

ServerFlags behind_proxy(std::vector<std::string> more = {}) {
  ServerFlags flags;
  flags.extra = {"--trusted-proxy", "127.0.0.1"};
  flags.extra.insert(flags.extra.end(), more.begin(), more.end());
  return flags;
}

HttpResult login(HttpClient& c, const std::string& oid, const std::string& account, const std::string& password,
                 const std::string& from) {
  return c.request("POST", "/api/v1/auth/login",
                   json{{"oid", oid}, {"account", account}, {"password", password}}.dump(), {{"X-Forwarded-For", from}});
}

std::string code_of(const HttpResult& r) {
  try {
    return r.json()["error"]["code"].get<std::string>();
  } catch (...) {
    return {};
  }
}

void advance(HttpClient& c, int seconds) {
  ASSERT_EQ(c.post("/api/v1/_test/clock", {{"advance_seconds", seconds}}).status, 200);
}

}  // namespace

// (a) The attacker keeps going at the CERT's account from one address; the CERT signs in from
// its own address at once, every time, and the attacker's address stays slowed down.
TEST(Throttling, GuessesFromOneAddressNeverLockTheAccountForTheRealUser) {
  ServerProcess server(behind_proxy());
  auto attacker = server.client();
  auto cert = server.client();
  int refused = 0, slowed = 0;
  for (int round = 0; round < 4; ++round) {
    for (int i = 0; i < 10; ++i) {
      auto r = login(attacker, demo::kCert, "cert", "guess-" + std::to_string(i), kAttacker);
      if (r.status == 401) ++refused;
      else if (r.status == 429 && code_of(r) == "too_many_attempts") ++slowed;
      else ADD_FAILURE() << r.status << " " << r.body;
    }
    auto r = login(cert, demo::kCert, "cert", kPassword, kRealUser);
    ASSERT_EQ(r.status, 200) << "round " << round << ": " << r.body;
    EXPECT_FALSE(r.json()["token"].get<std::string>().empty());
    // Even the right password is slowed down from the attacker's address.
    EXPECT_EQ(login(attacker, demo::kCert, "cert", kPassword, kAttacker).status, 429);
    advance(attacker, 61);  // the attacker waits out the longest delay and goes on
  }
  EXPECT_GE(refused, 6);
  EXPECT_GE(slowed, 30);
  // No 423 anywhere, and nothing the attacker did shows as a lock.
  EXPECT_EQ(login(cert, demo::kCert, "cert", kPassword, kRealUser).status, 200);
}

// (b) One guess on each of thirty accounts from one address: the address's allowance (10) runs
// out across accounts; another address is not affected.
TEST(Throttling, OneGuessEachOnThirtyAccountsIsSlowedPerAddress) {
  ServerProcess server(behind_proxy());
  auto c = server.client();
  std::map<int, int> statuses;
  for (int i = 0; i < 30; ++i) {
    const char* oids[] = {demo::kSchoolA1, demo::kSchoolA2, demo::kSchoolB1, demo::kSchoolB2, demo::kCountyA};
    auto r = login(c, oids[i % 5], "account-" + std::to_string(i), "guess", kAttacker);
    ++statuses[r.status];
    if (i < 10) EXPECT_EQ(r.status, 401) << "guess " << i + 1;
    else EXPECT_EQ(code_of(r), "too_many_attempts") << "guess " << i + 1;
    if (r.status == 429) {
      EXPECT_GT(std::stol(r.header("retry-after")), 0);
      EXPECT_GT(r.json()["error"]["retry_after_seconds"].get<long>(), 0);
    }
  }
  EXPECT_EQ(statuses[401], 10);
  EXPECT_EQ(statuses[429], 20);
  // The teacher of a school from that address waits too; from elsewhere signs in at once.
  EXPECT_EQ(login(c, demo::kSchoolA1, "teacher", kPassword, kAttacker).status, 429);
  EXPECT_EQ(login(c, demo::kSchoolA1, "teacher", kPassword, kRealUser).status, 200);
  // The neighbour of the attacker in the same IPv6 /64 counts as the same machine.
  for (int i = 0; i < 10; ++i) login(c, demo::kSchoolA1, "v6-" + std::to_string(i), "guess", "2001:db8:5:6::" + std::to_string(i + 1));
  EXPECT_EQ(login(c, demo::kSchoolA1, "teacher", kPassword, "2001:db8:5:6::ffff").status, 429);
  EXPECT_EQ(login(c, demo::kSchoolA1, "teacher", kPassword, "2001:db8:5:7::1").status, 200);
}

// (c) Parallel guesses are counted as they start, not as they end: exactly the free attempts are
// checked (401), every other one is told to wait (429).
TEST(Throttling, FortyParallelWrongGuessesGiveExactlyTheAllowedRefusals) {
  ServerProcess server(behind_proxy({"--hashing-queue", "64"}));  // room for all: no `busy` here
  constexpr int kGuesses = 40;
  std::vector<HttpClient> clients;
  for (int i = 0; i < kGuesses; ++i) clients.push_back(server.client());
  std::vector<HttpResult> results(kGuesses);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kGuesses; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kGuesses) std::this_thread::yield();
      results[i] = login(clients[i], demo::kCert, "cert", "parallel-guess-" + std::to_string(i), kAttacker);
    });
  }
  for (auto& t : threads) t.join();
  std::map<std::string, int> answers;
  for (const auto& r : results) ++answers[std::to_string(r.status) + " " + code_of(r)];
  EXPECT_EQ(answers["401 invalid_credentials"], 3);
  EXPECT_EQ(answers["429 too_many_attempts"], kGuesses - 3);
  EXPECT_EQ(answers.size(), 2u);

  // The record has each: three wrong passwords, the rest throttled.
  auto cert = server.client();
  cert.set_token(login(cert, demo::kCert, "cert", kPassword, kRealUser).json()["token"].get<std::string>());
  std::map<std::string, int> outcomes;
  const auto events = cert.get("/api/v1/login-events?limit=100").json();
  for (const auto& e : events["items"])
    if (e["remote"] == kAttacker) ++outcomes[e["outcome"].get<std::string>()];
  EXPECT_EQ(outcomes["wrong_password"], 3);
  EXPECT_EQ(outcomes["throttled"], kGuesses - 3);
}

// (d) After the free failures: 2 s, 4 s, 8 s, ... up to a minute between attempts; waiting each
// out on the test clock allows the next, and the right password works once the wait is over.
TEST(Throttling, DelaysGrowToAMinuteAndPassWithTheClock) {
  ServerProcess server(behind_proxy());
  auto c = server.client();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(login(c, demo::kSchoolA1, "teacher", "wrong", kAttacker).status, 401);
  for (int expected : {2, 4, 8, 16, 32, 60, 60}) {
    auto r = login(c, demo::kSchoolA1, "teacher", "wrong", kAttacker);
    ASSERT_EQ(r.status, 429) << r.body;
    EXPECT_NEAR(std::stoi(r.header("retry-after")), expected, 1);
    EXPECT_NEAR(r.json()["error"]["retry_after_seconds"].get<int>(), expected, 1);
    advance(c, expected - 1);
    EXPECT_EQ(login(c, demo::kSchoolA1, "teacher", "wrong", kAttacker).status, 429) << "a second early";
    advance(c, 1);
    EXPECT_EQ(login(c, demo::kSchoolA1, "teacher", "wrong", kAttacker).status, 401) << "waited " << expected << " s";
  }
  advance(c, 60);
  EXPECT_EQ(login(c, demo::kSchoolA1, "teacher", kPassword, kAttacker).status, 200);
  // Signed in: the account's failures from that address are cleared; the address's own count of
  // failures (ten or more) still slows the next failure down...
  EXPECT_EQ(login(c, demo::kSchoolA1, "teacher", "wrong", kAttacker).status, 401);
  EXPECT_EQ(login(c, demo::kSchoolA1, "teacher", "wrong", kAttacker).status, 429);
  // ...until a quiet quarter of an hour makes it forget.
  advance(c, 15 * 60);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(login(c, demo::kSchoolA2, "teacher", "wrong", kAttacker).status, 401);
}

// (e) More sign-ins at once than the hashing pool takes: the excess gets 429 `busy` at once, and
// the health check keeps answering meanwhile.
TEST(Throttling, AFloodBeyondTheHashingPoolGetsBusyWhileHealthAnswers) {
  ServerProcess server(behind_proxy({"--hashing-threads", "1", "--hashing-queue", "2"}));
  constexpr int kFlood = 48;
  std::vector<HttpClient> clients;
  for (int i = 0; i < kFlood; ++i) clients.push_back(server.client());
  std::mutex m;
  std::map<std::string, int> answers;
  std::atomic<bool> flooding{true};
  std::atomic<int> started{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kFlood; ++i) {
    threads.emplace_back([&, i] {
      ++started;
      for (int k = 0; k < 3; ++k) {
        // Half right, half wrong; each from its own address, so throttling does not answer.
        const std::string from = "10.9." + std::to_string(i) + "." + std::to_string(k + 1);
        auto r = i % 2 ? login(clients[i], demo::kSchoolA1, "teacher", kPassword, from)
                       : login(clients[i], demo::kSchoolA2, "nobody-" + std::to_string(i * 3 + k), "wrong", from);
        std::lock_guard lock(m);
        ++answers[std::to_string(r.status) + " " + code_of(r)];
        if (r.status == 429) {
          EXPECT_EQ(code_of(r), "busy") << r.body;
          EXPECT_EQ(r.header("retry-after"), "1");
        }
      }
    });
  }
  while (started.load() < kFlood) std::this_thread::yield();
  auto health_client = server.client();
  int health_answers = 0;
  std::thread health([&] {
    while (flooding.load() || health_answers < 5) {
      auto r = health_client.get("/api/v1/health");
      EXPECT_EQ(r.status, 200) << r.body;
      ++health_answers;
    }
  });
  for (auto& t : threads) t.join();
  flooding = false;
  health.join();
  // Every sign-in was answered: checked (right or wrong), or busy; nothing else.
  EXPECT_GT(answers["429 busy"], 0);
  EXPECT_GT(answers["200 "] + answers["401 invalid_credentials"], 0);
  EXPECT_EQ(answers["429 busy"] + answers["200 "] + answers["401 invalid_credentials"], kFlood * 3);
  EXPECT_GE(health_answers, 5);
  // Once the flood is over, sign-in works as before.
  EXPECT_EQ(login(health_client, demo::kSchoolA1, "teacher", kPassword, kRealUser).status, 200);
}

// Wrong second-factor codes count like wrong passwords: per account from the address, and per
// address; the real user from elsewhere passes the second step at once.
TEST(Throttling, WrongSecondFactorCodesAreCountedPerAccountAndAddress) {
  ServerProcess server(behind_proxy());
  auto teacher = server.client();
  teacher.set_token(login(teacher, demo::kSchoolA1, "teacher", kPassword, kRealUser).json()["token"].get<std::string>());
  auto begun = teacher.post("/api/v1/auth/second-factor/enrolment", json::object());
  ASSERT_EQ(begun.status, 201) << begun.body;
  const auto secret = *auth::base32_decode(begun.json()["secret"].get<std::string>());
  auto now = [&] {
    return *core::parse_iso8601(teacher.get("/api/v1/health").json()["time"].get<std::string>());
  };
  ASSERT_EQ(teacher.post("/api/v1/auth/second-factor/confirmation",
                         {{"code", auth::totp_code(secret, auth::totp_step(now()))}})
                .status,
            200);

  // Someone with the password, without the phone, from the attacker's address.
  auto attacker = server.client();
  auto challenge_for = [&](const std::string& from) {
    auto r = login(attacker, demo::kSchoolA1, "teacher", kPassword, from);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["challenge"].get<std::string>();
  };
  auto second_step = [&](const std::string& challenge, const std::string& code, const std::string& from) {
    return attacker.request("POST", "/api/v1/auth/login/second-factor",
                            json{{"challenge", challenge}, {"code", code}}.dump(), {{"X-Forwarded-For", from}});
  };
  const auto challenge = challenge_for(kAttacker);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(second_step(challenge, "000000", kAttacker).status, 401);
  auto slowed = second_step(challenge, "000000", kAttacker);
  EXPECT_EQ(slowed.status, 429) << slowed.body;
  EXPECT_EQ(code_of(slowed), "too_many_attempts");
  EXPECT_EQ(login(attacker, demo::kSchoolA1, "teacher", kPassword, kAttacker).status, 429)
      << "the password too, from that address";

  // The real user, from their own address: both steps at once.
  auto own = challenge_for(kRealUser);
  auto passed = second_step(own, auth::totp_code(secret, auth::totp_step(now()) + 1), kRealUser);
  EXPECT_EQ(passed.status, 200) << passed.body;
}

// Without --trusted-proxy, X-Forwarded-For is anyone's to write and is not believed.
TEST(Throttling, ForwardedForIsIgnoredUnlessFromATrustedProxy) {
  ServerProcess server;  // no trusted proxy
  auto c = server.client();
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(login(c, demo::kSchoolB1, "guess-" + std::to_string(i), "x", "192.0.2." + std::to_string(i + 1)).status, 401);
  auto r = login(c, demo::kSchoolB1, "guess-10", "x", "192.0.2.200");
  EXPECT_EQ(r.status, 429) << "all ten came from 127.0.0.1, whatever the header said";
}
