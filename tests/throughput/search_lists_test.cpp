// A centre's search over its subtree: open tickets first, then closed ones, newest first in each,
// whatever the length of the words. Over a subtree of many units SQLite walks the search index's
// matches newest first (so a page of a common word ends early), and words of one or two
// characters, most Chinese words, come from the index of characters and pairs rather than a read
// of every ticket's text. That index is written behind the filings, many tickets at a time: the
// tickets it has not reached are found by their text, and a ticket changed before or after it
// was reached is found by its new words only.
#include <gtest/gtest.h>

#include "core/error.h"
#include "org/organisation.h"
#include "store/incident_store.h"
#include "store/unit_store.h"
#include "support/demo.h"
#include "support/demo_services.h"
#include "support/ticket_copies.h"

using namespace tongbao;

namespace {

long long file_with(test_support::DemoServices& s, const core::Principal& who, const std::string& description) {
  auto body = test_support::botnet_report(core::format_utc(s.clock.now() - 3'600'000));
  body["description"] = description;
  core::JsonInput in(body, "", core::kReportFields);
  return s.incidents.create(who, core::parse_report(in), false, true).incident.id;
}

std::vector<long long> found(test_support::DemoServices& s, const core::Principal& who, const std::string& words,
                             int limit = 50, int offset = 0) {
  incidents::ListQuery q;
  q.scope = "all";
  q.text = words;
  q.limit = limit;
  q.offset = offset;
  std::vector<long long> ids;
  for (const auto& item : s.incidents.list(who, q).items) ids.push_back(item.summary.id);
  return ids;
}

long long total(test_support::DemoServices& s, const core::Principal& who, const std::string& words) {
  incidents::ListQuery q;
  q.scope = "all";
  q.text = words;
  return s.incidents.list(who, q).total;
}

// A county with twenty more schools (a subtree too large to read unit by unit, so that SQLite
// walks the search index's matches), one of its schools and its centre.
struct LargeCounty {
  test_support::DemoServices s;
  core::Principal school, centre;
  LargeCounty() {
    s.add_schools(test_support::demo::kCountyA, 20, ".9");
    school = s.principal(test_support::demo::kSchoolA1, "teacher");
    centre = s.principal(test_support::demo::kCountyA, "kaohsiung");
  }
};

}  // namespace

