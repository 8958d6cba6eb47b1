#include "http/access_log.h"

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/time_format.h"
#include "core/json_writer.h"

namespace tongbao::http {
namespace {

constexpr std::size_t kWriteAtOnce = 64 * 1024;  // pending bytes that are written without waiting

// "2026-12-02T08:15:30.123Z". The text up to the second is made once a second per thread.
std::string now_text() {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  thread_local long long second = -1;
  thread_local std::string up_to_second;  // "2026-12-02T08:15:30"
  if (now / 1000 != second) {
    second = now / 1000;
    const auto text = core::format_utc(now - now % 1000);  // "...:SSZ"
    up_to_second = text.substr(0, text.size() - 1);
  }
  const auto ms = static_cast<int>(now % 1000);
  const char tail[] = {'.', static_cast<char>('0' + ms / 100), static_cast<char>('0' + ms / 10 % 10),
                       static_cast<char>('0' + ms % 10), 'Z'};
  std::string text;
  text.reserve(up_to_second.size() + sizeof tail);
  text += up_to_second;
  text.append(tail, sizeof tail);
  return text;
}

// Milliseconds to the microsecond as the JSON library writes such a number: "12.0", "0.125",
// "1.5" (at least one decimal, no trailing zeros beyond it).
std::string milliseconds_text(double ms) {
  const auto us = static_cast<long long>(std::llround(ms * 1000));
  std::string text = std::to_string(us / 1000);
  char decimals[4] = {'.', static_cast<char>('0' + us % 1000 / 100), static_cast<char>('0' + us % 100 / 10),
                      static_cast<char>('0' + us % 10)};
  std::size_t n = 4;
  while (n > 2 && decimals[n - 1] == '0') --n;
  text.append(decimals, n);
  return text;
}

}  // namespace

AccessLog::AccessLog(const std::string& destination, Level level) : level_(level) {
  if (destination.empty() || destination == "-") {
    out_ = stdout;
  } else {
    out_ = std::fopen(destination.c_str(), "a");
    if (!out_) throw std::runtime_error("cannot open the log file " + destination);
    owned_ = true;
  }
  flusher_ = std::thread([this] { flush_every_tenth_of_a_second(); });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  flusher_.join();
  std::lock_guard lock(mutex_);
  flush_locked();
  if (owned_) std::fclose(out_);
}

bool AccessLog::parse_level(const std::string& text, Level& level) {
  if (text == "info") level = Level::info;
  else if (text == "error") level = Level::error;
  else return false;
  return true;
}

// Written field by field, in the order an operator reads them; the same keys as ever. The method
// and the caller come from the client: the writer escapes them, and replaces bytes that are not
// UTF-8, so a line is always valid JSON.
void AccessLog::request(const Entry& e) {
  if (level_ != Level::info) return;
  core::JsonWriter w(256);
  w.begin_object()
      .key("time").string(now_text())
      .key("level").string("info")
      .key("request_id").string(e.request_id)
      .key("method").string(e.method)
      .key("route").string(e.route)
      .key("status").number(e.status)
      .key("duration_ms").raw(milliseconds_text(e.duration_ms))
      .key("bytes").number(static_cast<long long>(e.bytes))
      .key("client").string(e.remote);
  if (!e.actor.empty()) w.key("caller").string(e.actor);
  auto line = w.end_object().take();
  line += '\n';
  std::lock_guard lock(mutex_);
  pending_ += line;
  if (pending_.size() >= kWriteAtOnce) flush_locked();
}

void AccessLog::error(const std::string& request_id, const std::string& text) {
  nlohmann::json line = {{"time", now_text()}, {"level", "error"}, {"request_id", request_id}, {"error", text}};
  std::lock_guard lock(mutex_);
  pending_ += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  pending_ += '\n';
  flush_locked();
}

void AccessLog::flush_locked() {
  if (pending_.empty()) return;
  std::fwrite(pending_.data(), 1, pending_.size(), out_);
  std::fflush(out_);
  pending_.clear();
}

void AccessLog::flush_every_tenth_of_a_second() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(100));
    flush_locked();
  }
}

}  // namespace tongbao::http
