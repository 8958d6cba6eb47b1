#include "support/smtp_server.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace tongbao::test_support {

SmtpServer::SmtpServer() { start(); }

SmtpServer::~SmtpServer() { stop(); }

void SmtpServer::start() {
  const auto port_file = dir_.file("port");
  std::filesystem::remove(port_file);
  std::vector<std::string> args = {"/usr/bin/python3", TONGBAO_SMTP_CAPTURE, port_file, dir_.file("messages.jsonl")};
  if (port_) args.push_back(std::to_string(port_));
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("cannot start the SMTP test server");
  pid_ = pid;
  for (int i = 0; i < 500; ++i) {
    std::ifstream in(port_file);
    unsigned p = 0;
    if (in >> p && p) {
      port_ = static_cast<unsigned short>(p);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("the SMTP test server did not start (is python3-aiosmtpd installed?)");
}

void SmtpServer::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::vector<nlohmann::json> SmtpServer::messages() const {
  std::vector<nlohmann::json> out;
  std::ifstream in(dir_.file("messages.jsonl"), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  // Whole lines only: the capture may be writing the last one just now.
  for (size_t start = 0, end; (end = all.find('\n', start)) != std::string::npos; start = end + 1)
    if (end > start) out.push_back(nlohmann::json::parse(all.substr(start, end - start)));
  return out;
}

std::vector<nlohmann::json> SmtpServer::wait_for(size_t n, int timeout_ms) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto m = messages();
    if (m.size() >= n || std::chrono::steady_clock::now() > deadline) return m;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace tongbao::test_support
