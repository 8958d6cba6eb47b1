#pragma once
// A real SMTP server on loopback (tests/support/smtp_capture.py, aiosmtpd) and what it received.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace tongbao::test_support {

class SmtpServer {
 public:
  SmtpServer();
  ~SmtpServer();
  unsigned short port() const { return port_; }
  // Every message received so far, in order of arrival.
  std::vector<nlohmann::json> messages() const;
  // Waits until at least n messages have arrived (or the timeout passes); returns them.
  std::vector<nlohmann::json> wait_for(size_t n, int timeout_ms = 15000) const;
  void stop();   // the server goes away: deliveries fail
  void start();  // back on the same port

 private:
  TempDir dir_;
  int pid_ = -1;
  unsigned short port_ = 0;
};

}  // namespace tongbao::test_support
