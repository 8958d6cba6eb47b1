// An export reads every ticket its query matches, newest first, once each, however unevenly the
// matches lie among all tickets: each page comes from a window of ids sized by the density of the
// pages before it, and a window that holds few or none must neither end the export nor skip any.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

#include "store/incident_store.h"
#include "support/demo.h"
#include "support/demo_services.h"

using namespace tongbao;

namespace {

class ExportPages : public ::testing::Test {
 protected:
  // Every page of the export, in order; each page's size is checked against the page size.
  std::vector<long long> export_all(const core::Principal& who, incidents::ListQuery q, int page_size, int* pages) {
    auto cursor = incidents::IncidentService::start_export(std::move(q), page_size);
    std::vector<long long> ids;
    for (*pages = 0; *pages < 1000; ++*pages) {
      const auto page = s_.incidents.next_export_page(who, cursor);
      if (page.empty()) break;
      EXPECT_LE(page.size(), static_cast<size_t>(page_size));
      for (const auto& item : page) ids.push_back(item.summary.id);
    }
    EXPECT_TRUE(s_.incidents.next_export_page(who, cursor).empty()) << "an export that has ended stays ended";
    return ids;
  }
  core::Principal principal(const char* oid, const char* account) { return s_.principal(oid, account); }
  std::vector<long long> file(const core::Principal& who, int n) { return s_.file(who, n); }

  test_support::DemoServices s_;
};

std::vector<long long> newest_first(std::vector<long long> ids) {
  std::sort(ids.rbegin(), ids.rend());
  return ids;
}

}  // namespace

TEST_F(ExportPages, EveryMatchOnceNewestFirstHoweverUnevenlyTheyLie) {
  const auto a1 = principal(test_support::demo::kSchoolA1, "teacher");
  const auto a2 = principal(test_support::demo::kSchoolA2, "teacher");
  const auto b1 = principal(test_support::demo::kSchoolB1, "teacher");
  const auto county_a = principal(test_support::demo::kCountyA, "kaohsiung");
  // County A's tickets lie dense, then sparse among another county's, then dense again: a window
  // sized by a dense stretch finds few or none in the sparse one.
  std::vector<long long> county, school_a2;
  auto add = [](std::vector<long long>& to, const std::vector<long long>& ids) { to.insert(to.end(), ids.begin(), ids.end()); };
  add(county, file(a1, 9));
  for (int i = 0; i < 4; ++i) {
    file(b1, 12);
    const auto one = file(a2, 1);
    add(county, one);
    add(school_a2, one);
  }
  file(b1, 25);
  add(county, file(a1, 11));
  const auto other = file(a2, 3);
  add(county, other);
  add(school_a2, other);

  incidents::ListQuery all;
  all.scope = "all";
  for (const int page_size : {1, 3, 4, 7, 50}) {
    int pages = 0;
    const auto ids = export_all(county_a, all, page_size, &pages);
    EXPECT_EQ(ids, newest_first(county)) << "page size " << page_size << ": each of the county's tickets once, newest first";
    EXPECT_GE(pages, (static_cast<int>(county.size()) + page_size - 1) / page_size);
  }
  // A school's own, few among many; and a list no ticket matches.
  incidents::ListQuery mine = all;
  mine.mine = true;
  int pages = 0;
  EXPECT_EQ(export_all(a2, mine, 2, &pages), newest_first(school_a2));
  incidents::ListQuery none = all;
  none.subcategory = "ransomware";
  EXPECT_TRUE(export_all(county_a, none, 3, &pages).empty());
  EXPECT_EQ(pages, 0);
  // Where the export starts below an id (`before`), nothing at or above it.
  incidents::ListQuery below = all;
  below.before_id = county[15];
  std::vector<long long> expected;
  for (const auto id : county)
    if (id < county[15]) expected.push_back(id);
  EXPECT_EQ(export_all(county_a, below, 4, &pages), newest_first(expected));
  // The largest `before` a caller may give: windows sized from it stay within range.
  incidents::ListQuery from_the_top = all;
  from_the_top.before_id = std::numeric_limits<long long>::max();
  EXPECT_EQ(export_all(county_a, from_the_top, 3, &pages), newest_first(county));
}

// A search's export is in its list's order, open tickets first and then closed ones, newest first
// in each, each page read below the last rather than past every match before it. Words of one or
// two characters and of three or more, with the pairs' index written for some tickets only.
TEST_F(ExportPages, ASearchOpenFirstThenClosedAndLateTicketsByTheirIds) {
  const auto a1 = principal(test_support::demo::kSchoolA1, "teacher");
  const auto b1 = principal(test_support::demo::kSchoolB1, "teacher");
  const auto cert = principal(test_support::demo::kCert, "cert");
  auto tickets = file(a1, 7);
  const auto more = file(b1, 6);
  tickets.insert(tickets.end(), more.begin(), more.end());
  s_.db.write([&](store::Transaction& tx) {
    for (size_t k = 0; k < tickets.size(); k += 2)
      tx.execute("UPDATE incidents SET state = 'closed' WHERE id = ?", {static_cast<std::int64_t>(tickets[k])});
    store::incidents::write_search_pairs(tx, 8);  // the eight oldest; the rest by their text
  });
  const auto later = file(a1, 2);  // open, and newest
  std::vector<long long> open, closed;
  for (size_t k = 0; k < tickets.size(); ++k) (k % 2 ? open : closed).push_back(tickets[k]);
  open.insert(open.end(), later.begin(), later.end());
  auto expected = newest_first(open);
  for (auto id : newest_first(closed)) expected.push_back(id);

  for (const char* words : {"lab-pc-07", "殭屍", "網 lab-pc"}) {
    incidents::ListQuery q;
    q.scope = "all";
    q.text = words;
    q.limit = 100;
    std::vector<long long> listed;
    for (const auto& item : s_.incidents.list(cert, q).items) listed.push_back(item.summary.id);
    ASSERT_EQ(listed, expected) << words << ": the list's own order";
    for (const int page_size : {1, 2, 5, 100}) {
      int pages = 0;
      EXPECT_EQ(export_all(cert, q, page_size, &pages), expected) << words << ", page size " << page_size;
    }
    incidents::ListQuery history = q;
    history.scope = "history";
    int pages = 0;
    EXPECT_EQ(export_all(cert, history, 2, &pages), newest_first(closed)) << words << ": closed ones only";
  }

  // Late tickets page by id too: two days on, every open ticket's review is late.
  s_.clock.advance(48 * 3'600'000LL);
  incidents::ListQuery late;
  late.late_only = true;
  int pages = 0;
  EXPECT_EQ(export_all(cert, late, 3, &pages), newest_first(open)) << "computed ticket by ticket";
  s_.incidents.complete_lateness();
  EXPECT_EQ(export_all(cert, late, 3, &pages), newest_first(open)) << "from the kept marks";
}
