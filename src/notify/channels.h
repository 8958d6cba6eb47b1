#pragma once
// The ways a message leaves: e-mail over SMTP and SMS through an HTTP gateway (both libcurl).
#include <string>

#include "notify/outbox.h"

namespace tongbao::notify {

struct SmtpSettings {
  std::string host = "127.0.0.1";
  int port = 25;
  bool starttls = false;
  std::string username, password;
  std::string from = "tongbao@localhost";
};

struct SmsSettings {
  std::string gateway_url;  // empty: no SMS
  // The request body; {{to}}, {{text}} and {{id}} are replaced (JSON-escaped).
  std::string body_template = R"({"to":"{{to}}","text":"{{text}}","id":"{{id}}"})";
};

// The identity of one message, the same on every attempt, so a receiver can drop a repeat
// delivered after a crash between sending and recording.
std::string message_id(const Message& m, const std::string& instance, const std::string& from);

class Channel {
 public:
  virtual ~Channel() = default;
  // Returns an empty string on success, else what went wrong.
  virtual std::string send(const Message& m, const std::string& instance, core::TimeMs now) = 0;
};

class SmtpChannel : public Channel {
 public:
  explicit SmtpChannel(SmtpSettings settings) : settings_(std::move(settings)) {}
  std::string send(const Message& m, const std::string& instance, core::TimeMs now) override;
  // The whole RFC 5322 message (headers and base64 body), exposed for tests.
  std::string render(const Message& m, const std::string& instance, core::TimeMs now) const;

 private:
  SmtpSettings settings_;
};

class SmsGatewayChannel : public Channel {
 public:
  explicit SmsGatewayChannel(SmsSettings settings) : settings_(std::move(settings)) {}
  std::string send(const Message& m, const std::string& instance, core::TimeMs now) override;

 private:
  SmsSettings settings_;
};

}  // namespace tongbao::notify
