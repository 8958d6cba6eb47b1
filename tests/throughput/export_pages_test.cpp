// An export reads every ticket its query matches, newest first, once each, however unevenly the
// matches lie among all tickets: each page comes from a window of ids sized by the density of the
// pages before it, and a window that holds few or none must neither end the export nor skip any.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

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
