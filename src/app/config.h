#pragma once
// Settings of a running server: defaults that start a new user with no file at all, then a
// configuration file (INI/TOML style key = value), then flags, each overriding the one before.
#include <string>
#include <vector>

namespace tongbao::app {

struct MailSettings {
  std::string smtp_host = "127.0.0.1";
  int smtp_port = 25;
  bool starttls = false;
  std::string username;
  std::string password;
  std::string from = "tongbao@localhost";
  int give_up_hours = 24;            // a message failing this long goes to the dead-letter list
  std::string sms_gateway_url;       // empty: no SMS
  std::string sms_body_template = R"({"to":"{{to}}","text":"{{text}}","id":"{{id}}"})";
};

struct Config {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one
  std::string data_dir = "./data";
  std::string database;                   // default: DATA_DIR/tongbao.db
  int threads = 2;
  int write_threads = 64;                 // requests that change things wait for their commit here
  int hashing_threads = 1;                // password hashing, apart from the request threads
  std::size_t hashing_queue = 8;          // password checks waiting for them; beyond: 429 busy
  std::vector<std::string> trusted_proxies;  // whose X-Forwarded-For names the client
  std::vector<std::string> metrics_from = {"127.0.0.1", "::1"};  // who may read GET /metrics
  std::string web_root;                   // built web application; default: found next to the binary
  std::size_t body_limit_mb = 16;         // JSON and CSV bodies, held in memory
  std::size_t attachment_limit_mb = 512;  // evidence files, streamed to disk
  std::size_t max_connections = 10000;    // open at once; lowered to fit the open-file limit
  bool secure_cookies = false;
  bool demo = false;                      // seed the demo organisation into an empty database
  bool test_clock = false;                // expose POST /api/v1/_test/clock
  std::string port_file;                  // write the bound port here once listening
  std::string public_url;                 // how users reach the server, for printed links
  // The CERT created on an empty install without --demo.
  std::string init_oid = "2.16.886.111.90000.1";
  std::string init_code = "CERT";
  std::string init_name = "CERT";
  std::string policy = "taiwan";          // policy profile by name
  std::vector<std::string> policy_for;    // per unit kind: "school=taiwan"
  std::string policy_dir;
  // Unit kinds whose contacts must sign in with a second factor ("none": nobody must).
  std::string second_factor_required_for = "cert,ministry,regional_centre,county_centre";
  std::string geoip_db;                   // .mmdb country database; default: the one geoip/ installs                 // read *.profile from here instead of the built-in ones
  MailSettings mail;
  // The audit chain's anchors (docs/security.md): its key and the signed checkpoints of its head.
  std::string audit_key_file;             // default: DATA_DIR/audit.key, created on a first start
  std::string audit_checkpoints;          // default: DATA_DIR/audit-checkpoints.log
  int audit_checkpoint_minutes = 10;      // how often the head is checkpointed when it has moved
  int audit_digest_hours = 24;            // the latest checkpoint mailed to the CERT; 0: never
  // How long start-up may spend summing the statistics before it answers; the rest is summed in
  // the background (statistics answer 503 meanwhile). 0: answer at once.
  int statistics_at_start_ms = 1000;
  // The access and error log (JSON lines): "-" for standard output, or a file; level info (every
  // request and errors) or error (errors only).
  // Backups on a schedule (docs/operations.md): into this folder, daily at HH:MM Taiwan time,
  // keeping the newest backup_keep; none when backup_dir is empty.
  std::string backup_dir;
  std::string backup_at = "03:00";
  int backup_keep = 7;
  std::string log = "-";
  std::string log_level = "info";

  std::string database_path() const;
  std::string audit_key_path() const;
  std::string audit_checkpoints_path() const;
  std::string host() const;
  unsigned short port() const;  // throws std::invalid_argument with a readable message
};

}  // namespace tongbao::app
