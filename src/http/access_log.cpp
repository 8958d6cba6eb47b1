#include "http/access_log.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/time_format.h"

namespace tongbao::http {
namespace {

std::string now_text() {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  auto text = core::format_utc(now - now % 1000);  // "...:SSZ"
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03lldZ", static_cast<long long>(now % 1000));
  return text.substr(0, text.size() - 1) + ms;
}

}  // namespace

AccessLog::AccessLog(const std::string& destination, Level level) : level_(level) {
  if (destination.empty() || destination == "-") {
    out_ = stdout;
    return;
  }
  out_ = std::fopen(destination.c_str(), "a");
  if (!out_) throw std::runtime_error("cannot open the log file " + destination);
  owned_ = true;
}

AccessLog::~AccessLog() {
  if (owned_) std::fclose(out_);
}

bool AccessLog::parse_level(const std::string& text, Level& level) {
  if (text == "info") level = Level::info;
  else if (text == "error") level = Level::error;
  else return false;
  return true;
}

void AccessLog::request(const Entry& e) {
  if (level_ != Level::info) return;
  nlohmann::json line = {{"time", now_text()},          {"level", "info"},     {"request_id", e.request_id},
                         {"method", e.method},          {"route", e.route},    {"status", e.status},
                         {"duration_ms", e.duration_ms}, {"bytes", e.bytes},   {"client", e.remote}};
  if (!e.actor.empty()) line["caller"] = e.actor;
  write_line(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void AccessLog::error(const std::string& request_id, const std::string& text) {
  nlohmann::json line = {{"time", now_text()}, {"level", "error"}, {"request_id", request_id}, {"error", text}};
  write_line(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void AccessLog::write_line(const std::string& line) {
  std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fputc('\n', out_);
  std::fflush(out_);
}

}  // namespace tongbao::http
