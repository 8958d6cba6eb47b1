#include "app/backup.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <iostream>
#include <nlohmann/json.hpp>

#include "auth/tokens.h"
#include "core/time_format.h"
#include "store/content_files.h"
#include "store/embedded.h"
#include "store/postgres_database.h"
#include "store/sqlite_backup.h"

namespace tongbao::app {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kManifest = "manifest.json";
constexpr const char* kDatabase = "tongbao.db";
constexpr const char* kKey = "audit.key";
constexpr const char* kCheckpoints = "audit-checkpoints.log";
const std::vector<std::string> kCounted = {"units",       "contacts", "incidents", "incident_events", "warnings",
                                           "attachments", "audit_log", "outbox"};

bool empty_or_missing(const fs::path& dir) { return !fs::exists(dir) || (fs::is_directory(dir) && fs::is_empty(dir)); }

json file_entry(const fs::path& root, const fs::path& file) {
  return {{"path", fs::relative(file, root).generic_string()},
          {"bytes", static_cast<long long>(fs::file_size(file))},
          {"sha256", store::files::sha256_file_hex(file.string())}};
}

void copy_private(const fs::path& from, const fs::path& to) {
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
}

}  // namespace

int backup(const Config& config, const std::string& to) {
  const auto result = take_backup(config, to);
  (result.ok ? std::cout : std::cerr) << (result.ok ? "" : "error: ") << result.message << "\n";
  return result.ok ? 0 : 1;
}

BackupResult take_backup(const Config& config, const std::string& to) {
  const fs::path dir(to);
  if (!empty_or_missing(dir)) return {false, to + " is not empty: a backup goes into a new folder"};
  if (store::PostgresDatabase::is_url(config.database_path()))
    return {false, "the database is PostgreSQL: back it up with PostgreSQL's own tools (pg_basebackup and WAL "
                   "archiving, or pg_dump; docs/deployment.md), and the data folder with the file system's"};
  try {
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);  // it holds the audit key
    // The checkpoints first: every one then names an entry the database copy holds.
    if (fs::exists(config.audit_checkpoints_path())) copy_private(config.audit_checkpoints_path(), dir / kCheckpoints);
    if (fs::exists(config.audit_key_path())) copy_private(config.audit_key_path(), dir / kKey);
    store::backup_sqlite(config.database_path(), (dir / kDatabase).string());

    // The uploaded files the copy's records name; files written since belong to later records.
    const fs::path attachments = fs::path(config.data_dir) / "attachments";
    long long copied = 0;
    for (const auto& digest :
         store::sqlite_column((dir / kDatabase).string(), store::files::kNamedDigestsQuery)) {
      const auto relative = fs::path(digest.substr(0, 2)) / digest;
      fs::create_directories(dir / "attachments" / digest.substr(0, 2));
      fs::copy_file(attachments / relative, dir / "attachments" / relative);
      ++copied;
    }

    // The profiles in force: the configured folder's, or the built-in ones.
    fs::create_directories(dir / "policies");
    if (!config.policy_dir.empty()) {
      for (const auto& entry : fs::directory_iterator(config.policy_dir))
        if (entry.path().extension() == ".profile") fs::copy_file(entry.path(), dir / "policies" / entry.path().filename());
    } else {
      for (const auto& f : embedded::policy_files()) std::ofstream(dir / "policies" / std::string(f.name)) << f.text;
    }

    json manifest = {{"format", 1},
                     {"created_at", core::format_utc(core::SystemClock().now())},
                     {"tongbao_version", TONGBAO_VERSION},
                     {"schema_version", store::sqlite_column((dir / kDatabase).string(),
                                                             "SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
                                            .at(0)},
                     {"policy_dir", !config.policy_dir.empty()},
                     {"counts", store::sqlite_row_counts((dir / kDatabase).string(), kCounted)},
                     {"files", json::array()}};
    for (const auto& entry : fs::recursive_directory_iterator(dir))
      if (entry.is_regular_file()) manifest["files"].push_back(file_entry(dir, entry.path()));
    std::ofstream(dir / kManifest) << manifest.dump(2) << "\n";
    return {true, "Backup written to " + to + ": " + manifest["counts"]["incidents"].dump() + " tickets, " +
                      manifest["counts"]["audit_log"].dump() + " audit entries, " + std::to_string(copied) +
                      " attachment file(s), " + std::to_string(manifest["files"].size()) + " files in all."};
  } catch (const std::exception& e) {
    return {false, std::string("the backup failed: ") + e.what()};
  }
}

