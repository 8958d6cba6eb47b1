#pragma once
// Signed checkpoints of the audit chain's head, appended to a file outside the database: one
// line each, "ENTRY_ID HEAD_HASH TIME SIGNATURE", the signature Ed25519 over the first three.
// A copy shipped elsewhere is checked with the public key alone; a chain that ends before a
// checkpoint's entry, or whose entry no longer has the checkpoint's hash, was altered.
#include <array>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit/chain_key.h"
#include "core/clock.h"
#include "store/database.h"

namespace tongbao::audit {

struct Checkpoint {
  long long entry_id = 0;
  std::string head_hash;
  std::string at;         // UTC, as written
  std::string signature;  // hex
};

std::string checkpoint_line(const Checkpoint& c);
Checkpoint sign_checkpoint(long long entry_id, const std::string& head_hash, core::TimeMs at, const SigningKey& key);

struct CheckpointFile {
  bool exists = false;
  std::vector<Checkpoint> checkpoints;  // every line up to the first bad one
  int bad_line = 0;                     // 1-based; 0 when every line verified
  std::string problem;                  // why that line is bad
};
// Reads the file and checks every line's signature with `public_key`.
CheckpointFile read_checkpoints(const std::string& path, const std::array<unsigned char, 32>& public_key);

// The writer: appends a checkpoint whenever the head has moved since the last one.
class CheckpointLog {
 public:
  CheckpointLog(std::string path, const SigningKey& key);
  const std::string& path() const { return path_; }
  const std::array<unsigned char, 32>& public_key() const { return key_.public_key; }
  // Writes the public key beside the checkpoints (PATH with the extension .pub), for shipping.
  std::string write_public_key() const;

  // The latest checkpoint of the committed head, written first when the head has moved; nothing
  // while the trail is empty. Never called inside a write: the line would sign entries that may
  // yet be rolled back, and a file keeps what a rollback undoes.
  std::optional<Checkpoint> anchor(store::Database& db, core::TimeMs now);
  // The last checkpoint written (or read from the file at start), without looking at the trail.
  std::optional<Checkpoint> latest();

 private:
  std::string path_;
  SigningKey key_;
  std::mutex mutex_;
  std::optional<Checkpoint> last_;
};

}  // namespace tongbao::audit
