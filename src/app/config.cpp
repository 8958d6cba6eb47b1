#include "app/config.h"

#include <charconv>
#include <filesystem>
#include <stdexcept>

namespace tongbao::app {

std::string Config::database_path() const {
  if (!database.empty()) return database;
  return (std::filesystem::path(data_dir) / "tongbao.db").string();
}

std::string Config::audit_key_path() const {
  if (!audit_key_file.empty()) return audit_key_file;
  return (std::filesystem::path(data_dir) / "audit.key").string();
}

std::string Config::audit_checkpoints_path() const {
  if (!audit_checkpoints.empty()) return audit_checkpoints;
  return (std::filesystem::path(data_dir) / "audit-checkpoints.log").string();
}

std::string Config::host() const {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
  std::string h = listen.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);  // [::1]:8080
  return h;
}

unsigned short Config::port() const {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
  const std::string p = listen.substr(colon + 1);
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
  if (ec != std::errc() || ptr != p.data() + p.size() || value > 65535)
    throw std::invalid_argument("--listen port must be 0 to 65535, got '" + p + "'");
  return static_cast<unsigned short>(value);
}

}  // namespace tongbao::app
