// Attacks on the audit trail by someone who can write to the database but holds neither the
// chain's key nor the checkpoints shipped elsewhere: each is tried against the real database
// of a real server (a SQLite file, or PostgreSQL), then `tongbao audit verify` must name it.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "audit/audit_log.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"
#include "support/smtp_server.h"
#include "support/test_database.h"

using namespace tongbao::test_support;
using nlohmann::json;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A stopped server's database, opened past the server as an attacker with write access would.
class SqliteFile : public DirectDatabase {
 public:
  using DirectDatabase::DirectDatabase;
  // Recomputes every entry from `from_id` on by the plain SHA-256 rule, as a forger without the
  // key would, so each entry's previous-hash links to the one before.
  void rechain_without_key(long long from_id) {
    std::vector<tongbao::audit::Entry> entries;
    db().read([&](tongbao::store::Transaction& tx) {
      for (const auto& row : tx.query("SELECT id, at, actor, action, entity, entity_id, before_json, after_json "
                                      "FROM audit_log WHERE id >= ? ORDER BY id",
                                      {static_cast<std::int64_t>(from_id)})) {
        tongbao::audit::Entry e;
        e.id = row.integer(0);
        e.at = row.integer(1);
        e.actor = row.text(2);
        e.action = row.text(3);
        e.entity = row.text(4);
        e.entity_id = row.text(5);
        e.before_json = row.optional_text(6);
        e.after_json = row.optional_text(7);
        entries.push_back(e);
      }
    });
    std::string prev = from_id == 1 ? std::string(64, '0') : text_of("SELECT hash FROM audit_log WHERE id = " + std::to_string(from_id - 1));
    for (auto& e : entries) {
      e.prev_hash = prev;
      e.hash = tongbao::audit::entry_hash(e);
      exec("UPDATE audit_log SET prev_hash = '" + e.prev_hash + "', hash = '" + e.hash + "' WHERE id = " +
           std::to_string(e.id));
      prev = e.hash;
    }
  }
};

std::string database_of(const ServerProcess& server) { return server.database(); }
std::string checkpoints_of(const ServerProcess& server) { return server.data_dir() + "/audit-checkpoints.log"; }

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// Renames a unit n times as the CERT: n audit entries.
void make_changes(ServerProcess& server, int n) {
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(cert.patch(std::string("/api/v1/units/") + demo::kSchoolB1, {{"name", "name " + std::to_string(i)}}).status, 200);
}

std::string file_incident(ServerProcess& server) {
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto now = school.get("/api/v1/health").json()["time"].get<std::string>();
  auto filed = school.post("/api/v1/incidents", botnet_report(now));
  EXPECT_EQ(filed.status, 201) << filed.body;
  return filed.json()["number"].get<std::string>();
}

CommandResult verify(const ServerProcess& server, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"audit", "verify"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_tongbao(args, server);
}

json verify_over_api(ServerProcess& server) {
  server.start();
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  auto r = cert.get("/api/v1/audit/verify");
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json();
}

}  // namespace

TEST(AuditAnchors, UntouchedDatabaseIsIntactAndAnchoredOutsideIt) {
  ServerProcess server;
  file_incident(server);
  make_changes(server, 3);
  ASSERT_EQ(server.stop(), 0);

  auto r = verify(server);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "intact")) << r.output;

  // The key lives beside the database, readable by its owner alone; checkpoints name the head.
  struct stat key_stat {};
  ASSERT_EQ(stat((server.data_dir() + "/audit.key").c_str(), &key_stat), 0);
  EXPECT_EQ(key_stat.st_mode & 0777, 0600);
  auto lines = lines_of(checkpoints_of(server));
  ASSERT_FALSE(lines.empty());
  SqliteFile db(database_of(server));
  const auto head = db.integer("SELECT MAX(id) FROM audit_log");
  const auto head_hash = db.text_of("SELECT hash FROM audit_log WHERE id = " + std::to_string(head));
  EXPECT_EQ(lines.back().substr(0, lines.back().find(' ')), std::to_string(head)) << lines.back();
  EXPECT_TRUE(contains(lines.back(), head_hash)) << lines.back();
  // Nothing of the key sits in the database.
  const auto key_hex = read_file(server.data_dir() + "/audit.key").substr(0, 64);
  EXPECT_EQ(db.integer("SELECT COUNT(*) FROM audit_log WHERE hash = '" + key_hex + "' OR after_json LIKE '%" +
                       key_hex + "%'"),
            0);
}

