#include "store/open_database.h"

#include <gtest/gtest.h>

#include <future>

#include "core/error.h"
#include "core/unit.h"
#include "store/embedded.h"
#include "store/migrations.h"
#include "store/contact_store.h"
#include "store/unit_store.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;

namespace {
core::Unit unit(std::string oid, std::string code, std::optional<std::string> parent) {
  core::Unit u;
  u.oid = std::move(oid);
  u.code = std::move(code);
  u.name = "Unit " + u.code;
  u.kind = core::UnitKind::school;
  u.parent_oid = std::move(parent);
  return u;
}
}  // namespace

TEST(Database, MigratesOnceAndKeepsDataAcrossReopen) {
  test_support::TempDir dir;
  const auto path = test_support::test_database_location(dir.file("t.db"));
  {
    auto opened = store::open_database(path);
    auto& db = *opened;
    EXPECT_EQ(db.read_value([](store::Transaction& tx) { return store::schema_version(tx); }),
              store::known_schema_version());
    db.write([](store::Transaction& tx) {
      auto u = unit("1.1", "ROOT", std::nullopt);
      store::units::insert(tx, u, 1);
    });
  }
  auto again = store::open_database(path);  // migrations must not run twice
  EXPECT_TRUE(again->read_value([](store::Transaction& tx) { return store::units::any(tx); }));
}

TEST(Database, FailedWriteRollsBackEverything) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  EXPECT_THROW(db.write([](store::Transaction& tx) {
    auto u = unit("1.1", "ROOT", std::nullopt);
    store::units::insert(tx, u, 1);
    throw std::runtime_error("something later failed");
  }),
               std::runtime_error);
  EXPECT_FALSE(db.read_value([](store::Transaction& tx) { return store::units::any(tx); }));
}

TEST(Database, UniqueViolationIsRecognised) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  EXPECT_THROW(db.write([](store::Transaction& tx) {
    auto a = unit("1.1", "SAME", std::nullopt);
    auto b = unit("1.2", "SAME", std::nullopt);
    store::units::insert(tx, a, 1);
    store::units::insert(tx, b, 1);
  }),
               store::UniqueViolation);
}

// A write that catches a failed statement and goes on: SQLite goes on with the transaction, while
// PostgreSQL has ended it and would answer its COMMIT with a rollback. Either way a write that
// returns (or is answered without an error) has its work kept, and one that is not kept throws.
TEST(Database, AWriteThatPassesOverAFailedStatementIsCommittedOnlyIfItSaysSo) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  // Two units with one code: the second is refused, and the write passes over it.
  const auto passing_over_a_failure = [](std::string code, std::string first_oid, std::string second_oid) {
    return [=](store::Transaction& tx) {
      auto a = unit(first_oid, code, std::nullopt);
      auto b = unit(second_oid, code, std::nullopt);
      store::units::insert(tx, a, 1);
      try {
        store::units::insert(tx, b, 1);
      } catch (const store::UniqueViolation&) {
      }
    };
  };
  const auto units_with_code = [&db](const std::string& code) {
    return db.read_value([&](store::Transaction& tx) {
      return tx.query_one("SELECT COUNT(*) FROM units WHERE code = ?", {code})->integer(0);
    });
  };
  bool returned = true;
  try {
    db.write(passing_over_a_failure("SAME", "1.1", "1.2"));
  } catch (const store::StoreError&) {
    returned = false;
  }
  EXPECT_EQ(units_with_code("SAME"), returned ? 1 : 0);
  if (test_support::testing_postgres()) {
    EXPECT_FALSE(returned) << "PostgreSQL ended the transaction at the failure";
  }

  // The same queued, in a group behind a write that stays.
  std::promise<std::exception_ptr> first, second;
  db.write_rerunnable_async([](store::Transaction& tx) {
    auto other = unit("2.1", "OTHER", std::nullopt);
    store::units::insert(tx, other, 1);
  },
                            [&](std::exception_ptr e) { first.set_value(e); });
  db.write_rerunnable_async(passing_over_a_failure("QUEUED", "3.1", "3.2"),
                            [&](std::exception_ptr e) { second.set_value(e); });
  db.finish_queued_writes();
  EXPECT_FALSE(first.get_future().get()) << "the write before it is kept";
  const bool answered_without_error = !second.get_future().get();
  EXPECT_EQ(units_with_code("QUEUED"), answered_without_error ? 1 : 0);
  if (test_support::testing_postgres()) {
    EXPECT_FALSE(answered_without_error);
  }
  EXPECT_EQ(units_with_code("OTHER"), 1);
}

