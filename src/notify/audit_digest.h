#pragma once
// Once a day the latest signed checkpoint of the audit chain goes by e-mail to the CERT's
// contacts: copies of the anchor held in mailboxes the server cannot rewrite. The message is
// written to the outbox in the job's transaction, like every other.
#include "audit/checkpoints.h"
#include "core/clock.h"
#include "jobs/scheduler.h"
#include "store/database.h"

namespace tongbao::notify {

class AuditDigest {
 public:
  AuditDigest(audit::CheckpointLog& checkpoints, core::TimeMs period_ms);
  void attach(jobs::Scheduler& scheduler);
  // Schedules the first digest a period from now, unless one is pending already.
  void ensure_scheduled(store::Database& db, core::TimeMs now);
  // The job: the latest checkpoint, mailed to every open CERT contact; the next one a period later.
  void run(store::Transaction& tx, const jobs::Job& job, core::TimeMs now);

 private:
  audit::CheckpointLog& checkpoints_;
  core::TimeMs period_ms_;
};

}  // namespace tongbao::notify