TEST(AuditAnchors, TicketsThroughTheirWholeLifeStayIntact) {
  // No false alarm: every change the platform makes to a ticket leaves it matching its last entry.
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  auto county = server.client();
  county.set_token(sign_in(county, demo::kCountyA, "kaohsiung"));
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  const auto now = school.get("/api/v1/health").json()["time"].get<std::string>();
  auto report = mail_leak_report(now);
  report["support"] = {{"needed", true}, {"kinds", {"forensics"}}, {"detail", "trace the intruder"}};
  auto draft = school.post("/api/v1/incidents", [&] { auto r = report; r["submit"] = false; return r; }());
  ASSERT_EQ(draft.status, 201) << draft.body;
  const std::string path = "/api/v1/incidents/" + std::to_string(draft.json()["id"].get<long long>());
  ASSERT_EQ(school.post(path + "/submit", json::object()).status, 200);
  ASSERT_EQ(cert.post(path + "/support/take", json::object()).status, 200);
  ASSERT_EQ(county.post(path + "/level", {{"level", 3}, {"reason", "個資外洩屬敏感資訊洩漏"}}).status, 200);
  ASSERT_EQ(school.put(path + "/response", full_response(now)).status, 200);
  ASSERT_EQ(county.post(path + "/approve", json::object()).status, 200);
  ASSERT_EQ(school.request("POST", path + "/attachments?name=report.pdf&kind=investigation_report", "%PDF report").status, 201);
  json notification = {{"notified_at", now},
                       {"channel", "e-mail"},
                       {"people", 320},
                       {"content",
                        {{"what_happened", "mailboxes read"},
                         {"data_involved", "names"},
                         {"measures_taken", "passwords reset"},
                         {"contact_point", "it@school.example.edu.tw"},
                         {"remedies", "request correction or deletion"}}}};
  ASSERT_EQ(school.put(path + "/data-subject-notification", notification).status, 200);
  auto closed = cert.post(path + "/close", {{"comment", "結案"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  ASSERT_EQ(server.stop(), 0);

  auto r = verify(server);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "1 tickets match")) << r.output;
}

TEST(AuditAnchors, DeletingTheLastEntriesIsCaughtAsTruncation) {
  ServerProcess server;
  make_changes(server, 60);
  ASSERT_EQ(server.stop(), 0);
  long long head = 0;
  {
    SqliteFile db(database_of(server));
    head = db.integer("SELECT MAX(id) FROM audit_log");
    ASSERT_GT(head, 60);
    db.exec("DELETE FROM audit_log WHERE id > " + std::to_string(head - 50));
  }
  auto r = verify(server);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "truncated")) << r.output;
  EXPECT_TRUE(contains(r.output, "entry " + std::to_string(head - 49))) << r.output;

  auto api = verify_over_api(server);
  EXPECT_FALSE(api["ok"].get<bool>()) << api.dump();
  EXPECT_EQ(api["problem"], "truncated") << api.dump();
}

TEST(AuditAnchors, RewrittenEntryIsCaughtEvenWhenTheChainAfterItIsRecomputed) {
  ServerProcess server;
  make_changes(server, 10);
  ASSERT_EQ(server.stop(), 0);
  long long victim = 0;
  {
    SqliteFile db(database_of(server));
    victim = db.integer("SELECT MAX(id) FROM audit_log") - 5;
    db.exec("UPDATE audit_log SET actor = 'someone-else' WHERE id = " + std::to_string(victim));
    db.rechain_without_key(victim);
  }
  auto r = verify(server);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "entry " + std::to_string(victim))) << r.output;
  EXPECT_TRUE(contains(r.output, "keyed hash")) << r.output;

  auto api = verify_over_api(server);
  EXPECT_FALSE(api["ok"].get<bool>());
  EXPECT_EQ(api["first_broken_id"].get<long long>(), victim);
  EXPECT_EQ(api["problem"], "rewritten");
}

