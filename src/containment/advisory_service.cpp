#include "containment/advisory_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "containment/block_service.h"
#include "core/advisory_stix.h"
#include "core/error.h"
#include "core/ticket_number.h"
#include "core/time_format.h"
#include "jobs/job_store.h"
#include "notify/outbox.h"
#include "store/contact_store.h"
#include "store/incident_store.h"
#include "store/unit_store.h"

namespace tongbao::containment {
namespace {

// Whether two ranges share an address: one holds the other's network address at its own length.
bool overlap(const core::IpRange& a, const core::IpRange& b) {
  if (a.v6 != b.v6) return false;
  const int bits = std::min(a.prefix_length, b.prefix_length);
  for (int i = 0; i < bits; ++i) {
    const int byte = i / 8, bit = 7 - i % 8;
    if (((a.address[byte] >> bit) & 1) != ((b.address[byte] >> bit) & 1)) return false;
  }
  return true;
}

std::string taipei_text(core::TimeMs t) {
  const auto s = core::format_utc(t + 8 * 3'600'000);
  return s.substr(0, 10) + " " + s.substr(11, 5);
}

constexpr const char* kReminderJob = "advisory_reminder";
constexpr const char* kOverdueJob = "advisory_overdue";

// The mail of an advisory to every active contact of `units`: the advisory itself, or a reminder.
void mail_units(store::Transaction& tx, const core::Advisory& a, const std::vector<long long>& units,
                const std::string& kind, const std::string& public_url, core::TimeMs now) {
  std::vector<notify::Message> messages;
  for (const auto& [unit_id, contacts] : store::contacts::for_units(tx, units))
    for (const auto& c : contacts) {
      if (!c.active || c.email.empty()) continue;
      const bool zh = c.locale != "en";
      const bool first = kind == "advisory";
      notify::Message m;
      m.channel = "email";
      m.recipient = c.email;
      m.recipient_name = c.name;
      m.locale = c.locale;
      m.kind = kind;
      m.subject = "[" + a.number + "] " +
                  (first ? (zh ? "資安通告：" : "Advisory: ")
                         : kind == kOverdueJob ? (zh ? "逾期未回覆的資安通告：" : "Overdue, not answered: ")
                                               : (zh ? "請回覆資安通告：" : "Please answer: ")) +
                  a.input.title;
      m.body = (first ? a.input.text + "\n\n" : std::string()) +
               (zh ? "請於 " + taipei_text(a.input.reply_by) + "（台北時間）前回覆貴單位是否受影響："
                   : "Reply by " + taipei_text(a.input.reply_by) + " (Taipei time) whether your unit is affected: ") +
               public_url + "/advisories/" + std::to_string(a.id) + "\n";
      messages.push_back(std::move(m));
    }
  notify::enqueue_many(tx, messages, now);
}

}  // namespace

void AdvisoryService::attach(jobs::Scheduler& scheduler) {
  for (const char* kind : {kReminderJob, kOverdueJob})
    scheduler.on(kind, [this, kind](store::Transaction& tx, const jobs::Job& job, core::TimeMs now) {
      auto a = store::advisories::find(tx, job.advisory_id);
      if (!a) return;
      const auto units = store::advisories::unanswered(tx, a->id);
      if (!units.empty()) mail_units(tx, *a, units, kind, public_url_, now);
    });
}

AdvisoryService::AdvisoryService(store::Database& db, const core::Clock& clock, std::string public_url)
    : db_(db), clock_(clock), public_url_(std::move(public_url)) {}

std::pair<core::Advisory, long long> AdvisoryService::issue(const core::Principal& who,
                                                            const core::AdvisoryInput& input,
                                                            const AdvisoryAudience& audience) {
  if (!may_block(who)) throw core::forbidden("Advisories are issued by the CERT, or by a centre for its units.");
  const auto now = clock_.now();
  core::check_advisory(input, now);
  return db_.write_value([&](store::Transaction& tx) {
    auto issuer = store::units::find_by_id(tx, who.unit_id);
    if (!issuer) throw core::forbidden("no unit");
    std::string path = issuer->path;
    if (audience.unit_oid) {
      auto u = store::units::find_by_oid(tx, *audience.unit_oid);
      if (!u || !core::can_read_unit(who, {u->id, u->path})) throw core::invalid("unit_oid", "no unit " + *audience.unit_oid + " in yours");
      path = u->path;
    }
    // Every unit of the part of the tree, but the issuer, the ministry and the SOCs (they report to no one here).
    std::vector<long long> to;
    for (const auto& r : tx.query("SELECT u.id, r.cidr FROM units u LEFT JOIN unit_ip_ranges r ON r.unit_id = u.id "
                                  "WHERE u.path LIKE ? AND u.id <> ? AND u.kind NOT IN ('ministry', 'soc') ORDER BY u.id",
                                  {path + "%", static_cast<std::int64_t>(who.unit_id)})) {
      const long long id = r.integer(0);
      if (audience.ranges.empty()) {
        if (to.empty() || to.back() != id) to.push_back(id);
        continue;
      }
      const auto range = r.is_null(1) ? std::nullopt : core::parse_ip_range(r.text(1));
      if (!range) continue;
      const bool owns = std::any_of(audience.ranges.begin(), audience.ranges.end(), [&](const auto& a) { return overlap(a, *range); });
      if (owns && (to.empty() || to.back() != id)) to.push_back(id);
    }
    if (to.empty()) throw core::invalid(audience.ranges.empty() ? "unit_oid" : "ranges", "no unit would receive this advisory");
    core::Advisory a;
    a.issuer_unit_id = who.unit_id;
    a.input = input;
    a.created_by = who.label;
    a.created_at = now;
    const auto ym = core::taipei_year_month(now);
    a.number = core::format_ticket_number(issuer->code, "ADV", ym, store::incidents::next_serial(tx, issuer->code, "ADV", ym));
    store::advisories::insert(tx, a);
    store::advisories::add_recipients(tx, a.id, to);
    mail_units(tx, a, to, "advisory", public_url_, now);
    constexpr core::TimeMs kDay = 86'400'000;
    if (input.reply_by - kDay > now) jobs::schedule_for_advisory(tx, input.reply_by - kDay, kReminderJob, a.id, now);
    jobs::schedule_for_advisory(tx, input.reply_by, kOverdueJob, a.id, now);
    audit::append(tx, now, who.label, "advisory.issue", "advisory", std::to_string(a.id), std::nullopt,
                  nlohmann::json{{"number", a.number}, {"recipients", to.size()}}.dump());
    return std::pair{a, static_cast<long long>(to.size())};
  });
}

std::pair<std::vector<store::advisories::Received>, long long> AdvisoryService::received(const core::Principal& who,
                                                                                         int limit, int offset) {
  return db_.read_value([&](store::Transaction& tx) {
    return std::pair{store::advisories::received(tx, who.unit_id, limit, offset),
                     store::advisories::received_count(tx, who.unit_id)};
  });
}

std::pair<std::vector<store::advisories::Issued>, long long> AdvisoryService::issued(const core::Principal& who,
                                                                                     int limit, int offset) {
  return db_.read_value([&](store::Transaction& tx) {
    return std::pair{store::advisories::issued(tx, who.unit_id, limit, offset),
                     store::advisories::issued_count(tx, who.unit_id)};
  });
}

AdvisoryView AdvisoryService::view(store::Transaction& tx, const core::Principal& who, long long id) {
  auto a = store::advisories::find(tx, id);
  if (!a) throw core::not_found("no advisory " + std::to_string(id));
  AdvisoryView v;
  v.advisory = *a;
  v.mine = store::advisories::answer_of(tx, id, who.unit_id);
  // The issuer and the CERT see every answer; a centre those of its own units.
  const bool all = a->issuer_unit_id == who.unit_id || who.unit_kind == core::UnitKind::cert;
  if (all || core::sees_everything(who)) v.recipients = store::advisories::recipients(tx, id, "");
  else if (may_block(who)) v.recipients = store::advisories::recipients(tx, id, who.unit_path);
  if (!v.mine && v.recipients.empty() && !all) throw core::not_found("no advisory " + std::to_string(id));
  return v;
}

AdvisoryView AdvisoryService::get(const core::Principal& who, long long id) {
  return db_.read_value([&](store::Transaction& tx) { return view(tx, who, id); });
}

AdvisoryStix AdvisoryService::stix(const core::Principal& who, long long id) {
  return db_.read_value([&](store::Transaction& tx) {
    const auto v = view(tx, who, id);
    const auto& a = v.advisory;
    const bool issuer_side = a.issuer_unit_id == who.unit_id || who.unit_kind == core::UnitKind::cert ||
                             core::sees_everything(who) || !v.recipients.empty();
    if (!issuer_side)
      throw core::forbidden(
          "An advisory is exported by its issuer, the CERT, the ministry, or a centre some of whose units received it.");
    const auto issuer = store::units::find_by_id(tx, a.issuer_unit_id);
    core::AdvisoryStixInput in;
    in.advisory = a;
    in.issuer_oid = issuer ? issuer->oid : "";
    in.issuer_name = issuer ? issuer->name : "";
    if (!public_url_.empty()) in.url = public_url_ + "/advisories/" + std::to_string(a.id);
    return AdvisoryStix{a.number, core::advisory_to_stix(in)};
  });
}

core::AdvisoryAnswer AdvisoryService::answer(const core::Principal& who, long long id, const std::string& answer,
                                             const std::string& note) {
  core::check_advisory_answer(answer, note);
  const auto now = clock_.now();
  return db_.write_value([&](store::Transaction& tx) {
    auto mine = store::advisories::answer_of(tx, id, who.unit_id);
    if (!mine) throw core::not_found("no advisory " + std::to_string(id) + " to your unit");
    mine->answer = answer;
    mine->note = note;
    mine->answered_by = who.label;
    mine->answered_at = now;
    store::advisories::save_answer(tx, id, *mine);
    audit::append(tx, now, who.label, "advisory.answer", "advisory", std::to_string(id), std::nullopt,
                  nlohmann::json{{"answer", answer}, {"note", note}}.dump());
    return *mine;
  });
}

}  // namespace tongbao::containment
