#pragma once
// HTTP as bytes on a socket, for tests of what the server writes: a connection to a loopback
// port, and an exchange that sends requests as given and reads everything until the server closes.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <string>

namespace tongbao::test_support {

// A connected socket to 127.0.0.1:port, or -1.
inline int connect_to(unsigned short port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// `requests` sent at once on a new connection; what came back until the server closed it, giving
// up after `timeout` without a byte. Empty when nothing came.
inline std::string raw_exchange(unsigned short port, const std::string& requests,
                                std::chrono::seconds timeout = std::chrono::seconds(5)) {
  const int fd = connect_to(port);
  if (fd < 0) return {};
  timeval tv{static_cast<time_t>(timeout.count()), 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string answer;
  if (::send(fd, requests.data(), requests.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(requests.size())) {
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) answer.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return answer;
}

}  // namespace tongbao::test_support