TEST(SearchLists, ACentreFindsWordsOfAnyLengthOpenFirstAndNewestFirst) {
  test_support::DemoServices s;
  // Twenty more schools under the county: a subtree too large to read unit by unit.
  s.add_schools(test_support::demo::kCountyA, 20, ".9");
  const auto school = s.principal(test_support::demo::kSchoolA1, "teacher");
  const auto centre = s.principal(test_support::demo::kCountyA, "kaohsiung");
  const auto elsewhere = s.principal(test_support::demo::kSchoolB1, "teacher");

  const auto lab = file_with(s, school, "電腦教室主機中毒");       // closed below
  const auto ransom = file_with(s, school, "勒索軟體加密檔案");    // open
  const auto infected = file_with(s, school, "電腦中毒，已隔離");  // closed below
  const auto office = file_with(s, school, "行政電腦連線異常");    // open
  file_with(s, elsewhere, "電腦中毒");                             // another county's
  s.db.write([&](store::Transaction& tx) {
    tx.execute("UPDATE incidents SET state = 'closed' WHERE id IN (?, ?)", {lab, infected});
  });

  using Ids = std::vector<long long>;
  auto check_all_words = [&](const char* when) {
    EXPECT_EQ(found(s, centre, "電腦"), (Ids{office, infected, lab})) << when << ": open first, then newest first";
    EXPECT_EQ(found(s, centre, "中毒"), (Ids{infected, lab})) << when;
    EXPECT_EQ(found(s, centre, "毒"), (Ids{infected, lab})) << when << ": one character";
    EXPECT_EQ(found(s, centre, "勒索"), (Ids{ransom})) << when << ": a rare word";
    EXPECT_EQ(found(s, centre, "電腦 中毒"), (Ids{infected, lab})) << when << ": two short words";
    EXPECT_EQ(found(s, centre, "教室主機"), (Ids{lab})) << when << ": a word the trigram index answers";
    EXPECT_EQ(found(s, centre, "電腦教 毒"), (Ids{lab})) << when << ": a long word and a short one";
    EXPECT_EQ(found(s, centre, "腦中"), (Ids{infected})) << when << ": a pair across a word's end";
    EXPECT_TRUE(found(s, centre, "腦毒").empty()) << when << ": characters apart are not a pair";
    EXPECT_EQ(total(s, centre, "電腦"), 3) << when;
    EXPECT_EQ(found(s, school, "電腦"), (Ids{office, infected, lab})) << when << ": the school itself";
    EXPECT_EQ(found(s, elsewhere, "中毒").size(), 1u) << when << ": only its own";
    // Page by page, the same order.
    EXPECT_EQ(found(s, centre, "電腦", 1, 0), (Ids{office})) << when;
    EXPECT_EQ(found(s, centre, "電腦", 1, 1), (Ids{infected})) << when;
    EXPECT_EQ(found(s, centre, "電腦", 2, 2), (Ids{lab})) << when;
    EXPECT_TRUE(found(s, centre, "電腦", 2, 3).empty()) << when;
  };
  check_all_words("before the index of pairs is written");
  auto write_pairs = [&] {
    long long written = 0;
    s.db.write([&](store::Transaction& tx) { written = store::incidents::write_search_pairs(tx, 1000); });
    return written;
  };
  EXPECT_EQ(write_pairs(), 5);
  EXPECT_EQ(write_pairs(), 0) << "written once";
  check_all_words("with the index of pairs");

  // A ticket filed since: found by its text until the index reaches it, then through the index.
  const auto fresh = file_with(s, school, "電腦病毒");
  EXPECT_EQ(found(s, centre, "電腦"), (Ids{fresh, office, infected, lab}));
  EXPECT_EQ(found(s, centre, "病毒"), (Ids{fresh}));
  EXPECT_EQ(write_pairs(), 1);
  EXPECT_EQ(found(s, centre, "電腦"), (Ids{fresh, office, infected, lab}));
  EXPECT_EQ(found(s, centre, "病毒"), (Ids{fresh}));
  s.db.write([&](store::Transaction& tx) { tx.execute("UPDATE incidents SET state = 'discarded' WHERE id = ?", {fresh}); });
  EXPECT_EQ(found(s, centre, "電腦"), (Ids{office, fresh, infected, lab})) << "discarded is closed";

  auto rewrite = [&](long long id, const std::string& description) {
    s.db.write([&](store::Transaction& tx) {
      auto t = *store::incidents::find(tx, id);
      t.report.description = description;
      store::incidents::update(tx, t, t.level, {});  // (no lateness: not what this test reads)
    });
  };
  rewrite(fresh, "網頁遭竄改");
  check_all_words("with a ticket rewritten in the index");
  // Rewritten once in the index: the old pairs leave with the old text.
  rewrite(ransom, "勒索軟體，已還原");
  EXPECT_TRUE(found(s, centre, "加密").empty()) << "the words it no longer has";
  EXPECT_EQ(found(s, centre, "還原"), (Ids{ransom}));
  EXPECT_EQ(found(s, centre, "勒索"), (Ids{ransom}));

  // Made again, as after an upgrade: short words read the text until it is written. A ticket
  // rewritten meanwhile is written from its new text only.
  s.db.write([&](store::Transaction& tx) { store::incidents::restart_search_pairs(tx); });
  check_all_words("while the index of pairs is made again");
  rewrite(ransom, "勒索軟體，已重灌");
  EXPECT_TRUE(found(s, centre, "還原").empty());
  EXPECT_GE(write_pairs(), 5);
  check_all_words("after it is made again");
  EXPECT_TRUE(found(s, centre, "還原").empty()) << "the words it no longer has";
  EXPECT_EQ(found(s, centre, "重灌"), (Ids{ransom}));

  // A common word: its open tickets are found among the open ones (the county's few), not by
  // walking its many matches; the page and total are as before.
  const auto common = file_with(s, school, "機房電腦");
  test_support::copy_ticket(s.db, common, 600);
  const auto newest = s.db.read_value([](store::Transaction& tx) { return tx.query_one("SELECT MAX(id) FROM incidents")->integer(0); });
  Ids expected_first;
  for (long long id = newest; id > newest - 3; --id) expected_first.push_back(id);
  EXPECT_EQ(found(s, centre, "電腦", 3, 0), expected_first);
  EXPECT_EQ(found(s, centre, "電腦", 10, 601), (Ids{office, infected, lab})) << "the 601 new ones, then as before";
  EXPECT_EQ(total(s, centre, "電腦"), 604);
  EXPECT_EQ(found(s, centre, "勒索"), (Ids{ransom}));
}

