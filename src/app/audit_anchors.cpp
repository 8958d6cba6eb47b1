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
  audit::use_chain_key(*key);
  auto log = std::make_unique<audit::CheckpointLog>(config.audit_checkpoints_path(), audit::checkpoint_signing_key(*key));
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
