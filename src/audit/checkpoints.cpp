#include "audit/checkpoints.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "audit/audit_log.h"
#include "core/time_format.h"

namespace tongbao::audit {
namespace {

void ensure_sodium() {
  static const int ready = sodium_init();
  if (ready < 0) throw std::runtime_error("libsodium failed to initialise");
}

// What is signed: a fixed label first, so no other signed text can pass for a checkpoint.
std::string signed_text(long long entry_id, const std::string& head_hash, const std::string& at) {
  return "tongbao audit checkpoint v1\n" + std::to_string(entry_id) + "\n" + head_hash + "\n" + at;
}

std::optional<Checkpoint> parse_line(const std::string& line) {
  std::istringstream in(line);
  Checkpoint c;
  std::string id, extra;
  if (!(in >> id >> c.head_hash >> c.at >> c.signature) || (in >> extra)) return std::nullopt;
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos || id.size() > 18) return std::nullopt;
  c.entry_id = std::stoll(id);
  return c;
}

bool signature_holds(const Checkpoint& c, const std::array<unsigned char, 32>& public_key) {
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  size_t written = 0;
  if (c.signature.size() != sig.size() * 2 ||
      sodium_hex2bin(sig.data(), sig.size(), c.signature.data(), c.signature.size(), nullptr, &written, nullptr) != 0 ||
      written != sig.size())
    return false;
  const auto text = signed_text(c.entry_id, c.head_hash, c.at);
  return crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                     public_key.data()) == 0;
}

// One write of the whole line with O_APPEND, then fsync: a crash leaves whole lines only.
void append_line(const std::string& path, const std::string& line) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open the audit checkpoints " + path + ": " + std::strerror(errno));
  const std::string text = line + "\n";
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot append to the audit checkpoints " + path);
}

}  // namespace

std::string checkpoint_line(const Checkpoint& c) {
  return std::to_string(c.entry_id) + " " + c.head_hash + " " + c.at + " " + c.signature;
}

Checkpoint sign_checkpoint(long long entry_id, const std::string& head_hash, core::TimeMs at, const SigningKey& key) {
  ensure_sodium();
  Checkpoint c{entry_id, head_hash, core::format_utc(at), {}};
  const auto text = signed_text(c.entry_id, c.head_hash, c.at);
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                       key.secret.data());
  c.signature.resize(sig.size() * 2 + 1);
  sodium_bin2hex(c.signature.data(), c.signature.size(), sig.data(), sig.size());
  c.signature.pop_back();
  return c;
}

CheckpointFile read_checkpoints(const std::string& path, const std::array<unsigned char, 32>& public_key) {
  ensure_sodium();
  CheckpointFile out;
  std::ifstream in(path);
  out.exists = static_cast<bool>(in);
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto c = parse_line(line);
    if (!c) {
      out.bad_line = number;
      out.problem = "line " + std::to_string(number) + " of " + path + " is not a checkpoint";
      break;
    }
    if (!signature_holds(*c, public_key)) {
      out.bad_line = number;
      out.problem = "the signature of line " + std::to_string(number) + " of " + path + " does not verify";
      break;
    }
    out.checkpoints.push_back(std::move(*c));
  }
  return out;
}

CheckpointLog::CheckpointLog(std::string path, const SigningKey& key) : path_(std::move(path)), key_(key) {
  auto existing = read_checkpoints(path_, key_.public_key);
  if (!existing.checkpoints.empty()) last_ = existing.checkpoints.back();
}

std::string CheckpointLog::write_public_key() const {
  auto pub = std::filesystem::path(path_).replace_extension(".pub").string();
  const std::string tmp = pub + ".tmp";
  std::ofstream(tmp) << public_key_hex(key_.public_key) << "\n";
  std::filesystem::rename(tmp, pub);
  return pub;
}

std::optional<Checkpoint> CheckpointLog::anchor(store::Database& db, core::TimeMs now) {
  auto h = db.read_value([](store::Transaction& tx) { return head(tx); });
  std::lock_guard lock(mutex_);
  if (!h) return last_;
  if (last_ && last_->entry_id == h->id && last_->head_hash == h->hash) return last_;
  auto c = sign_checkpoint(h->id, h->hash, now, key_);
  append_line(path_, checkpoint_line(c));
  last_ = c;
  return last_;
}

std::optional<Checkpoint> CheckpointLog::latest() {
  std::lock_guard lock(mutex_);
  return last_;
}

}  // namespace tongbao::audit
