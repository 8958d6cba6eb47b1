#pragma once
// A real HTTP SMS gateway on loopback (support/sms_gateway.py) that writes what it receives.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/temp_dir.h"

extern char** environ;

namespace tongbao::test_support {

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
  std::vector<nlohmann::json> received(size_t at_least) const {
    for (int i = 0; i < 300; ++i) {
      std::vector<nlohmann::json> out;
      std::ifstream in(dir_.file("sms.jsonl"));
      for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
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


}  // namespace tongbao::test_support