TEST(AuditAnchors, TicketChangedBehindThePlatformsBackIsNamed) {
  ServerProcess server;
  const auto number = file_incident(server);
  file_incident(server);
  ASSERT_EQ(server.stop(), 0);
  ASSERT_EQ(verify(server).exit_code, 0);
  {
    SqliteFile db(database_of(server));
    db.exec("UPDATE incidents SET level = 1 WHERE number = '" + number + "'");
  }
  auto r = verify(server);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, number)) << r.output;
  EXPECT_TRUE(contains(r.output, "level")) << r.output;

  auto api = verify_over_api(server);
  EXPECT_FALSE(api["ok"].get<bool>());
  EXPECT_EQ(api["problem"], "ticket_changed");
  EXPECT_TRUE(contains(api["reason"].get<std::string>(), number)) << api.dump();
}

TEST(AuditAnchors, TicketWithNoAuditEntryIsNamed) {
  ServerProcess server;
  const auto number = file_incident(server);
  ASSERT_EQ(server.stop(), 0);
  // A ticket slipped into the table directly has no audit entry at all.
  {
    SqliteFile db(database_of(server));
    db.exec("CREATE TEMP TABLE slipped AS SELECT * FROM incidents WHERE number = '" + number + "'");
    db.exec("UPDATE slipped SET id = id + 1000, number = number || '9'");
    db.exec("INSERT INTO incidents SELECT * FROM slipped");
  }
  auto r = verify(server);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, number + "9")) << r.output;
  EXPECT_TRUE(contains(r.output, "no audit entry")) << r.output;
}

TEST(AuditAnchors, ForgedCheckpointLineFailsItsSignature) {
  ServerProcess server;
  make_changes(server, 3);
  ASSERT_EQ(server.stop(), 0);
  auto lines = lines_of(checkpoints_of(server));
  ASSERT_FALSE(lines.empty());
  // Point the last checkpoint at an earlier entry, keeping its signature.
  auto& last = lines.back();
  const auto id = std::stoll(last.substr(0, last.find(' ')));
  last = std::to_string(id - 1) + last.substr(last.find(' '));
  {
    std::ofstream out(checkpoints_of(server), std::ios::trunc);
    for (const auto& l : lines) out << l << "\n";
  }
  auto r = verify(server);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "signature")) << r.output;
  EXPECT_TRUE(contains(r.output, "line " + std::to_string(lines.size()))) << r.output;
}

TEST(AuditAnchors, ACopyShippedElsewhereCatchesWhatTheLocalFileNoLongerShows) {
  ServerProcess server;
  make_changes(server, 60);
  ASSERT_EQ(server.stop(), 0);
  // The operator ships the checkpoints and the public key off the machine.
  TempDir elsewhere;
  std::filesystem::copy_file(checkpoints_of(server), elsewhere.file("checkpoints.log"));
  std::filesystem::copy_file(server.data_dir() + "/audit-checkpoints.pub", elsewhere.file("audit.pub"));

  // An intruder truncates the chain and drops the checkpoints that would tell.
  long long head = 0;
  {
    SqliteFile db(database_of(server));
    head = db.integer("SELECT MAX(id) FROM audit_log");
    db.exec("DELETE FROM audit_log WHERE id > " + std::to_string(head - 50));
  }
  std::vector<std::string> kept;
  for (const auto& l : lines_of(checkpoints_of(server)))
    if (std::stoll(l.substr(0, l.find(' '))) <= head - 50) kept.push_back(l);
  {
    std::ofstream out(checkpoints_of(server), std::ios::trunc);
    for (const auto& l : kept) out << l << "\n";
  }
  auto local = verify(server);
  EXPECT_EQ(local.exit_code, 0) << "the local file no longer tells: " << local.output;

  auto shipped = verify(server, {"--checkpoints", elsewhere.file("checkpoints.log"), "--public-key",
                                 elsewhere.file("audit.pub")});
  EXPECT_EQ(shipped.exit_code, 1) << shipped.output;
  EXPECT_TRUE(contains(shipped.output, "truncated")) << shipped.output;

  // A copy checked with another installation's public key does not verify.
  ServerProcess other;
  ASSERT_EQ(other.stop(), 0);
  auto wrong_key = verify(server, {"--checkpoints", elsewhere.file("checkpoints.log"), "--public-key",
                                   other.data_dir() + "/audit-checkpoints.pub"});
  EXPECT_EQ(wrong_key.exit_code, 1) << wrong_key.output;
  EXPECT_TRUE(contains(wrong_key.output, "signature")) << wrong_key.output;
}

TEST(AuditAnchors, DeletedCheckpointFileIsReported) {
  ServerProcess server;
  make_changes(server, 2);
  ASSERT_EQ(server.stop(), 0);
  std::filesystem::remove(checkpoints_of(server));
  auto r = verify(server);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "checkpoint")) << r.output;
}

