#pragma once
// The evidence a unit gives with its unblock request: files (a scan report, a photo of the
// re-imaged machine) added while the block is in force, by the unit owning it, kept like tickets'
// attachments; whoever sees the block sees and downloads them.
#include <string>
#include <utility>
#include <vector>

#include "containment/block_service.h"
#include "core/access.h"
#include "core/clock.h"
#include "store/block_store.h"
#include "store/database.h"

namespace tongbao::containment {

struct EvidenceUpload {
  std::string file_name, declared_type;
  std::string source_file;  // the uploaded bytes on disk; moved into the store when accepted
};

class BlockEvidence {
 public:
  BlockEvidence(store::Database& db, const core::Clock& clock, BlockService& blocks, std::string files_dir)
      : db_(db), clock_(clock), blocks_(blocks), files_dir_(std::move(files_dir)) {}

  // Throws (404, 403, 409) unless the caller may add a file to this block now: checked before a
  // byte is stored, and again when the record is written.
  void check_can_add(const core::Principal& who, long long block_id);
  store::blocks::Evidence add(const core::Principal& who, long long block_id, const EvidenceUpload& upload);
  std::vector<store::blocks::Evidence> list(const core::Principal& who, long long block_id);
  // The record and the file's path on disk, for download.
  std::pair<store::blocks::Evidence, std::string> file(const core::Principal& who, long long evidence_id);

 private:
  void check(store::Transaction& tx, const core::Principal& who, long long block_id);

  store::Database& db_;
  const core::Clock& clock_;
  BlockService& blocks_;
  std::string files_dir_;
};

}  // namespace tongbao::containment