// Statements whose answer a write does not read may be sent on without waiting (PostgreSQL's
// pipeline): one that fails still fails its own write, which leaves nothing, the write reads what
// it sent, and the connection serves the next writes.
TEST(Database, AStatementSentWithoutWaitingFailsItsOwnWriteAndTheNextWritesGoOn) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  db.write([](store::Transaction& tx) { tx.execute("CREATE TABLE kept (k INTEGER NOT NULL UNIQUE)"); });
  const auto add = [](store::Transaction& tx, std::int64_t k) { tx.execute_without_answer("INSERT INTO kept (k) VALUES (?)", {k}); };
  const auto count = [&db] {
    return db.read_value([](store::Transaction& tx) { return tx.query_one("SELECT COUNT(*) FROM kept")->integer(0); });
  };

  EXPECT_THROW(db.write([&](store::Transaction& tx) {
    add(tx, 1);
    add(tx, 1);  // refused
    add(tx, 2);
  }),
               store::UniqueViolation);
  EXPECT_EQ(count(), 0) << "the failed write left nothing";

  db.write([&](store::Transaction& tx) {
    add(tx, 3);
    add(tx, 4);
    EXPECT_EQ(tx.query_one("SELECT COUNT(*) FROM kept")->integer(0), 2) << "a write reads what it sent";
  });
  EXPECT_EQ(count(), 2);

  // Queued writes share a transaction: the one that sends a refused row fails alone.
  constexpr int kWrites = 30;
  std::vector<std::promise<std::exception_ptr>> outcomes(kWrites);
  for (int i = 0; i < kWrites; ++i) {
    db.write_rerunnable_async(
        [&, i](store::Transaction& tx) {
          add(tx, 100 + i);
          if (i % 7 == 2) add(tx, 3);  // already there
        },
        [&outcomes, i](std::exception_ptr e) { outcomes[static_cast<size_t>(i)].set_value(e); });
  }
  db.finish_queued_writes();
  int refused = 0;
  for (int i = 0; i < kWrites; ++i) {
    const bool failed = outcomes[static_cast<size_t>(i)].get_future().get() != nullptr;
    EXPECT_EQ(failed, i % 7 == 2) << "write " << i;
    refused += failed ? 1 : 0;
  }
  EXPECT_EQ(count(), 2 + kWrites - refused);

  // Every connection of the pool still serves: as many writes as it may hold, one after another.
  for (int i = 0; i < 40; ++i) db.write([&](store::Transaction& tx) { add(tx, 1000 + i); });
  EXPECT_EQ(count(), 2 + kWrites - refused + 40);
}

TEST(Database, EachHandsOverRowsOneByOneAndCanBeStopped) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  db.write([](store::Transaction& tx) {
    tx.execute("CREATE TABLE t (n INTEGER, s TEXT)");
    tx.execute("INSERT INTO t VALUES (1, 'a long first text'), (2, NULL), (3, 'c')");
  });
  std::vector<std::string> seen;
  db.read([&](store::Transaction& tx) {
    tx.each("SELECT n, s FROM t ORDER BY n", {}, [&](const store::RowView& r) {
      seen.push_back(std::to_string(r.integer(0)) + (r.is_null(1) ? "-" : std::string(r.text_view(1))));
    });
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"1a long first text", "2-", "3c"}))
      << "a row's text is its own, not left over from the row before";
  // Stopping half way (by throwing) leaves the statement ready for the next run.
  db.read([&](store::Transaction& tx) {
    EXPECT_THROW(tx.each("SELECT n, s FROM t ORDER BY n", {}, [](const store::RowView&) { throw std::runtime_error("stop"); }),
                 std::runtime_error);
    EXPECT_EQ(tx.query("SELECT n, s FROM t ORDER BY n").size(), 3u);
  });
}

TEST(Database, ALeaseIsHeldByOneTakerAtATimeAndFreedWhenDropped) {
  test_support::TempDir dir;
  const auto path = test_support::test_database_location(dir.file("t.db"));
  auto opened = store::open_database(path);
  auto& db = *opened;
  // Many held at once (a delivery run leases every message it sends), each by one taker only.
  std::vector<std::unique_ptr<store::Lease>> held;
  for (std::int64_t id = 1; id <= 40; ++id) {
    held.push_back(db.try_lease("outbox", id));
    ASSERT_NE(held.back(), nullptr) << id;
  }
  EXPECT_EQ(db.try_lease("outbox", 7), nullptr) << "taken twice within one server";
  EXPECT_NE(db.try_lease("jobs", 7), nullptr) << "another kind of row is another lease";
  // Holding them leaves the database free for everyone's reads and writes.
  db.write([](store::Transaction& tx) {
    auto root = unit("1.1", "ROOT", std::nullopt);
    store::units::insert(tx, root, 1);
  });
  if (test_support::testing_postgres()) {
    // A second server over the same database is kept out too.
    auto other = store::open_database(path);
    EXPECT_EQ(other->try_lease("outbox", 7), nullptr) << "taken by two servers";
    held[6].reset();
    auto taken = other->try_lease("outbox", 7);
    EXPECT_NE(taken, nullptr) << "freed when dropped";
    EXPECT_EQ(db.try_lease("outbox", 7), nullptr) << "now the other server's";
  } else {
    held[6].reset();
    EXPECT_NE(db.try_lease("outbox", 7), nullptr) << "freed when dropped";
  }
}

