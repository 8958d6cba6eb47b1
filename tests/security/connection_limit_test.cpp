// Many idle connections neither stop the server answering nor make it spin: over the cap it
// closes idle connections to make room, and it backs off when it runs out of file descriptors.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/demo.h"
#include "support/raw_http.h"
#include "support/server_process.h"

using namespace tongbao::test_support;

namespace {

std::string health(unsigned short port) {
  return raw_exchange(port, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
}

std::string sign_in_raw(unsigned short port) {
  const std::string body = std::string(R"({"oid":")") + demo::kSchoolA1 + R"(","account":"teacher","password":"tongbao-demo"})";
  return raw_exchange(port, "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

// CPU seconds (user + system) the process has used so far.
double cpu_seconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // after "pid (name) "
  std::string skip;
  for (int i = 3; i < 14; ++i) fields >> skip;  // state .. cmajflt
  unsigned long long utime = 0, stime = 0;
  fields >> utime >> stime;
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

struct Idle {
  std::vector<int> fds;
  ~Idle() {
    for (int fd : fds) ::close(fd);
  }
};

}  // namespace

TEST(ConnectionLimit, IdleConnectionsBeyondTheFileLimitLeaveHealthAndSignInAnswering) {
  // 256 open files, hard limit too: the server cannot raise it.
  ServerProcess server({.demo = true, .test_clock = false, .extra = {}, .wrapper = {"/usr/bin/prlimit", "--nofile=256:256", "--"}});
  ASSERT_NE(health(server.port()).find("200 OK"), std::string::npos);

  Idle idle;
  for (int i = 0; i < 400; ++i) {
    int fd = connect_to(server.port());
    if (fd >= 0) idle.fds.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  const double cpu_before = cpu_seconds(server.pid());
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const double cpu_used = cpu_seconds(server.pid()) - cpu_before;
  // A loop that re-accepts at once on EMFILE burns a whole core: about 2 s here.
  EXPECT_LT(cpu_used, 0.5) << "the server used " << cpu_used << " s of CPU in 2 s while idle connections were open";

  const auto h = health(server.port());
  EXPECT_NE(h.find("200 OK"), std::string::npos) << h;
  const auto s = sign_in_raw(server.port());
  EXPECT_NE(s.find("200 OK"), std::string::npos) << s;
  EXPECT_NE(server.output().find("open connections"), std::string::npos) << server.output();
}

TEST(ConnectionLimit, ConfiguredCapClosesIdleConnectionsFirst) {
  ServerProcess server({.demo = true, .test_clock = false, .extra = {"--max-connections", "20"}});
  Idle idle;
  for (int i = 0; i < 60; ++i) {
    int fd = connect_to(server.port());
    if (fd >= 0) idle.fds.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (int i = 0; i < 5; ++i) {
    const auto h = health(server.port());
    EXPECT_NE(h.find("200 OK"), std::string::npos) << h;
  }
  // The oldest idle connections were closed: reading them gives end of stream at once.
  timeval tv{2, 0};
  ::setsockopt(idle.fds.front(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char c;
  EXPECT_EQ(::recv(idle.fds.front(), &c, 1, 0), 0);
  EXPECT_NE(server.output().find("limit of 20 open connections"), std::string::npos) << server.output();
}

TEST(ConnectionLimit, WhenEveryConnectionIsBusyANewcomerGetsAQuick503) {
  ServerProcess server({.demo = true, .test_clock = false, .extra = {"--max-connections", "2"}});
  // Two requests whose bodies are still on their way: busy, not idle.
  Idle busy;
  for (int i = 0; i < 2; ++i) {
    int fd = connect_to(server.port());
    ASSERT_GE(fd, 0);
    const std::string partial = "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                "Content-Length: 100\r\n\r\n{\"oid\":";
    ASSERT_EQ(::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL), static_cast<ssize_t>(partial.size()));
    busy.fds.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto answer = health(server.port());
  EXPECT_NE(answer.find("503 Service Unavailable"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Retry-After: 1"), std::string::npos) << answer;
  EXPECT_NE(answer.find(R"("code":"server_busy")"), std::string::npos) << answer;
  EXPECT_NE(answer.find("frame-ancestors 'none'"), std::string::npos) << "the security headers go with it";
  // Once a request is done, there is room again.
  for (int fd : busy.fds) ::close(fd);
  busy.fds.clear();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_NE(health(server.port()).find("200 OK"), std::string::npos);
}
