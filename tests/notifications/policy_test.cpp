#include <gtest/gtest.h>

#include <algorithm>

#include "core/deadlines.h"
#include "core/error.h"
#include "core/policy_file.h"
#include "core/policy_set.h"
#include "core/time_format.h"
#include "store/embedded.h"

using namespace tongbao::core;

namespace {
constexpr TimeMs kHour = 3'600'000, kDay = 24 * kHour;

PolicySet shipped() {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& f : tongbao::embedded::policy_files()) files.emplace_back(std::string(f.name), std::string(f.text));
  return PolicySet::from_files(files);
}

std::string error_of(const std::string& text) {
  try {
    parse_policy_profile(text, "test.profile");
  } catch (const Error& e) {
    return e.what();
  }
  return "(parsed)";
}

const std::string kMinimal =
    "name = x\nversion = 1\neffective_from = 2026-01-05T00:00:00+08:00\n"
    "[deadline report]\nlabel_zh = 通報\nlabel_en = Report\nwithin = 1h\nmet_by = reported\n";
}  // namespace

TEST(PolicyProfiles, ShippedProfilesParseAndVersionsFollowAwareness) {
  auto set = shipped();
  std::set<std::string> names;
  for (const auto& p : set.profiles()) names.insert(p.name);
  EXPECT_EQ(names, (std::set<std::string>{"taiwan", "taiwan-2002", "eu-nis2", "gdpr"}));
  const auto before = *parse_iso8601("2025-12-31T12:00:00+08:00");
  const auto after = *parse_iso8601("2026-01-05T09:00:00+08:00");
  EXPECT_EQ(set.for_ticket(UnitKind::school, before).version, "2018-11-21");
  EXPECT_EQ(set.for_ticket(UnitKind::school, after).version, "2026-01-05");
  set.choose("taiwan", {{UnitKind::soc, "eu-nis2"}});
  EXPECT_EQ(set.for_ticket(UnitKind::soc, after).name, "eu-nis2");
  EXPECT_THROW(set.choose("nowhere"), Error);
}

TEST(PolicyProfiles, ErrorsNameFileLineAndField) {
  EXPECT_EQ(error_of(kMinimal), "(parsed)");
  auto bad_span = kMinimal;
  bad_span.replace(bad_span.find("within = 1h"), 11, "within = soon");
  EXPECT_EQ(error_of(bad_span).substr(0, 24), "test.profile:7: within: ");
  auto bad_key = kMinimal + "colour = red\n";
  EXPECT_EQ(error_of(bad_key).substr(0, 23), "test.profile:9: colour:");
  EXPECT_NE(error_of("version = 1\neffective_from = 2026-01-05T00:00:00Z\n").find("name: is required"), std::string::npos);
  EXPECT_NE(error_of(kMinimal + "[deadline report]\n").find("defined twice"), std::string::npos);
  auto three = kMinimal;
  three.replace(three.find("within = 1h"), 11, "within = 1h 2h 3h");
  EXPECT_NE(error_of(three).find("four"), std::string::npos);
  EXPECT_NE(error_of(kMinimal + "[deadline x]\nlabel_zh = a\nlabel_en = b\nwithin = 1h\nmet_by = lunch\n").find("met_by"),
            std::string::npos);
}

