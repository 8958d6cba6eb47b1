#pragma once
// Backups an operator can restore: `tongbao backup --to DIR` while the server runs and writes,
// `tongbao backup verify DIR`, and `tongbao restore --from DIR --data NEWDIR`.
//
// A backup folder holds the database (one consistent moment, by SQLite's online backup), the
// attachments its tickets name, the audit chain's key and signed checkpoints, the policy profiles
// in force, and manifest.json: counts of what it holds and the SHA-256 of every file.
#include <string>

#include "app/config.h"

namespace tongbao::app {

struct BackupResult {
  bool ok = false;
  std::string message;  // what was written, or why it failed
};
BackupResult take_backup(const Config& config, const std::string& to);
// The command: 0 written; 1 refused or failed (the reason on standard error).
int backup(const Config& config, const std::string& to);
// 0 whole; 1 a file is missing, changed or the database is damaged (each problem printed).
int verify_backup(const std::string& dir);
// A new installation in config.data_dir from a verified backup; refuses a folder that is not
// empty, so a live installation is never overwritten. 0 restored, 1 refused or failed.
int restore(const Config& config, const std::string& from);

}  // namespace tongbao::app
