// tongbao: the incident reporting and response platform's one binary.
#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "app/backup.h"
#include "app/commands.h"
#include "app/config.h"

int main(int argc, char** argv) {
  using tongbao::app::Config;
  Config config;
  CLI::App app{"Tongbao (通報): incident reporting and response platform"};
  app.set_config("--config", "", "Read settings from this file (key = value lines; flags override it)");
  app.require_subcommand(1);
  app.set_version_flag("--version", TONGBAO_VERSION);

  auto add_storage = [&](CLI::App* cmd) {
    cmd->add_option("--data", config.data_dir, "Data directory (created if missing)")->capture_default_str();
    cmd->add_option("--database", config.database,
                    "SQLite database file (default: DATA/tongbao.db), or a PostgreSQL address: "
                    "postgresql://USER@HOST:PORT/NAME");
    cmd->add_option("--audit-key-file", config.audit_key_file,
                    "Key of the audit chain (default: DATA/audit.key, created on the first start)");
  };
  auto add_checkpoints = [&](CLI::App* cmd) {
    cmd->add_option("--audit-checkpoints", config.audit_checkpoints,
                    "Signed checkpoints of the audit chain (default: DATA/audit-checkpoints.log)");
  };

  auto* serve = app.add_subcommand("serve", "Run the server");
  add_storage(serve);
  serve->add_option("--listen", config.listen, "Address to listen on, HOST:PORT")->capture_default_str();
  serve->add_option("--threads", config.threads, "Worker threads")->capture_default_str()->check(CLI::Range(1, 256));
  serve->add_option("--write-threads", config.write_threads,
                    "Threads that run requests which change things while they wait for their commit, apart from "
                    "the request threads (their writes commit together); 0: on the request threads")
      ->capture_default_str()
      ->check(CLI::Range(0, 1024));
  serve->add_option("--hashing-threads", config.hashing_threads,
                    "Threads that hash and check passwords, apart from the request threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  serve->add_option("--hashing-queue", config.hashing_queue,
                    "Password checks that may wait for a hashing thread; beyond them a sign-in gets 429 busy")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{10000}));
  serve->add_option("--trusted-proxy", config.trusted_proxies,
                    "Address or range (CIDR) of a reverse proxy whose X-Forwarded-For header names the client "
                    "(repeatable; none by default: the header is ignored)");
  serve->add_option("--metrics-from", config.metrics_from,
                    "Address or range (CIDR) that may read GET /metrics, Prometheus's scrape (repeatable; "
                    "default: loopback; none: nobody)")
      ->capture_default_str();
  serve->add_option("--web-root", config.web_root, "Folder of the built web application");
  serve->add_option("--body-limit-mb", config.body_limit_mb, "Largest JSON or CSV request body, MiB")->capture_default_str();
  serve->add_option("--attachment-limit-mb", config.attachment_limit_mb, "Largest evidence file, MiB")->capture_default_str();
  serve->add_option("--max-connections", config.max_connections,
                    "Open connections at most (lowered to fit the open-file limit); at the cap the longest idle "
                    "connection is closed to make room, and a 503 answers when none is idle")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  serve->add_flag("--secure-cookies", config.secure_cookies,
                  "Mark cookies Secure and send Strict-Transport-Security (behind HTTPS)");
  serve->add_flag("--demo", config.demo, "Seed the demo organisation into an empty database");
  serve->add_flag("--test-clock", config.test_clock, "Expose POST /api/v1/_test/clock (tests only)");
  serve->add_option("--port-file", config.port_file, "Write the listening port to this file");
  serve->add_option("--public-url", config.public_url,
                    "How users reach this server: printed links, and the origin browsers' changes must come from");
  serve->add_option("--init-oid", config.init_oid, "OID of the CERT created on an empty install")->capture_default_str();
  serve->add_option("--init-code", config.init_code, "Code of that CERT")->capture_default_str();
  serve->add_option("--init-name", config.init_name, "Name of that CERT")->capture_default_str();
  serve->add_option("--policy", config.policy, "Policy profile: taiwan, taiwan-2002, eu-nis2, gdpr, ...")->capture_default_str();
  serve->add_option("--policy-for", config.policy_for, "Profile for one unit kind, KIND=NAME (repeatable)");
  serve->add_option("--policy-dir", config.policy_dir, "Read policy profiles (*.profile) from this folder");
  serve->add_option("--second-factor-required-for", config.second_factor_required_for,
                    "Unit kinds whose contacts must sign in with a second factor, comma-separated, or none")
      ->capture_default_str();
  serve->add_option("--geoip-db", config.geoip_db, "IP-to-country database (.mmdb) for statistics");
  serve->add_option("--smtp-host", config.mail.smtp_host, "SMTP server")->capture_default_str();
  serve->add_option("--smtp-port", config.mail.smtp_port, "SMTP port")->capture_default_str();
  serve->add_flag("--smtp-starttls", config.mail.starttls, "Use STARTTLS");
  serve->add_option("--smtp-user", config.mail.username, "SMTP login");
  serve->add_option("--smtp-password", config.mail.password, "SMTP password");
  serve->add_option("--mail-from", config.mail.from, "Sender address")->capture_default_str();
  serve->add_option("--mail-give-up-hours", config.mail.give_up_hours, "Hours of failed delivery before a message is dead")
      ->capture_default_str();
  serve->add_option("--sms-gateway-url", config.mail.sms_gateway_url, "HTTP endpoint of the SMS gateway (none: no SMS)");
  add_checkpoints(serve);
  serve->add_option("--audit-checkpoint-minutes", config.audit_checkpoint_minutes,
                    "Minutes between checkpoints of the audit chain (when it has moved)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1440));
  serve->add_option("--audit-digest-hours", config.audit_digest_hours,
                    "Hours between mails of the latest checkpoint to the CERT's contacts (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0, 24 * 366));
  serve->add_option("--backup-dir", config.backup_dir, "Take a backup every day into this folder (none when empty)");
  serve->add_option("--backup-at", config.backup_at, "Time of day of the backup, HH:MM Taiwan time")->capture_default_str();
  serve->add_option("--backup-keep", config.backup_keep, "How many scheduled backups to keep")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  serve->add_option("--log", config.log, "Access and error log, JSON lines: - for standard output, or a file")
      ->capture_default_str();
  serve->add_option("--log-level", config.log_level, "info (every request and errors) or error (errors only)")
      ->capture_default_str()
      ->check(CLI::IsMember({"info", "error"}));
  serve->add_option("--statistics-at-start-ms", config.statistics_at_start_ms,
                    "Milliseconds start-up may spend summing the statistics before it answers (the rest in the "
                    "background; statistics answer 503 meanwhile)")
      ->capture_default_str()
      ->check(CLI::Range(0, 3'600'000));
  serve->add_option("--sms-body-template", config.mail.sms_body_template, "Request body for the gateway: {{to}} {{text}} {{id}}");

  auto* units = app.add_subcommand("units", "Import or export the unit tree as CSV");
  units->require_subcommand(1);
  std::string csv_path;
  bool dry_run = false;
  auto* import = units->add_subcommand("import", "Import units from a CSV file (all or nothing)");
  add_storage(import);
  add_checkpoints(import);
  import->add_option("file", csv_path, "CSV file: oid,code,name,kind,parent_oid,ip_ranges")->required();
  import->add_flag("--dry-run", dry_run, "Check the file and report, change nothing");
  std::optional<std::string> root;
  std::string out_path;
  auto* exp = units->add_subcommand("export", "Export units as CSV");
  add_storage(exp);
  exp->add_option("--root", root, "Only this unit and its subtree");
  exp->add_option("-o,--output", out_path, "Output file (default: standard output)");

  auto* audit = app.add_subcommand("audit", "Audit trail");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", "Check the keyed chain, its signed checkpoints and every ticket; names the first problem (exit 1)");
  add_storage(verify);
  std::string checkpoints_copy, public_key_file;
  verify->add_option("--checkpoints", checkpoints_copy,
                     "Checkpoints to check against (default: DATA/audit-checkpoints.log), e.g. a copy kept elsewhere");
  verify->add_option("--public-key", public_key_file,
                     "File with the checkpoints' public key (default: derived from the chain's key)");

  // Recovery from the server's shell for administrators locked out (docs/operations.md).
  auto* contacts = app.add_subcommand("contacts", "Help a contact who is locked out, from the server's shell");
  contacts->require_subcommand(1);
  std::string contact_oid, contact_account;
  auto* reset_password = contacts->add_subcommand("reset-password", "Print a new one-time password (audited)");
  auto* reset_second = contacts->add_subcommand("reset-second-factor", "Clear a contact's second factor (audited, mailed)");
  for (auto* cmd : {reset_password, reset_second}) {
    add_storage(cmd);
    add_checkpoints(cmd);
    cmd->add_option("--unit", contact_oid, "OID of the contact's unit")->required();
    cmd->add_option("--account", contact_account, "The contact's account")->required();
  }

  // The outbox without the web, for a mail outage (docs/operations.md).
  auto* outbox = app.add_subcommand("outbox", "Messages that could not be delivered");
  outbox->require_subcommand(1);
  auto* outbox_dead = outbox->add_subcommand("dead", "List the dead letters");
  auto* outbox_retry = outbox->add_subcommand("retry", "Queue dead letters again (audited)");
  std::optional<long long> retry_id;
  bool retry_all = false;
  for (auto* cmd : {outbox_dead, outbox_retry}) {
    add_storage(cmd);
    add_checkpoints(cmd);
  }
  outbox_retry->add_option("--id", retry_id, "One message");
  outbox_retry->add_flag("--all", retry_all, "Every dead letter");

  // Backups an operator can restore (docs/operations.md).
  auto* backup = app.add_subcommand("backup", "Copy the installation while it runs: `backup --to DIR`, `backup verify DIR`");
  backup->require_subcommand(0, 1);
  add_storage(backup);
  add_checkpoints(backup);
  std::string backup_to, backup_dir, restore_from;
  backup->add_option("--to", backup_to, "New folder for the backup");
  backup->add_option("--policy-dir", config.policy_dir, "The profiles in force, when the server reads them from a folder");
  auto* backup_verify = backup->add_subcommand("verify", "Check a backup's files against its manifest, and its database");
  backup_verify->add_option("dir", backup_dir, "The backup folder")->required();
  auto* restore = app.add_subcommand("restore", "Make a new installation (--data, an empty folder) from a backup");
  add_storage(restore);
  add_checkpoints(restore);
  restore->add_option("--from", restore_from, "The backup folder")->required();

  // Schema changes by hand, before starting newer servers over a shared database (docs/deployment.md).
  auto* migrate = app.add_subcommand("migrate", "Show and apply the database's pending schema migrations");
  add_storage(migrate);
  bool migrate_dry_run = false;
  migrate->add_flag("--dry-run", migrate_dry_run, "Only list what is pending");

  // From one SQLite file to PostgreSQL, for an installation that grows (docs/deployment.md).
  auto* copy = app.add_subcommand("copy-database", "Copy the SQLite database into an empty PostgreSQL one, and verify it");
  add_storage(copy);
  add_checkpoints(copy);
  std::string copy_from, copy_to;
  copy->add_option("--from", copy_from, "The SQLite database: sqlite:PATH")->required();
  copy->add_option("--to", copy_to, "The PostgreSQL database: postgresql://USER@HOST:PORT/NAME")->required();

  CLI11_PARSE(app, argc, argv);
  try {
    if (serve->parsed()) return tongbao::app::serve(config);
    if (import->parsed()) return tongbao::app::import_units(config, csv_path, dry_run);
    if (exp->parsed()) return tongbao::app::export_units(config, root, out_path);
    if (verify->parsed()) return tongbao::app::verify_audit(config, checkpoints_copy, public_key_file);
    if (backup_verify->parsed()) return tongbao::app::verify_backup(backup_dir);
    if (outbox_dead->parsed()) return tongbao::app::list_dead_letters(config);
    if (outbox_retry->parsed()) {
      if (retry_all == retry_id.has_value()) {
        std::cerr << "error: say which: tongbao outbox retry --id N, or --all\n";
        return 2;
      }
      return tongbao::app::retry_dead_letters(config, retry_id);
    }
    if (reset_password->parsed()) return tongbao::app::reset_contact_password(config, contact_oid, contact_account);
    if (reset_second->parsed()) return tongbao::app::reset_contact_second_factor(config, contact_oid, contact_account);
    if (backup->parsed()) {
      if (backup_to.empty()) {
        std::cerr << "error: say where the backup goes: tongbao backup --to DIR\n";
        return 2;
      }
      return tongbao::app::backup(config, backup_to);
    }
    if (restore->parsed()) return tongbao::app::restore(config, restore_from);
    if (migrate->parsed()) return tongbao::app::migrate(config, migrate_dry_run);
    if (copy->parsed()) return tongbao::app::copy_database(config, copy_from, copy_to);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