TEST(PolicyProfiles, LevelCriteriaSections) {
  const std::string criterion = "[level_criterion halted]\nlevel = 3\nlabel_zh = 系統停頓\nlabel_en = Systems halted\n";
  auto p = parse_policy_profile(kMinimal + criterion, "test.profile");
  ASSERT_EQ(p.level_criteria.size(), 1u);
  EXPECT_EQ(p.level_criteria[0], (LevelCriterion{"halted", 3, "系統停頓", "Systems halted"}));
  EXPECT_TRUE(parse_policy_profile(kMinimal, "test.profile").level_criteria.empty()) << "none: the regulation's table";

  // Line 9 is the section header, 10 the level, 11 and 12 the labels.
  auto with = [&](const std::string& from, const std::string& to) {
    auto text = kMinimal + criterion;
    text.replace(text.find(from), from.size(), to);
    return error_of(text);
  };
  EXPECT_EQ(with("level = 3", "level = 5").substr(0, 31), "test.profile:10: level: must be") << with("level = 3", "level = 5");
  EXPECT_EQ(with("level = 3", "level = three").substr(0, 23), "test.profile:10: level:");
  EXPECT_EQ(with("level = 3", "level = 03").substr(0, 23), "test.profile:10: level:");
  EXPECT_EQ(with("label_en = Systems halted", "colour = red").substr(0, 24), "test.profile:12: colour:");
  EXPECT_EQ(with("label_en = Systems halted", "level = 2").substr(0, 23), "test.profile:12: level:")
      << "a setting given twice";
  EXPECT_NE(with("label_en = Systems halted", "label_en =").find("label_en: has no value"), std::string::npos);
  // Missing settings are named at the section's header.
  EXPECT_EQ(with("level = 3\n", ""), "test.profile:9: level_criterion halted: needs level (1 to 4)");
  EXPECT_EQ(with("label_en = Systems halted\n", ""), "test.profile:9: level_criterion halted: needs label_zh and label_en");
  EXPECT_EQ(with("[level_criterion halted]", "[level_criterion Halted!]").substr(0, 32), "test.profile:9: level_criterion:");
  EXPECT_EQ(with("[level_criterion halted]", "[level_criterion]").substr(0, 24), "test.profile:9: section:");
  EXPECT_NE(error_of(kMinimal + criterion + criterion).find("defined twice"), std::string::npos);
  std::string many = kMinimal;
  for (std::size_t i = 0; i <= kMaxLevelCriteria; ++i)
    many += "[level_criterion c" + std::to_string(i) + "]\nlevel = 1\nlabel_zh = 甲\nlabel_en = A\n";
  EXPECT_NE(error_of(many).find("at most 16"), std::string::npos) << error_of(many);
}

TEST(PolicyProfiles, The2002NoticeHasItsOwnCriteria) {
  auto set = shipped();
  set.choose("taiwan-2002");
  const auto& p = set.for_ticket(UnitKind::school, *parse_iso8601("2026-11-02T08:00:00+08:00"));
  std::vector<std::pair<std::string, int>> got;
  for (const auto& c : p.level_criteria) got.emplace_back(c.key, c.level);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, int>>{
                     {"public_safety", 4}, {"operations_halted", 3}, {"operations_interrupted", 2}, {"brief_stop", 1}}));
  EXPECT_EQ(find_criterion(p, "public_safety")->label_zh, "影響公共安全、社會秩序、人民生命財產");
  EXPECT_EQ(find_criterion(p, "brief_stop")->label_en, "Operations briefly stopped, immediately repairable");
  // The regulation's profiles keep the confidentiality/integrity/availability table.
  for (const auto& other : set.profiles())
    if (other.name != "taiwan-2002") EXPECT_TRUE(other.level_criteria.empty()) << other.name << " " << other.version;
}

TEST(PolicyProfiles, CalendarMonthsInTaiwanTime) {
  const auto jan31 = *parse_iso8601("2026-01-31T10:00:00+08:00");
  EXPECT_EQ(format_utc(add_span(jan31, {0, 1})), "2026-02-28T02:00:00Z");
  const auto nov23 = *parse_iso8601("2026-11-23T09:00:00+08:00");
  EXPECT_EQ(format_utc(add_span(nov23, {0, 1})), "2026-12-23T01:00:00Z");
  EXPECT_EQ(add_span(nov23, *parse_span("72h")), nov23 + 72 * kHour);
  EXPECT_FALSE(parse_span("1w"));
  EXPECT_FALSE(parse_span("-1h"));
}

