#pragma once
// The server's log an operator follows: one JSON line per answered request (time, request id,
// method, route pattern, status, duration, bytes, who called, client address) and error lines
// under the same request id. Never a body, a query string or a header: passwords, tokens,
// cookies, codes and the text of reports cannot end up in it.
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

namespace tongbao::http {

class AccessLog {
 public:
  enum class Level { info, error };  // info: every request and errors; error: errors only
  // `destination`: "-" for standard output (systemd's journal), else a file appended to.
  // Throws std::runtime_error when the file cannot be opened.
  AccessLog(const std::string& destination, Level level);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  struct Entry {
    std::string request_id, method, route, actor, remote;
    int status = 0;
    double duration_ms = 0;
    unsigned long long bytes = 0;
  };
  void request(const Entry& entry);
  void error(const std::string& request_id, const std::string& text);

  // "info" or "error"; nullopt-like false when neither.
  static bool parse_level(const std::string& text, Level& level);

 private:
  void write_line(const std::string& line);
  std::mutex mutex_;
  std::FILE* out_ = nullptr;
  bool owned_ = false;
  Level level_;
};

}  // namespace tongbao::http
