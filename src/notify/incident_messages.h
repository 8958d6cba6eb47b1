#pragma once
// The words of each notification about a ticket, in Traditional Chinese or English: the ticket
// number, what is due and when (Asia/Taipei time), and a link.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace tongbao::notify {

struct TicketFacts {
  std::string number;
  std::string unit_name;
  int level = 1;
  std::string level_label;  // as the ticket's policy profile names the level ("3", or "B" under the 2002 rules)
  std::string subcategory_zh, subcategory_en;
  std::string link;
  // The next thing due, if any: its label and when.
  std::string due_label_zh, due_label_en;
  std::optional<core::TimeMs> due_at;
  std::string overdue_by_zh, overdue_by_en;  // for overdue notices
  std::string reason;                        // for returns and level changes
  bool drill = false;                        // an exercise: every message says so first
  std::vector<std::string> support_kinds;    // for support requests
  std::string author, author_unit, comment;  // for comments: who wrote it, from which unit, and the text
};

struct Text {
  std::string subject;
  std::string body;
};

// kind: new_incident, reminder, overdue, review_pending, review_result, returned, closed.
// SMS bodies are one short line.
Text compose(const std::string& kind, const std::string& locale, const std::string& channel, const TicketFacts& facts);

// "2026-11-23 09:00" in Taiwan time.
std::string taipei_time(core::TimeMs t);

}  // namespace tongbao::notify