int verify_backup(const std::string& dir_text) {
  const fs::path dir(dir_text);
  json manifest;
  try {
    std::ifstream in(dir / kManifest);
    if (!in) {
      std::cout << "Backup NOT VERIFIED: no " << kManifest << " in " << dir_text << "\n";
      return 1;
    }
    manifest = json::parse(in);
  } catch (const std::exception& e) {
    std::cout << "Backup NOT VERIFIED: " << kManifest << " cannot be read: " << e.what() << "\n";
    return 1;
  }
  int problems = 0;
  auto problem = [&](const std::string& text) {
    std::cout << "  " << text << "\n";
    ++problems;
  };
  std::set<std::string> listed;
  for (const auto& f : manifest.value("files", json::array())) {
    const auto path = f.value("path", std::string());
    listed.insert(path);
    const fs::path file = dir / path;
    if (path.empty() || path.find("..") != std::string::npos) problem("a listed path leaves the folder: " + path);
    else if (!fs::is_regular_file(file)) problem("missing: " + path);
    else if (store::files::sha256_file_hex(file.string()) != f.value("sha256", std::string())) problem("changed: " + path);
  }
  if (!listed.count(kDatabase)) problem(std::string("the manifest lists no ") + kDatabase);
  if (problems == 0) {
    const auto integrity = store::sqlite_integrity((dir / kDatabase).string());
    if (integrity != "ok") problem("the database is damaged: " + integrity);
    const auto counts = store::sqlite_row_counts((dir / kDatabase).string(), kCounted);
    for (const auto& [table, n] : counts)
      if (manifest["counts"].value(table, -2LL) != n)
        problem("table " + table + " holds " + std::to_string(n) + " rows, the manifest says " +
                manifest["counts"].value(table, json(-2)).dump());
  }
  if (problems) {
    std::cout << "Backup BROKEN: " << problems << " problem(s) above.\n";
    return 1;
  }
  std::cout << "Backup whole: " << listed.size() << " files match their checksums; " << manifest["counts"]["incidents"]
            << " tickets, " << manifest["counts"]["audit_log"] << " audit entries (taken " << manifest.value("created_at", std::string())
            << ").\n";
  return 0;
}

int restore(const Config& config, const std::string& from) {
  const fs::path data(config.data_dir);
  if (store::PostgresDatabase::is_url(config.database_path())) {
    std::cerr << "error: these backups hold a SQLite database; restore it, then move it with tongbao copy-database\n";
    return 1;
  }
  if (!empty_or_missing(data)) {
    std::cerr << "error: " << config.data_dir
              << " is not empty: a restore makes a new installation and never overwrites one\n";
    return 1;
  }
  if (verify_backup(from) != 0) {
    std::cerr << "error: the backup in " << from << " is not whole: nothing restored\n";
    return 1;
  }
  const fs::path dir(from);
  try {
    fs::create_directories(data);
    fs::copy_file(dir / kDatabase, config.database_path());
    if (fs::exists(dir / kKey)) copy_private(dir / kKey, config.audit_key_path());
    if (fs::exists(dir / kCheckpoints)) copy_private(dir / kCheckpoints, config.audit_checkpoints_path());
    if (fs::exists(dir / "attachments"))
      fs::copy(dir / "attachments", data / "attachments", fs::copy_options::recursive);
    fs::copy(dir / "policies", data / "policies-at-backup", fs::copy_options::recursive);
    std::cout << "Restored into " << config.data_dir << ". The profiles in force at the backup are in "
              << (data / "policies-at-backup").string()
              << " (serve with --policy-dir there if they differ from this version's own).\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "error: the restore failed: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace tongbao::app
