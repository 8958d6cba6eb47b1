#include "notify/channels.h"

#include <curl/curl.h>
#include <sodium.h>

#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>

namespace tongbao::notify {
namespace {

void ensure_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string base64(const std::string& data) {
  std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.find('\0'));
  return out;
}

// RFC 2047, so Chinese subjects and names survive any mail server.
std::string encoded_word(const std::string& text) {
  bool ascii = true;
  for (unsigned char c : text) ascii &= c >= 0x20 && c < 0x7f;
  return ascii ? text : "=?UTF-8?B?" + base64(text) + "?=";
}

std::string rfc2822_date(core::TimeMs now) {
  std::time_t secs = static_cast<std::time_t>(now / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string domain_of(const std::string& address) {
  auto at = address.find('@');
  return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

struct Upload {
  const std::string& data;
  size_t offset = 0;
};

size_t read_upload(char* buffer, size_t size, size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, up->data.size() - up->offset);
  std::memcpy(buffer, up->data.data() + up->offset, n);
  up->offset += n;
  return n;
}

size_t discard(char*, size_t size, size_t count, void*) { return size * count; }

std::string replace_all(std::string s, const std::string& what, const std::string& with) {
  for (size_t pos = 0; (pos = s.find(what, pos)) != std::string::npos; pos += with.size()) s.replace(pos, what.size(), with);
  return s;
}

std::string json_escaped(const std::string& s) {
  auto quoted = nlohmann::json(s).dump();
  return quoted.substr(1, quoted.size() - 2);
}

}  // namespace

std::string message_id(const Message& m, const std::string& instance, const std::string& from) {
  return "<tongbao." + std::to_string(m.id) + "." + instance + "@" + domain_of(from) + ">";
}

std::string SmtpChannel::render(const Message& m, const std::string& instance, core::TimeMs now) const {
  std::string body64 = base64(m.body);
  std::string wrapped;
  for (size_t i = 0; i < body64.size(); i += 76) wrapped += body64.substr(i, 76) + "\r\n";
  return "Date: " + rfc2822_date(now) + "\r\n" +
         "From: " + encoded_word("通報 Tongbao") + " <" + settings_.from + ">\r\n" +
         "To: " + encoded_word(m.recipient_name) + " <" + m.recipient + ">\r\n" +
         "Message-ID: " + message_id(m, instance, settings_.from) + "\r\n" +
         "Subject: " + encoded_word(m.subject) + "\r\n" +
         "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: base64\r\n"
         "X-Tongbao-Kind: " + m.kind + "\r\n" +
         "X-Tongbao-Incident: " + std::to_string(m.incident_id) + "\r\n" +
         "\r\n" + wrapped;
}

std::string SmtpChannel::send(const Message& m, const std::string& instance, core::TimeMs now) {
  ensure_curl();
  const std::string payload = render(m, instance, now);
  CURL* curl = curl_easy_init();
  if (!curl) return "cannot start libcurl";
  Upload up{payload};
  const std::string url = "smtp://" + settings_.host + ":" + std::to_string(settings_.port);
  const std::string from = "<" + settings_.from + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + m.recipient + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  if (settings_.starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!settings_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  const CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  return rc == CURLE_OK ? "" : std::string("SMTP: ") + curl_easy_strerror(rc);
}

std::string SmsGatewayChannel::send(const Message& m, const std::string& instance, core::TimeMs) {
  if (settings_.gateway_url.empty()) return "no SMS gateway is configured";
  ensure_curl();
  const std::string id = "tongbao-" + instance + "-" + std::to_string(m.id);
  std::string body = settings_.body_template;
  body = replace_all(body, "{{to}}", json_escaped(m.recipient));
  body = replace_all(body, "{{text}}", json_escaped(m.body));
  body = replace_all(body, "{{id}}", id);
  CURL* curl = curl_easy_init();
  if (!curl) return "cannot start libcurl";
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, ("Idempotency-Key: " + id).c_str());  // the gateway drops repeats
  curl_easy_setopt(curl, CURLOPT_URL, settings_.gateway_url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) return std::string("SMS gateway: ") + curl_easy_strerror(rc);
  if (status < 200 || status >= 300) return "SMS gateway answered HTTP " + std::to_string(status);
  return "";
}

}  // namespace tongbao::notify
