#pragma once
// The server's log an operator follows: one JSON line per answered request (time, request id,
// method, route pattern, status, duration, bytes, who called, client address) and error lines
// under the same request id. Never a body, a query string or a header: passwords, tokens,
// cookies, codes and the text of reports cannot end up in it.
//
// Request lines are gathered and written at most a tenth of a second later (or once 64 KiB wait),
// one write for many: a write and a flush per request cost the server more than a health check's
// own work. An error line goes out at once, with the lines before it.
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

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
  void flush_locked();  // mutex_ held
  void flush_every_tenth_of_a_second();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::string pending_;  // whole lines, not yet written
  bool stopping_ = false;
  std::FILE* out_ = nullptr;
  bool owned_ = false;
  Level level_;
  std::thread flusher_;  // last: started once everything it uses exists
};

}  // namespace tongbao::http
