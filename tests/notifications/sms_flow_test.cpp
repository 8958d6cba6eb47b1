// New incidents also go out by SMS through the HTTP gateway, with an idempotency key.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fstream>
#include <set>
#include <thread>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

extern char** environ;

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

class SmsGateway {
 public:
  SmsGateway() {
    std::vector<std::string> args = {"/usr/bin/python3", TONGBAO_SMS_GATEWAY, dir_.file("port"), dir_.file("sms.jsonl")};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ);
    for (int i = 0; i < 250 && !port_; ++i) {
      std::ifstream in(dir_.file("port"));
      in >> port_;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~SmsGateway() {
    kill(pid_, SIGTERM);
    int status;
    waitpid(pid_, &status, 0);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/sms"; }
  std::vector<json> received(size_t at_least) const {
    for (int i = 0; i < 300; ++i) {
      std::vector<json> out;
      std::ifstream in(dir_.file("sms.jsonl"));
      for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
      if (out.size() >= at_least) return out;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return {};
  }

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  unsigned port_ = 0;
};

}  // namespace

TEST(SmsFlow, NewIncidentTextsTheUnitAndItsCentre) {
  SmsGateway gateway;
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--sms-gateway-url", gateway.url(), "--smtp-port", "1"}});
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto t = school.post("/api/v1/incidents", botnet_report(school.get("/api/v1/health").json()["time"].get<std::string>())).json();
  auto got = gateway.received(2);
  ASSERT_EQ(got.size(), 2u);
  std::set<std::string> to, keys;
  for (const auto& m : got) {
    to.insert(m["body"]["to"].get<std::string>());
    keys.insert(m["idempotency_key"].get<std::string>());
    EXPECT_EQ(m["path"], "/sms");
    EXPECT_NE(m["body"]["text"].get<std::string>().find(t["number"].get<std::string>()), std::string::npos);
    EXPECT_EQ(m["body"]["id"], m["idempotency_key"]);
  }
  EXPECT_EQ(to, (std::set<std::string>{"0912-000-005", "0912-000-003"})) << "the school's and the county's mobiles";
  EXPECT_EQ(keys.size(), 2u);
}
