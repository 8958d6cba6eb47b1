#include "audit/audit_log.h"

#include <gtest/gtest.h>

#include "store/sqlite_database.h"
#include "support/temp_dir.h"

using namespace tongbao;

namespace {
void add_entries(store::Database& db, int n) {
  db.write([&](store::Transaction& tx) {
    for (int i = 0; i < n; ++i)
      audit::append(tx, 1000 + i, "2.16.1/admin", "unit.update", "unit", "2.16." + std::to_string(i),
                    R"({"name":"before"})", R"({"name":"after"})");
  });
}
}  // namespace

TEST(AuditLog, ChainVerifies) {
  test_support::TempDir dir;
  store::SqliteDatabase db(dir.file("t.db"));
  add_entries(db, 20);
  auto r = audit::verify(db);
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.entries, 20);
}

TEST(AuditLog, EditedRowIsNamed) {
  test_support::TempDir dir;
  store::SqliteDatabase db(dir.file("t.db"));
  add_entries(db, 10);
  db.write([](store::Transaction& tx) {
    tx.execute("UPDATE audit_log SET after_json = '{\"name\":\"forged\"}' WHERE id = 7");
  });
  auto r = audit::verify(db);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken_id, 7);
  EXPECT_EQ(r.entries, 6);
}

TEST(AuditLog, DeletedRowIsNamed) {
  test_support::TempDir dir;
  store::SqliteDatabase db(dir.file("t.db"));
  add_entries(db, 10);
  db.write([](store::Transaction& tx) { tx.execute("DELETE FROM audit_log WHERE id = 4"); });
  auto r = audit::verify(db);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken_id, 5);
}

TEST(AuditLog, RehashedRowStillBreaksTheNext) {
  test_support::TempDir dir;
  store::SqliteDatabase db(dir.file("t.db"));
  add_entries(db, 5);
  // A forger who recomputes the edited row's own hash still breaks the link to the next row.
  db.write([](store::Transaction& tx) {
    auto e = audit::list(tx, {std::nullopt, std::string("2.16.2"), 1, 0}).at(0);
    e.after_json = R"({"name":"forged"})";
    tx.execute("UPDATE audit_log SET after_json = ?, hash = ? WHERE id = ?",
               {*e.after_json, audit::entry_hash(e), static_cast<std::int64_t>(e.id)});
  });
  auto r = audit::verify(db);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken_id, 4);
}
