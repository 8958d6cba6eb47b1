#include "store/coordinated_store.h"

namespace tongbao::store::coordinated {

std::vector<ChildRow> children(Transaction& tx, long long parent_id, core::TimeMs now) {
  std::vector<ChildRow> out;
  tx.each(
      "SELECT c.id, c.unit_id, COALESCE(c.number, ''), c.state, c.response_json IS NOT NULL, "
      "(SELECT COUNT(*) FROM warnings w WHERE w.incident_id = c.id), "
      "(SELECT COUNT(*) FROM blocks b WHERE b.unit_id = c.unit_id AND b.state <> 'unblocked' "
      " AND (b.expires_at IS NULL OR b.expires_at > ?)), "
      "(SELECT COUNT(*) FROM blocks b WHERE b.unit_id = c.unit_id AND b.state = 'unblock_requested' "
      " AND (b.expires_at IS NULL OR b.expires_at > ?)), "
      "(SELECT COUNT(*) FROM blocks b WHERE b.unit_id = c.unit_id AND (b.state = 'unblocked' "
      " OR (b.expires_at IS NOT NULL AND b.expires_at <= ?))) "
      "FROM incidents c WHERE c.parent_id = ? ORDER BY c.id",
      {now, now, now, static_cast<std::int64_t>(parent_id)}, [&](const RowView& r) {
        ChildRow c;
        c.ticket_id = r.integer(0);
        c.unit_id = r.integer(1);
        c.number = r.text(2);
        c.state = r.text(3);
        c.responded = r.integer(4) != 0;
        c.warnings = r.integer(5);
        c.blocks_in_force = r.integer(6);
        c.unblock_requests = r.integer(7);
        c.blocks_ended = r.integer(8);
        out.push_back(std::move(c));
      });
  return out;
}

}  // namespace tongbao::store::coordinated
