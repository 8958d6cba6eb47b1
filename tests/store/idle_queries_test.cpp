// What a server does when nobody asks anything must not grow with the data: the delivery thread's
// look for due messages (four times a second) is answered from the partial index of pending
// messages, never by a walk of the whole outbox.
#include <gtest/gtest.h>

#include "notify/outbox.h"
#include "store/open_database.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;

TEST(IdleQueries, DueMessagesAreFoundThroughThePendingIndexNotAScanOfTheOutbox) {
  test_support::TempDir dir;
  auto opened = store::open_database(test_support::test_database_location(dir.file("t.db")));
  auto& db = *opened;
  // Many messages sent long ago, a few pending: what an outbox looks like after years.
  db.write([](store::Transaction& tx) {
    std::vector<notify::Message> sent;
    for (int i = 0; i < 2000; ++i) {
      notify::Message m;
      m.channel = "email";
      m.recipient = "teacher" + std::to_string(i) + "@school.example.edu.tw";
      m.kind = "reminder";
      m.subject = "s";
      m.body = "b";
      sent.push_back(m);
    }
    notify::enqueue_many(tx, sent, 1'000);
    tx.execute("UPDATE outbox SET state = 'sent'", {});
    notify::enqueue_many(tx, {sent.front(), sent.back()}, 5'000);
    if (tx.dialect() == store::Dialect::postgresql) tx.execute("ANALYZE outbox", {});
  });
  db.read([](store::Transaction& tx) {
    const auto due = notify::due(tx, 10'000, 50);
    ASSERT_EQ(due.size(), 2u) << "only the pending ones";
    std::string plan;
    if (tx.dialect() == store::Dialect::sqlite) {
      for (auto& r : tx.query(std::string("EXPLAIN QUERY PLAN ") + notify::kDueQuery, {10'000, 50}))
        plan += r.text(3) + "\n";
      EXPECT_NE(plan.find("outbox_pending"), std::string::npos) << plan;
    } else {
      for (auto& r : tx.query(std::string("EXPLAIN ") + notify::kDueQuery, {10'000, 50})) plan += r.text(0) + "\n";
      EXPECT_EQ(plan.find("Seq Scan on outbox"), std::string::npos) << plan;
    }
    EXPECT_EQ(plan.find("SCAN outbox\n"), std::string::npos) << plan;
  });
}
