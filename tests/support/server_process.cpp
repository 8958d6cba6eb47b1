#include "support/server_process.h"
#include "support/test_database.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace tongbao::test_support {
namespace {

int spawn(const std::vector<std::string>& args, const std::string& output_file) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
  return pid;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

ServerProcess::ServerProcess(ServerFlags flags)
    : flags_(std::move(flags)),
      data_dir_(flags_.data_dir.empty() ? dir_.file("data") : flags_.data_dir),
      database_(flags_.database.empty() ? test_database_location(data_dir_ + "/tongbao.db") : flags_.database) {
  start();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop();
}

std::string ServerProcess::output() const { return read_all(dir_.file("server.log")); }

void ServerProcess::start() {
  const std::string port_file = dir_.file("port");
  std::filesystem::remove(port_file);
  std::vector<std::string> args = flags_.wrapper;
  for (const std::string& a : std::vector<std::string>{TONGBAO_BINARY, "serve", "--data", data_dir_, "--database", database_, "--listen",
                                                       "127.0.0.1:0", "--port-file", port_file})
    args.push_back(a);
  if (flags_.demo) args.push_back("--demo");
  if (flags_.test_clock) args.push_back("--test-clock");
  if (!flags_.second_factor_required_for.empty()) {
    args.push_back("--second-factor-required-for");
    args.push_back(flags_.second_factor_required_for);
  }
  for (auto& e : flags_.extra) args.push_back(e);
  pid_ = spawn(args, dir_.file("server.log"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    unsigned p = 0;
    if (in >> p && p > 0) {
      port_ = static_cast<unsigned short>(p);
      return;
    }
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("tongbao exited at start:\n" + output());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("tongbao did not start within 30 s:\n" + output());
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

CommandResult run_tongbao(const std::vector<std::string>& args) {
  TempDir out_dir;
  std::vector<std::string> full = {TONGBAO_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  const auto out_file = out_dir.file("out.txt");
  int pid = spawn(full, out_file);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_all(out_file)};
}

CommandResult run_tongbao(std::vector<std::string> args, const ServerProcess& on) {
  for (auto& a : on.storage_args()) args.push_back(a);
  return run_tongbao(args);
}

std::string now_of(HttpClient& client) { return client.get("/api/v1/health").json()["time"].get<std::string>(); }

std::string sign_in(HttpClient& client, const std::string& oid, const std::string& account,
                    const std::string& password) {
  auto r = client.post("/api/v1/auth/login", {{"oid", oid}, {"account", account}, {"password", password}});
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return {};
  return r.json().at("token").get<std::string>();
}

}  // namespace tongbao::test_support
