#include "audit/audit_log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "store/embedded.h"
#include "store/open_database.h"
#include "support/queued_writers.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;

namespace {

// Every append needs the chain's key; the tests use a fixed one.
audit::ChainKey test_key(unsigned char fill = 7) {
  audit::ChainKey k;
  k.bytes.fill(fill);
  return k;
}

class AuditLog : public ::testing::Test {
 protected:
  void SetUp() override { audit::use_chain_key(test_key()); }
};

void add_entries(store::Database& db, int n) {
  db.write([&](store::Transaction& tx) {
    for (int i = 0; i < n; ++i)
      audit::append(tx, 1000 + i, "2.16.1/admin", "unit.update", "unit", "2.16." + std::to_string(i),
                    R"({"name":"before"})", R"({"name":"after"})");
  });
}
}  // namespace

TEST_F(AuditLog, ChainVerifies) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  add_entries(db, 20);
  auto r = audit::verify(db);
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.entries, 20);
}

// Entries are chained just before the commit, for all the writes that share it: in the order they
// were appended, seen by their own write before that, and gone with a write that fails.
TEST_F(AuditLog, WritesThatCommitTogetherChainTheirEntriesInOrderAndAFailedOneLeavesNone) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  add_entries(db, 3);
  db.read([](store::Transaction& tx) {
    const auto entries = audit::list(tx, {});
    ASSERT_EQ(entries.size(), 3u);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(entries[2 - i].entity_id, "2.16." + std::to_string(i)) << "appended order";
  });

  // Writer 0 holds its group open, so the others queue behind it and commit together. Every
  // fourth fails after appending; writer 6 reads its own entry before the commit; writer 7 reads
  // the head (writing the group's entries so far) and then fails, which must not lose them.
  constexpr int kWriters = 16;
  std::set<std::string> stayed;
  std::mutex stayed_mutex;
  std::atomic<int> own_seen{0};
  test_support::run_queued_writers(kWriters, [&](int i) {
    const auto name = "w" + std::to_string(i);
    try {
      db.write([&](store::Transaction& tx) {
        audit::append(tx, 5000 + i, "2.16.1/admin", "unit.update", "unit", name, std::nullopt, R"({"n":1})");
        if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(300));
        if (i == 6) own_seen = static_cast<int>(audit::list(tx, {std::nullopt, name, 5, 0}).size());
        if (i == 7) EXPECT_TRUE(audit::head(tx).has_value());
        if (i % 4 == 3) throw std::runtime_error("refused");
      });
      std::lock_guard lock(stayed_mutex);
      stayed.insert(name);
    } catch (const std::runtime_error&) {
    }
  });
  EXPECT_EQ(own_seen.load(), 1) << "a write sees its own entry before its commit";
  EXPECT_EQ(stayed.size(), 12u);
  auto r = audit::verify(db);
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.entries, 15);
  db.read([&](store::Transaction& tx) {
    std::set<std::string> found;
    long long expected_id = 15;
    for (const auto& e : audit::list(tx, {std::nullopt, std::nullopt, 100, 0})) {
      EXPECT_EQ(e.id, expected_id--) << "numbered without gaps";
      if (e.id > 3) found.insert(e.entity_id);
    }
    EXPECT_EQ(found, stayed) << "the entries of the writes that stayed, and none of those that failed";
  });
}

TEST_F(AuditLog, EditedRowIsNamed) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  add_entries(db, 10);
  db.write([](store::Transaction& tx) {
    tx.execute("UPDATE audit_log SET after_json = '{\"name\":\"forged\"}' WHERE id = 7");
  });
  auto r = audit::verify(db);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken_id, 7);
  EXPECT_EQ(r.entries, 6);
}

TEST_F(AuditLog, DeletedRowIsNamed) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  add_entries(db, 10);
  db.write([](store::Transaction& tx) { tx.execute("DELETE FROM audit_log WHERE id = 4"); });
  auto r = audit::verify(db);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken_id, 5);
}

TEST_F(AuditLog, RowRehashedWithoutTheKeyIsNamed) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  add_entries(db, 5);
  // A forger without the key who recomputes the edited row's hash by the plain rule is caught at
  // that row: its hash is not the keyed one.
  db.write([](store::Transaction& tx) {
    auto e = audit::list(tx, {std::nullopt, std::string("2.16.2"), 1, 0}).at(0);
    e.after_json = R"({"name":"forged"})";
    tx.execute("UPDATE audit_log SET after_json = ?, hash = ? WHERE id = ?",
               {*e.after_json, audit::entry_hash(e), static_cast<std::int64_t>(e.id)});
  });
  auto r = audit::verify(db);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken_id, 3);
  EXPECT_EQ(r.problem, "rewritten");
}

TEST_F(AuditLog, AnotherKeyDoesNotVerify) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  add_entries(db, 3);
  auto r = audit::verify(db, {.key = test_key(8)});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken_id, 1);
  r = audit::verify(db, {.key = test_key()});
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.keyed_entries, 3);
}

TEST_F(AuditLog, EntriesBeforeKeyingKeepThePlainRule) {
  test_support::TempDir dir;
  const auto location = test_support::test_database_location(dir.file("t.db"));
  {
    auto db = store::open_database(location);
    // What an earlier version left: plainly hashed entries and no record of keying.
    db->write([](store::Transaction& tx) {
      std::string prev(64, '0');
      for (long long id = 1; id <= 4; ++id) {
        audit::Entry e{id, 1000 + id, "system", "unit.create", "unit", "u" + std::to_string(id), std::nullopt, "{}", prev, ""};
        e.hash = audit::entry_hash(e);
        tx.execute("INSERT INTO audit_log (id, at, actor, action, entity, entity_id, after_json, prev_hash, hash) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {static_cast<std::int64_t>(e.id), e.at, e.actor, e.action, e.entity, e.entity_id, *e.after_json,
                    e.prev_hash, e.hash});
        prev = e.hash;
      }
      // The keying migration as it runs on such a database.
      tx.execute("DROP TABLE audit_chain");
      for (const auto& m : embedded::migrations()) {
        if (m.name.find("_audit_keying") == std::string_view::npos) continue;
        std::string sql(m.sql);
        for (size_t start = 0, end; (end = sql.find(";\n", start)) != std::string::npos; start = end + 2)
          tx.execute(sql.substr(start, end - start));
      }
    });
  }
  auto reopened = store::open_database(location);  // keying starts after entry 4
  auto& db = *reopened;
  EXPECT_EQ(db.read_value([](store::Transaction& tx) { return audit::keyed_from(tx); }), 5);
  add_entries(db, 2);
  auto r = audit::verify(db);
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.entries, 6);
  EXPECT_EQ(r.keyed_entries, 2);
  // Moving the start of keying back to cover the old entries fails them: history is not reinterpreted.
  db.write([](store::Transaction& tx) { tx.execute("UPDATE audit_chain SET keyed_from = 1"); });
  r = audit::verify(db);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_broken_id, 1);
}

TEST(AuditLogWithoutKey, AppendRefusesRatherThanWriteAnUnkeyedEntry) {
  // Runs in its own process state only if no key was set before; the check is on the message.
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  if (audit::chain_key_in_use()) GTEST_SKIP() << "a key is already in use in this process";
  EXPECT_THROW(add_entries(db, 1), std::logic_error);
}