TEST(Deadlines, TaiwanLevelsAndLateness) {
  auto set = shipped();
  const auto aware = *parse_iso8601("2026-11-02T08:00:00+08:00");
  const auto& taiwan = set.for_ticket(UnitKind::school, aware);
  TicketMoments m;
  m.aware_at = aware;
  m.level = 2;
  m.reported_at = aware + 19 * kDay + kHour;  // 19 days after the 1-hour limit
  auto d = compute_deadlines(taiwan, m, m.reported_at.value() + kHour);
  ASSERT_EQ(d.size(), 3u) << "report, review, recovery; no investigation report at level 2";
  EXPECT_EQ(d[0].rule->key, "report");
  EXPECT_EQ(d[0].state, DeadlineState::met_late);
  EXPECT_EQ(describe_span_en(d[0].late_by_ms), "19 days");
  EXPECT_EQ(d[1].rule->key, "review");
  EXPECT_EQ(d[1].due_at, *m.reported_at + 8 * kHour);
  EXPECT_EQ(d[1].state, DeadlineState::pending);
  EXPECT_EQ(d[2].rule->key, "recovery");
  EXPECT_EQ(d[2].due_at, aware + 72 * kHour);
  EXPECT_EQ(d[2].state, DeadlineState::overdue);

  // Raising the level to 3 shortens review and recovery and adds the investigation report.
  m.level = 3;
  d = compute_deadlines(taiwan, m, *m.reported_at + kHour);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[1].due_at, *m.reported_at + 2 * kHour);
  EXPECT_EQ(d[2].due_at, aware + 36 * kHour);
  EXPECT_EQ(d[3].rule->key, "investigation_report");
  EXPECT_EQ(d[3].state, DeadlineState::not_started) << "the month starts once damage control is complete";
  m.resolved_at = aware + 30 * kHour;
  d = compute_deadlines(taiwan, m, *m.reported_at + kHour);
  EXPECT_EQ(d[3].due_at, add_span(*m.resolved_at, Span{0, 1}));
}

TEST(Deadlines, ReviewWaitsForTheReportAndMetOnTime) {
  auto set = shipped();
  TicketMoments m;
  m.aware_at = *parse_iso8601("2026-11-02T08:00:00+08:00");
  auto d = compute_deadlines(set.for_ticket(UnitKind::school, m.aware_at), m, m.aware_at + 10 * 60'000);
  EXPECT_EQ(d[0].state, DeadlineState::pending);
  EXPECT_EQ(d[0].remaining_ms, 50 * 60'000);
  EXPECT_EQ(d[1].state, DeadlineState::not_started);
  m.reported_at = m.aware_at + 20 * 60'000;
  m.reviewed_at = *m.reported_at + 3 * kHour;
  d = compute_deadlines(set.for_ticket(UnitKind::school, m.aware_at), m, m.aware_at + kDay);
  EXPECT_EQ(d[0].state, DeadlineState::met);
  EXPECT_EQ(d[1].state, DeadlineState::met);
}

TEST(Deadlines, OtherProfiles) {
  auto set = shipped();
  set.choose("eu-nis2");
  TicketMoments m;
  m.aware_at = *parse_iso8601("2026-11-02T08:00:00+01:00");
  auto d = compute_deadlines(set.for_ticket(UnitKind::school, m.aware_at), m, m.aware_at);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].due_at, m.aware_at + 24 * kHour);
  EXPECT_EQ(d[1].due_at, m.aware_at + 72 * kHour);
  set.choose("taiwan-2002");
  d = compute_deadlines(set.for_ticket(UnitKind::school, m.aware_at), m, m.aware_at);
  EXPECT_EQ(d[0].due_at, m.aware_at + 30 * 60'000);
  EXPECT_EQ(set.for_ticket(UnitKind::school, m.aware_at).level_labels[3], "A");
  set.choose("gdpr");
  d = compute_deadlines(set.for_ticket(UnitKind::school, m.aware_at), m, m.aware_at);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].due_at, m.aware_at + 72 * kHour);
}

