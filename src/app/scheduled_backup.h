#pragma once
// Backups on a schedule from the configuration: every day at a time of day (Taiwan time) into
// BACKUP_DIR/tongbao-YYYYMMDD-HHMM, keeping the newest N; when one fails, the CERT's contacts are
// told by mail. Runs on its own thread, outside any transaction, so writers never wait for it.
#include <string>

#include "app/config.h"
#include "core/clock.h"
#include "jobs/periodic_thread.h"
#include "store/database.h"

namespace tongbao::app {

class ScheduledBackup {
 public:
  // Throws std::invalid_argument when config.backup_at is not HH:MM.
  ScheduledBackup(const Config& config, store::Database& db, const core::Clock& clock);
  void start();
  void stop();
  // One look at the clock: takes the backup when its time has come. Public for the thread only.
  void tick();

 private:
  core::TimeMs next_after(core::TimeMs t) const;  // the first backup time after t
  void prune() const;
  void tell_cert(const std::string& reason, core::TimeMs now);

  const Config& config_;
  store::Database& db_;
  const core::Clock& clock_;
  int minute_of_day_ = 0;  // Taiwan time
  core::TimeMs next_ = 0;
  jobs::PeriodicThread thread_;
};

}  // namespace tongbao::app
