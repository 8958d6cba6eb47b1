#include "containment/block_evidence.h"

#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "core/error.h"
#include "incidents/incident_service.h"
#include "store/content_files.h"

namespace tongbao::containment {

namespace sb = store::blocks;

void BlockEvidence::check(store::Transaction& tx, const core::Principal& who, long long block_id) {
  auto b = sb::find(tx, block_id);
  if (!b || b->unit_id != who.unit_id) throw core::forbidden("The unit whose address is blocked gives the evidence.");
  if (!b->in_force(clock_.now()))
    throw core::Error(core::ErrorKind::conflict, "not_in_force", "this block is no longer in force");
  if (sb::evidence(tx, block_id).size() >= core::kMaxBlockEvidence)
    throw core::Error(core::ErrorKind::conflict, "too_many_files",
                      "a block carries at most " + std::to_string(core::kMaxBlockEvidence) + " evidence files");
}

void BlockEvidence::check_can_add(const core::Principal& who, long long block_id) {
  blocks_.get(who, block_id);  // 404 unless the caller sees it
  db_.read([&](store::Transaction& tx) { check(tx, who, block_id); });
}

sb::Evidence BlockEvidence::add(const core::Principal& who, long long block_id, const EvidenceUpload& up) {
  // Permission first: a refused upload leaves nothing in the store.
  check_can_add(who, block_id);
  const store::files::ContentFiles files(files_dir_);
  const auto received = files.receive(up.source_file);
  sb::Evidence e;
  e.block_id = block_id;
  e.file_name = incidents::sanitise_file_name(up.file_name);
  e.declared_type = up.declared_type.substr(0, 100);
  e.size_bytes = received.size_bytes;
  e.sha256 = received.sha256;
  bool placed = false;
  try {
    db_.write([&](store::Transaction& tx) {
      check(tx, who, block_id);  // the block may have changed meanwhile
      const auto now = clock_.now();
      placed = files.place(up.source_file, e.sha256);
      e.uploaded_by = who.label;
      e.uploaded_at = now;
      e.id = sb::add_evidence(tx, e);
      sb::add_event(tx, block_id, {now, who.label, "evidence_added", e.file_name, {}});
      audit::append(tx, now, who.label, "block.evidence", "block", std::to_string(block_id), std::nullopt,
                    nlohmann::json{{"file_name", e.file_name}, {"sha256", e.sha256}, {"size_bytes", e.size_bytes}}.dump());
    });
  } catch (...) {
    if (placed)
      db_.write([&](store::Transaction& tx) {
        if (!store::files::content_in_use(tx, e.sha256)) files.remove(e.sha256);
      });
    throw;
  }
  return e;
}

std::vector<sb::Evidence> BlockEvidence::list(const core::Principal& who, long long block_id) {
  blocks_.get(who, block_id);
  return db_.read_value([&](store::Transaction& tx) { return sb::evidence(tx, block_id); });
}

std::pair<sb::Evidence, std::string> BlockEvidence::file(const core::Principal& who, long long evidence_id) {
  auto e = db_.read_value([&](store::Transaction& tx) { return sb::find_evidence(tx, evidence_id); });
  const auto hidden = "No evidence file " + std::to_string(evidence_id) + " is visible to you.";
  if (!e) throw core::not_found(hidden);
  try {
    blocks_.get(who, e->block_id);
  } catch (const core::Error&) {
    throw core::not_found(hidden);
  }
  return {*e, store::files::ContentFiles(files_dir_).path_of(e->sha256)};
}

}  // namespace tongbao::containment