TEST(AuditAnchors, LostKeyIsNeverReplacedSilently) {
  ServerProcess server;
  make_changes(server, 2);
  ASSERT_EQ(server.stop(), 0);
  std::filesystem::rename(server.data_dir() + "/audit.key", server.data_dir() + "/audit.key.moved");
  auto r = verify(server);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "audit.key")) << r.output;
  auto serve = run_tongbao({"serve", "--listen", "127.0.0.1:0"}, server);
  EXPECT_NE(serve.exit_code, 0) << serve.output;
  EXPECT_TRUE(contains(serve.output, "audit.key")) << serve.output;
  EXPECT_FALSE(std::filesystem::exists(server.data_dir() + "/audit.key"));
}

TEST(AuditAnchors, OldUnkeyedChainKeepsVerifyingAndNewEntriesAreKeyed) {
  ServerProcess server;
  make_changes(server, 5);
  ASSERT_EQ(server.stop(), 0);
  // Make the database what an installation before keyed chains leaves once migrated: every entry
  // chained by plain SHA-256, keying to start after them, no key, no checkpoints.
  long long legacy = 0;
  {
    SqliteFile db(database_of(server));
    db.rechain_without_key(1);
    db.exec("UPDATE audit_chain SET keyed_from = (SELECT MAX(id) + 1 FROM audit_log)");
    legacy = db.integer("SELECT MAX(id) FROM audit_log");
  }
  std::filesystem::remove(server.data_dir() + "/audit.key");
  std::filesystem::remove(checkpoints_of(server));
  std::filesystem::remove(server.data_dir() + "/audit-checkpoints.pub");

  auto r = verify(server);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "intact")) << r.output;

  server.start();
  make_changes(server, 3);
  ASSERT_EQ(server.stop(), 0);
  r = verify(server);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  {
    SqliteFile db(database_of(server));
    EXPECT_EQ(db.integer("SELECT keyed_from FROM audit_chain"), legacy + 1);
    EXPECT_GT(db.integer("SELECT MAX(id) FROM audit_log"), legacy);
    // A forger rewrites an old entry and recomputes the plain chain from there to the end.
    db.exec("UPDATE audit_log SET actor = 'someone-else' WHERE id = 3");
    db.rechain_without_key(3);
  }
  // The checkpoint written at start anchors the last unkeyed entry: it no longer matches.
  r = verify(server);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "entry " + std::to_string(legacy) + " (checkpoint_mismatch)")) << r.output;
  // Even without checkpoints, the first keyed entry fails: the plain hash is not its keyed one.
  std::filesystem::remove(checkpoints_of(server));
  r = verify(server);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "entry " + std::to_string(legacy + 1) + " (rewritten)")) << r.output;
}

TEST(AuditAnchors, DailyDigestMailsTheLatestCheckpointToTheCert) {
  SmtpServer smtp;
  ServerProcess server({.demo = true,
                        .test_clock = true,
                        .extra = {"--smtp-port", std::to_string(smtp.port()), "--mail-from", "tongbao@cert.example.edu.tw"}});
  file_incident(server);  // mails the unit and its centre
  auto school = server.client();
  smtp.wait_for(2);
  ASSERT_EQ(school.post("/api/v1/_test/clock", {{"advance_seconds", 25 * 3600}}).status, 200);

  json digest;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (digest.is_null() && std::chrono::steady_clock::now() < deadline) {
    for (const auto& m : smtp.messages())
      if (m["kind"] == "audit_digest") digest = m;
    if (digest.is_null()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(digest.is_null()) << "no digest mail arrived";
  EXPECT_EQ(digest["to"][0], "cert.1@demo.tongbao.test") << digest.dump();

  // The mail holds a checkpoint line from the file, which verifies alone against the database.
  const auto body = digest["body"].get<std::string>();
  std::string mailed;
  for (const auto& l : lines_of(checkpoints_of(server)))
    if (contains(body, l)) mailed = l;
  ASSERT_FALSE(mailed.empty()) << body;
  ASSERT_EQ(server.stop(), 0);
  TempDir inbox;
  std::ofstream(inbox.file("from-mail.log")) << mailed << "\n";
  auto r = verify(server, {"--checkpoints", inbox.file("from-mail.log")});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "1 checkpoint")) << r.output;
}