TEST(UnitStore, MovingAUnitMovesItsSubtree) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  db.write([](store::Transaction& tx) {
    for (auto u : {unit("1.1", "ROOT", std::nullopt), unit("1.2", "A", "1.1"), unit("1.3", "B", "1.1"),
                   unit("1.4", "A1", "1.2"), unit("1.5", "A11", "1.4")})
      store::units::insert(tx, u, 1);
    auto a1 = *store::units::find_by_oid(tx, "1.4");
    a1.parent_oid = "1.3";
    store::units::update(tx, a1, 2);
  });
  db.read([](store::Transaction& tx) {
    auto b = *store::units::find_by_oid(tx, "1.3");
    auto a11 = *store::units::find_by_oid(tx, "1.5");
    EXPECT_EQ(a11.path.rfind(b.path, 0), 0u) << a11.path << " should be under " << b.path;
    store::units::ListFilter f;
    f.within_path = b.path;
    EXPECT_EQ(store::units::count(tx, f), 3);
  });
  // A unit cannot move below its own descendant.
  EXPECT_THROW(db.write([](store::Transaction& tx) {
    auto b = *store::units::find_by_oid(tx, "1.3");
    b.parent_oid = "1.5";
    store::units::update(tx, b, 3);
  }),
               core::Error);
}

// A notification reads the contacts of its ticket's unit, its centre and the CERT in one statement.
TEST(ContactStore, TheContactsOfSomeUnitsAndOfEveryUnitOfAKindInOneRead) {
  test_support::TempDir dir;
  auto opened = test_support::open_test_database(dir.file("t.db"));
  auto& db = *opened;
  db.write([](store::Transaction& tx) {
    auto cert = unit("1.1", "CERT", std::nullopt);
    cert.kind = core::UnitKind::cert;
    auto county = unit("1.2", "COUNTY", "1.1");
    county.kind = core::UnitKind::county_centre;
    for (auto u : {cert, county, unit("1.3", "S1", "1.2"), unit("1.4", "S2", "1.2")}) store::units::insert(tx, u, 1);
    // Each unit's contacts, the CERT's second slot first so the order read is the slots'.
    for (auto [oid, slot] : std::vector<std::pair<std::string, int>>{{"1.1", 2}, {"1.1", 1}, {"1.2", 1}, {"1.3", 1}, {"1.4", 1}}) {
      core::Contact c;
      c.unit_id = store::units::find_by_oid(tx, oid)->id;
      c.slot = slot;
      c.account = "a" + std::to_string(slot);
      c.name = oid + "/" + std::to_string(slot);
      c.email = c.account + "@" + oid + ".example";
      store::contacts::insert(tx, c, "", 1);
    }
  });
  db.read([](store::Transaction& tx) {
    const auto id = [&](const char* oid) { return store::units::find_by_oid(tx, oid)->id; };
    const auto names = [](const std::vector<core::Contact>& cs) {
      std::vector<std::string> out;
      for (const auto& c : cs) out.push_back(c.name);
      return out;
    };
    auto reach = store::contacts::for_units_and_kind(tx, {id("1.3"), id("1.2")}, "cert");
    EXPECT_EQ(reach.units_of_kind, std::vector<long long>{id("1.1")});
    ASSERT_EQ(reach.by_unit.size(), 3u) << "the two units asked for and the CERT, not the other school";
    EXPECT_EQ(names(reach.by_unit[id("1.1")]), (std::vector<std::string>{"1.1/1", "1.1/2"}));
    EXPECT_EQ(names(reach.by_unit[id("1.2")]), std::vector<std::string>{"1.2/1"});
    EXPECT_EQ(names(reach.by_unit[id("1.3")]), std::vector<std::string>{"1.3/1"});

    reach = store::contacts::for_units_and_kind(tx, {id("1.4")}, std::nullopt);
    EXPECT_TRUE(reach.units_of_kind.empty());
    EXPECT_EQ(reach.by_unit.size(), 1u);
    EXPECT_EQ(names(reach.by_unit[id("1.4")]), std::vector<std::string>{"1.4/1"});

    reach = store::contacts::for_units_and_kind(tx, {}, "cert");
    EXPECT_EQ(reach.units_of_kind, std::vector<long long>{id("1.1")});
    EXPECT_EQ(reach.by_unit.size(), 1u);
    EXPECT_TRUE(store::contacts::for_units_and_kind(tx, {}, std::nullopt).by_unit.empty());
  });
}