TEST(Deadlines, SpansForPeople) {
  EXPECT_EQ(describe_span_en(19 * kDay + 3 * kHour), "19 days 3 hours");
  EXPECT_EQ(describe_span_en(kDay), "1 day");
  EXPECT_EQ(describe_span_en(kHour + 60'000), "1 hour 1 minute");
  EXPECT_EQ(describe_span_en(45 * 60'000), "45 minutes");
  EXPECT_EQ(describe_span_zh(19 * kDay + 3 * kHour), "19 天 3 小時");
}

// The marks say what compute_deadlines says at every moment: checked minute by minute around each
// due time, for moments at every stage of a ticket's life.
TEST(Deadlines, LatenessMarksAgreeWithTheDeadlinesAtEveryMinute) {
  auto set = shipped();
  const auto aware = *parse_iso8601("2026-11-02T08:00:00+08:00") + 10'250;
  const auto& taiwan = set.for_ticket(UnitKind::school, aware);
  auto late_at = [&](const TicketMoments& m, TimeMs now) {
    bool late = false, overdue = false;
    for (const auto& d : compute_deadlines(taiwan, m, now)) {
      late = late || d.state == DeadlineState::overdue || d.state == DeadlineState::met_late;
      overdue = overdue || d.state == DeadlineState::overdue;
    }
    return std::pair(late, overdue);
  };
  std::vector<TicketMoments> stages(5);
  for (auto& m : stages) m.aware_at = aware, m.level = 3;
  stages[1].reported_at = aware + 59 * 60'000;                      // on time
  stages[2].reported_at = aware + 61 * 60'000 + 500;                // late
  stages[3] = stages[1], stages[3].reviewed_at = aware + 3 * kHour, stages[3].resolved_at = aware + 30 * kHour;
  stages[4] = stages[3], stages[4].investigation_report_at = aware + 40 * kDay;  // the report, late
  int late_seen = 0, overdue_seen = 0;
  for (size_t k = 0; k < stages.size(); ++k) {
    const auto marks = lateness_marks(taiwan, stages[k]);
    std::vector<TimeMs> instants;
    for (const auto& d : compute_deadlines(taiwan, stages[k], aware))
      if (d.due_at)
        for (TimeMs step = -3; step <= 3; ++step) instants.push_back(*d.due_at + step * 20'000);
    for (TimeMs now : instants) {
      const auto [late, overdue] = late_at(stages[k], now);
      EXPECT_EQ(late, marks.late_from && now >= *marks.late_from) << "stage " << k << " at " << format_utc(now);
      EXPECT_EQ(overdue, marks.overdue_from && now >= *marks.overdue_from) << "stage " << k << " at " << format_utc(now);
      late_seen += late;
      overdue_seen += overdue;
    }
  }
  EXPECT_GT(late_seen, 0);
  EXPECT_GT(overdue_seen, 0);
  EXPECT_EQ(lateness_marks(taiwan, stages[2]).late_from, 0) << "a report filed late is late from the start";
  EXPECT_EQ(lateness_marks(taiwan, stages[0]).overdue_from, aware - 10'250 + 61 * 60'000)
      << "overdue once the minute after the due minute begins";
}

TEST(PolicyProfiles, IdentityFollowsTheProfilesAndTheChoice) {
  auto set = shipped();
  const auto first = set.identity();
  EXPECT_EQ(shipped().identity(), first) << "the same files, the same name";
  set.choose("gdpr");
  EXPECT_NE(set.identity(), first);
  set.choose("taiwan", {{UnitKind::school, "gdpr"}});
  EXPECT_NE(set.identity(), first);
  set.choose("taiwan");
  EXPECT_EQ(set.identity(), first);
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& f : tongbao::embedded::policy_files()) files.emplace_back(std::string(f.name), std::string(f.text));
  std::reverse(files.begin(), files.end());
  EXPECT_EQ(PolicySet::from_files(files).identity(), first) << "the folder's order does not matter";
  files.front().second += "\n# an edit\n";
  EXPECT_NE(PolicySet::from_files(files).identity(), first);
}
