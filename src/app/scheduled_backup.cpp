#include "app/scheduled_backup.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "app/backup.h"
#include "notify/outbox.h"
#include "store/contact_store.h"

namespace tongbao::app {
namespace fs = std::filesystem;
namespace {

constexpr core::TimeMs kDay = 86'400'000;
constexpr core::TimeMs kTaipei = 8 * 3'600'000;  // Taiwan keeps no summer time

}  // namespace

ScheduledBackup::ScheduledBackup(const Config& config, store::Database& db, const core::Clock& clock)
    : config_(config), db_(db), clock_(clock) {
  int h = -1, m = -1;
  char tail = 0;
  if (std::sscanf(config.backup_at.c_str(), "%d:%d%c", &h, &m, &tail) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
    throw std::invalid_argument("--backup-at must be a time of day, HH:MM (Taiwan time)");
  minute_of_day_ = h * 60 + m;
  next_ = next_after(clock_.now());
}

core::TimeMs ScheduledBackup::next_after(core::TimeMs t) const {
  const core::TimeMs local = t + kTaipei;
  core::TimeMs at = local - ((local % kDay) + kDay) % kDay + minute_of_day_ * 60'000LL - kTaipei;
  while (at <= t) at += kDay;
  return at;
}

void ScheduledBackup::start() {
  thread_.start(std::chrono::seconds(1), [this] { tick(); });
}

void ScheduledBackup::stop() { thread_.stop(); }

void ScheduledBackup::tick() {
  const auto now = clock_.now();
  if (now < next_) return;
  const auto local = now + kTaipei;
  char name[32];
  // The folder is named by the Taiwan date and time of the backup.
  std::time_t seconds = static_cast<std::time_t>(local / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  std::strftime(name, sizeof name, "tongbao-%Y%m%d-%H%M", &tm);
  const auto to = (fs::path(config_.backup_dir) / name).string();
  const auto result = take_backup(config_, to);
  if (result.ok) {
    std::cout << "Scheduled backup: " << result.message << std::endl;
    prune();
  } else {
    std::cerr << "Scheduled backup FAILED: " << result.message << std::endl;
    tell_cert(result.message, now);
  }
  next_ = next_after(now);
}

void ScheduledBackup::prune() const {
  std::vector<fs::path> backups;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(config_.backup_dir, ec))
    if (entry.is_directory() && entry.path().filename().string().rfind("tongbao-", 0) == 0 &&
        fs::exists(entry.path() / "manifest.json"))
      backups.push_back(entry.path());
  std::sort(backups.begin(), backups.end());  // names sort by time
  while (static_cast<int>(backups.size()) > std::max(1, config_.backup_keep)) {
    fs::remove_all(backups.front(), ec);
    backups.erase(backups.begin());
  }
}

void ScheduledBackup::tell_cert(const std::string& reason, core::TimeMs now) {
  try {
    db_.write([&](store::Transaction& tx) {
      for (auto& unit : tx.query("SELECT id FROM units WHERE kind = 'cert' ORDER BY id"))
        for (const auto& c : store::contacts::for_unit(tx, unit.integer(0))) {
          if (!c.active || c.email.empty()) continue;
          const bool en = c.locale == "en";
          const std::string subject = en ? "Tongbao: the scheduled backup FAILED" : "通報平台：排程備份失敗";
          const std::string body =
              en ? "Dear " + c.name + ",\n\nThe scheduled backup into " + config_.backup_dir + " failed:\n\n" + reason +
                       "\n\nThe platform runs on; check the backup folder and take one by hand (tongbao backup).\n"
                 : c.name + " 您好：\n\n排程備份（" + config_.backup_dir + "）失敗：\n\n" + reason +
                       "\n\n平台仍正常運作；請檢查備份資料夾，並以 tongbao backup 手動備份。\n";
          notify::enqueue(tx, {0, "email", c.email, c.name, c.locale, subject, body, "backup_failed", 0}, now);
        }
    });
  } catch (const std::exception& e) {
    std::cerr << "Scheduled backup: the CERT could not be told: " << e.what() << std::endl;
  }
}

}  // namespace tongbao::app
