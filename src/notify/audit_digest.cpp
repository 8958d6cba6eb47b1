#include "notify/audit_digest.h"

#include "audit/chain_key.h"
#include "notify/outbox.h"
#include "store/contact_store.h"

namespace tongbao::notify {
namespace {

constexpr const char* kDigestJob = "audit_digest";

struct Text {
  std::string subject, body;
};

Text compose(const std::string& locale, const audit::Checkpoint& c, const std::string& public_key) {
  const auto line = audit::checkpoint_line(c);
  if (locale == "en")
    return {"Audit trail checkpoint: entry " + std::to_string(c.entry_id),
            "The audit trail's latest signed checkpoint:\n\n" + line +
                "\n\nKeep this message. To check the trail against it, save the line to a file and run\n"
                "  tongbao audit verify --data DIR --checkpoints FILE --public-key KEYFILE\n"
                "where KEYFILE holds the checkpoints' public key kept from the installation:\n" +
                public_key + "\n"};
  return {"稽核軌跡檢查點：第 " + std::to_string(c.entry_id) + " 筆",
          "稽核軌跡最新的簽章檢查點：\n\n" + line +
              "\n\n請保存本信。要以此檢查稽核軌跡，將上列一行存為檔案後執行\n"
              "  tongbao audit verify --data DIR --checkpoints FILE --public-key KEYFILE\n"
              "KEYFILE 為安裝時保存的檢查點公鑰：\n" +
              public_key + "\n"};
}

}  // namespace

AuditDigest::AuditDigest(audit::CheckpointLog& checkpoints, core::TimeMs period_ms)
    : checkpoints_(checkpoints), period_ms_(period_ms) {}

void AuditDigest::attach(jobs::Scheduler& scheduler) {
  scheduler.on(kDigestJob, [this](store::Transaction& tx, const jobs::Job& job, core::TimeMs now) { run(tx, job, now); });
}

void AuditDigest::ensure_scheduled(store::Database& db, core::TimeMs now) {
  db.write([&](store::Transaction& tx) {
    if (!jobs::has_pending(tx, kDigestJob)) jobs::schedule_routine(tx, now + period_ms_, kDigestJob, now);
  });
}

void AuditDigest::run(store::Transaction& tx, const jobs::Job& job, core::TimeMs now) {
  // The next one on the same daily grid, however long the server was away.
  core::TimeMs next = job.due_at + period_ms_;
  while (next <= now) next += period_ms_;
  jobs::schedule_routine(tx, next, kDigestJob, now);

  // The checkpoint last written from the committed trail (at start, then every few minutes): one
  // anchored here, inside this job's write, would sign entries its group may yet roll back.
  auto checkpoint = checkpoints_.latest();
  if (!checkpoint) return;  // an empty trail has nothing to anchor
  const auto public_key = audit::public_key_hex(checkpoints_.public_key());
  for (auto& unit : tx.query("SELECT id FROM units WHERE kind = 'cert' ORDER BY id"))
    for (const auto& c : store::contacts::for_unit(tx, unit.integer(0))) {
      if (!c.active || c.email.empty()) continue;
      auto text = compose(c.locale, *checkpoint, public_key);
      enqueue(tx, {0, "email", c.email, c.name, c.locale, text.subject, text.body, kDigestJob, 0}, now);
    }
}

}  // namespace tongbao::notify
