#include "audit/checkpoints.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "audit/audit_log.h"
#include "notify/audit_digest.h"
#include "store/open_database.h"
#include "support/temp_dir.h"
#include "support/test_database.h"

using namespace tongbao;

namespace {

audit::SigningKey signing_key(unsigned char fill) {
  audit::ChainKey k;
  k.bytes.fill(fill);
  return audit::checkpoint_signing_key(k);
}

// A keyed audit trail in a test database, with its checkpoints file beside it.
struct KeyedTrail {
  explicit KeyedTrail(unsigned char fill) : chain(in_use(fill)) {}
  // The chain key, in use before the members after it (the database, the log) are made.
  static audit::ChainKey in_use(unsigned char fill) {
    audit::ChainKey k;
    k.bytes.fill(fill);
    audit::use_chain_key(k);
    return k;
  }
  // One entry, in the caller's write.
  static void add(store::Transaction& tx) { audit::append(tx, 1000, "system", "unit.create", "unit", "u", std::nullopt, "{}"); }

  test_support::TempDir dir;
  audit::ChainKey chain;
  std::unique_ptr<store::Database> opened = test_support::open_test_database(dir.file("t.db"));
  store::Database& db = *opened;
  const std::string path = dir.file("checkpoints.log");
  audit::CheckpointLog log{path, audit::checkpoint_signing_key(chain)};
};

}  // namespace

TEST(ChainKey, CreatedReadableByItsOwnerAloneAndNeverReplaced) {
  test_support::TempDir dir;
  const auto path = dir.file("audit.key");
  EXPECT_FALSE(audit::read_chain_key(path));
  const auto created = audit::create_chain_key(path);
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto read = audit::read_chain_key(path);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->bytes, created.bytes);
  EXPECT_THROW(audit::create_chain_key(path), std::runtime_error);
  EXPECT_EQ(audit::read_chain_key(path)->bytes, created.bytes);
  std::ofstream(path, std::ios::trunc) << "not a key\n";
  EXPECT_THROW(audit::read_chain_key(path), std::runtime_error);
}

TEST(Checkpoints, SignedLinesVerifyWithThePublicKeyAlone) {
  test_support::TempDir dir;
  const auto key = signing_key(1);
  const auto path = dir.file("checkpoints.log");
  {
    std::ofstream out(path);
    out << audit::checkpoint_line(audit::sign_checkpoint(5, std::string(64, 'a'), 1'700'000'000'000, key)) << "\n";
    out << audit::checkpoint_line(audit::sign_checkpoint(9, std::string(64, 'b'), 1'700'000'060'000, key)) << "\n";
  }
  auto file = audit::read_checkpoints(path, key.public_key);
  EXPECT_TRUE(file.exists);
  EXPECT_EQ(file.bad_line, 0) << file.problem;
  ASSERT_EQ(file.checkpoints.size(), 2u);
  EXPECT_EQ(file.checkpoints[1].entry_id, 9);
  EXPECT_EQ(file.checkpoints[1].at, "2023-11-14T22:14:20Z");

  // Another installation's public key: the first line already fails.
  auto other = audit::read_checkpoints(path, signing_key(2).public_key);
  EXPECT_EQ(other.bad_line, 1);
  EXPECT_NE(other.problem.find("signature"), std::string::npos);
}

TEST(Checkpoints, AnyChangedFieldFailsTheSignature) {
  test_support::TempDir dir;
  const auto key = signing_key(1);
  const auto good = audit::sign_checkpoint(5, std::string(64, 'a'), 1'700'000'000'000, key);
  auto variants = std::vector<audit::Checkpoint>(4, good);
  variants[0].entry_id = 6;
  variants[1].head_hash[0] = 'b';
  variants[2].at = "2023-11-14T22:13:21Z";
  variants[3].signature[10] = variants[3].signature[10] == '0' ? '1' : '0';
  for (size_t i = 0; i < variants.size(); ++i) {
    const auto path = dir.file("c" + std::to_string(i));
    std::ofstream(path) << audit::checkpoint_line(good) << "\n" << audit::checkpoint_line(variants[i]) << "\n";
    auto file = audit::read_checkpoints(path, key.public_key);
    EXPECT_EQ(file.bad_line, 2) << i;
    EXPECT_EQ(file.checkpoints.size(), 1u) << i;
  }
  const auto path = dir.file("garbled");
  std::ofstream(path) << "5 abc\n";
  EXPECT_EQ(audit::read_checkpoints(path, key.public_key).bad_line, 1);
}

TEST(Checkpoints, LogWritesOnlyWhenTheHeadMoved) {
  KeyedTrail trail(3);
  auto& [dir, chain, opened, db, path, log] = trail;
  EXPECT_FALSE(log.anchor(db, 1000));  // nothing to anchor yet
  auto add = [&] { db.write(KeyedTrail::add); };
  add();
  auto first = log.anchor(db, 2000);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->entry_id, 1);
  EXPECT_EQ(log.anchor(db, 3000)->at, first->at);  // unchanged head: no new line
  add();
  EXPECT_EQ(log.anchor(db, 4000)->entry_id, 2);
  auto file = audit::read_checkpoints(dir.file("checkpoints.log"), log.public_key());
  EXPECT_EQ(file.checkpoints.size(), 2u);
  EXPECT_EQ(file.bad_line, 0);
  // A new writer on the same file carries on from its last line.
  audit::CheckpointLog again(dir.file("checkpoints.log"), audit::checkpoint_signing_key(chain));
  again.anchor(db, 5000);
  EXPECT_EQ(audit::read_checkpoints(dir.file("checkpoints.log"), log.public_key()).checkpoints.size(), 2u);

  // verify matches them against the chain, and names a truncation.
  auto r = audit::verify(db, {.key = chain, .checkpoints_path = dir.file("checkpoints.log")});
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.checkpoints, 2);
  db.write([](store::Transaction& tx) { tx.execute("DELETE FROM audit_log WHERE id = 2"); });
  r = audit::verify(db, {.key = chain, .checkpoints_path = dir.file("checkpoints.log")});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.problem, "truncated");
  EXPECT_EQ(r.first_broken_id, 2);
}

// The daily digest runs inside a job's write, which its group may roll back: the checkpoints file
// keeps what a rollback undoes, so nothing the digest leaves there may sign an uncommitted entry.
TEST(Checkpoints, ADigestInAWriteThatRollsBackLeavesNoLineForItsEntries) {
  KeyedTrail trail(4);
  auto& [dir, chain, opened, db, path, log] = trail;
  db.write(KeyedTrail::add);
  ASSERT_EQ(log.anchor(db, 2000)->entry_id, 1);

  notify::AuditDigest digest(log, 24LL * 3600 * 1000);
  jobs::Job job;
  job.kind = "audit_digest";
  job.due_at = 3000;
  EXPECT_THROW(db.write([&](store::Transaction& tx) {
    KeyedTrail::add(tx);  // entry 2, never committed
    digest.run(tx, job, 3000);
    throw std::runtime_error("a later write of the group failed its commit");
  }), std::runtime_error);

  const auto file = audit::read_checkpoints(path, log.public_key());
  ASSERT_EQ(file.bad_line, 0) << file.problem;
  ASSERT_FALSE(file.checkpoints.empty());
  EXPECT_EQ(file.checkpoints.back().entry_id, 1);
  const auto r = audit::verify(db, {.key = chain, .checkpoints_path = path});
  EXPECT_TRUE(r.ok) << r.reason;
}
