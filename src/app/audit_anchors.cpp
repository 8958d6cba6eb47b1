#include "app/audit_anchors.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tongbao::app {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::unique_ptr<audit::CheckpointLog> open_audit_anchors(store::Database& db, const Config& config) {
  const auto key_path = config.audit_key_path();
  auto key = audit::read_chain_key(key_path);
  if (!key) {
    const bool keyed = db.read_value([](store::Transaction& tx) {
      auto h = audit::head(tx);
      return h && h->id >= audit::keyed_from(tx);
    });
    if (keyed)
      throw std::runtime_error("the audit chain is keyed but its key " + key_path +
                               " is missing: restore it from a backup (a new key would leave every keyed entry "
                               "unverifiable)");
    std::filesystem::create_directories(std::filesystem::absolute(key_path).parent_path());
    key = audit::create_chain_key(key_path);
  }
  // Every server over one database must key the chain with the same secret: the database keeps the
  // key's public half, and a server holding another key (its own data folder, not the shared one)
  // refuses to start rather than write entries no one can verify.
  const auto signing = audit::checkpoint_signing_key(*key);
  const auto fingerprint = audit::public_key_hex(signing.public_key);
  db.write([&](store::Transaction& tx) {
    auto kept = tx.query_one("SELECT value FROM settings WHERE name = 'audit_public_key'");
    const auto h = audit::head(tx);
    const bool keyed = h && h->id >= audit::keyed_from(tx);
    if (!kept) {
      tx.execute("INSERT INTO settings (name, value) VALUES ('audit_public_key', ?)", {fingerprint});
    } else if (kept->text(0) != fingerprint && !keyed) {  // nothing keyed yet: no entry depends on the old key
      tx.execute("UPDATE settings SET value = ? WHERE name = 'audit_public_key'", {fingerprint});
    } else if (kept->text(0) != fingerprint) {
      throw std::runtime_error("the audit key " + key_path + " is not the one this database's audit chain is kept with "
                               "(its public key is " + kept->text(0) + "): every server over one database needs the "
                               "same key; share the data folder, or copy audit.key from the first server");
    }
  });
  audit::use_chain_key(*key);
  auto log = std::make_unique<audit::CheckpointLog>(config.audit_checkpoints_path(), signing);
  log->write_public_key();
  return log;
}

audit::VerifyOptions audit_verify_options(const Config& config, const std::string& checkpoints,
                                          const std::string& public_key_file) {
  audit::VerifyOptions options;
  options.key_location = config.audit_key_path();
  options.key = audit::read_chain_key(options.key_location);
  options.checkpoints_path = checkpoints.empty() ? config.audit_checkpoints_path() : checkpoints;
  if (!public_key_file.empty()) {
    options.public_key = audit::parse_public_key(read_text(public_key_file));
    if (!options.public_key) throw std::runtime_error(public_key_file + " does not hold a public key (64 hex digits)");
  } else if (!options.key) {
    const auto beside = std::filesystem::path(config.audit_checkpoints_path()).replace_extension(".pub").string();
    if (std::filesystem::exists(beside)) options.public_key = audit::parse_public_key(read_text(beside));
  }
  return options;
}

}  // namespace tongbao::app