// The pairs are made from a read, outside the write: a ticket rewritten between the two is
// written from its new text, and a page another write has written meanwhile is not written again.
TEST(SearchLists, PairsMadeBeforeTheirWriteFollowATextChangedMeanwhile) {
  LargeCounty county;
  auto& [s, school, centre] = county;
  const auto kept = file_with(s, school, "主機中毒");
  const auto changed = file_with(s, school, "網頁遭竄改");

  const auto page = s.db.read_value([](store::Transaction& tx) { return store::incidents::pairs_to_write(tx, 1000); });
  ASSERT_EQ(page.ids, (std::vector<long long>{kept, changed}));
  s.db.write([&](store::Transaction& tx) {
    auto t = *store::incidents::find(tx, changed);
    t.report.description = "勒索軟體";
    store::incidents::update(tx, t, t.level, {});
  });
  long long written = 0;
  s.db.write([&](store::Transaction& tx) { written = store::incidents::write_search_pairs(tx, page); });
  EXPECT_EQ(written, 2);
  EXPECT_FALSE(s.db.read_value([](store::Transaction& tx) { return store::incidents::search_pairs_behind(tx); }));
  using Ids = std::vector<long long>;
  EXPECT_EQ(found(s, centre, "勒索"), (Ids{changed})) << "its new words";
  EXPECT_TRUE(found(s, centre, "竄改").empty()) << "not its old ones";
  EXPECT_EQ(found(s, centre, "中毒"), (Ids{kept}));

  // A page read while another write of the same tickets is under way is not written twice.
  s.db.write([](store::Transaction& tx) { store::incidents::restart_search_pairs(tx); });
  const auto raced = s.db.read_value([](store::Transaction& tx) { return store::incidents::pairs_to_write(tx, 1000); });
  EXPECT_EQ(raced.ids.size(), 2u);
  s.db.write([&](store::Transaction& tx) { written = store::incidents::write_search_pairs(tx, 1000); });
  EXPECT_EQ(written, 2) << "the other write";
  s.db.write([&](store::Transaction& tx) { written = store::incidents::write_search_pairs(tx, raced); });
  EXPECT_EQ(written, 0);
  EXPECT_EQ(found(s, centre, "勒索"), (Ids{changed}));
  EXPECT_EQ(found(s, centre, "中毒"), (Ids{kept}));
}

// Over a subtree of many units a word is found through the trigram index as a phrase of the
// index's own query language: quotes, stars, carets, colons and operators in a word are text.
TEST(SearchLists, QuotesAndOperatorsInAWordAreSearchedForAsText) {
  LargeCounty county;
  auto& [s, school, centre] = county;
  const auto quoted = file_with(s, school, "設定檔 key=\"a*b\" 被改");
  const auto operators = file_with(s, school, "指令 near(x,y) and ^col:umn- 出現");
  file_with(s, school, "設定檔 key=ab 被改");

  using Ids = std::vector<long long>;
  EXPECT_EQ(found(s, centre, "key=\"a*b\""), (Ids{quoted}));
  EXPECT_EQ(found(s, centre, "\"a*b"), (Ids{quoted}));
  EXPECT_EQ(found(s, centre, "\"\"\""), Ids{}) << "only quotes: in no ticket";
  EXPECT_EQ(found(s, centre, "near(x,y)"), (Ids{operators}));
  EXPECT_EQ(found(s, centre, "^col:umn-"), (Ids{operators}));
  EXPECT_EQ(found(s, centre, "NEAR(X,Y) AND"), (Ids{operators})) << "upper-case words, one an operator's name";
  EXPECT_EQ(found(s, centre, "x,y) ^col"), (Ids{operators}));
  EXPECT_EQ(total(s, centre, "key=\"a*b\" 被改"), 1);
  EXPECT_THROW(found(s, centre, std::string("key\0=ab", 7)), core::Error) << "a NUL inside a word: refused";
  EXPECT_EQ(found(s, centre, "key=ab\x01"), Ids{}) << "a control character";
}

// A ticket's search text holds its unit's code and name: a school renamed is found by its new name
// (words of any length, before and after the pairs' index reaches its tickets), not by its old.
TEST(SearchLists, ARenamedSchoolIsFoundByItsNewName) {
  test_support::DemoServices s;
  const auto school = s.principal(test_support::demo::kSchoolA1, "teacher");
  const auto centre = s.principal(test_support::demo::kCountyA, "kaohsiung");
  const auto older = file_with(s, school, "主機中毒");
  s.db.write([&](store::Transaction& tx) { store::incidents::write_search_pairs(tx, 1000); });
  const auto newer = file_with(s, school, "主機中毒");  // its pairs not yet written
  using Ids = std::vector<long long>;
  EXPECT_EQ(found(s, centre, "港都"), (Ids{newer, older}));

  org::Organisation organisation(s.db, s.clock);
  organisation.on_unit_change([&](store::Transaction& tx, const core::Unit& before, const core::Unit& after) {
    s.incidents.unit_changed(tx, before, after);
  });
  org::UnitChanges renamed;
  renamed.name = "高雄市立鳳鳴國民中學";
  renamed.code = "KHJH09";
  organisation.update_unit(centre, test_support::demo::kSchoolA1, renamed);
  for (const char* when : {"renamed", "renamed, every pair written"}) {
    EXPECT_EQ(found(s, centre, "鳳鳴"), (Ids{newer, older})) << when << ": two characters";
    EXPECT_EQ(found(s, centre, "鳳鳴國民中學"), (Ids{newer, older})) << when << ": a longer word";
    EXPECT_EQ(found(s, centre, "khjh09"), (Ids{newer, older})) << when << ": the new code";
    EXPECT_TRUE(found(s, centre, "港都").empty()) << when << ": not by the old name";
    // (The old code stays in the tickets' numbers, which were issued under it.)
    s.db.write([&](store::Transaction& tx) { store::incidents::write_search_pairs(tx, 1000); });
  }
}
