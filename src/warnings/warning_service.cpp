#include "warnings/warning_service.h"

#include <algorithm>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "core/error.h"
#include "core/ticket_number.h"
#include "jobs/warning_reminders.h"
#include "notify/incident_messages.h"
#include "notify/outbox.h"
#include "store/contact_store.h"
#include "store/incident_store.h"
#include "store/ticket_serials.h"
#include "store/unit_places.h"
#include "store/unit_store.h"
#include "store/warning_store.h"

namespace tongbao::warnings {
namespace {

namespace sw = store::warnings;

bool may_issue(const core::Principal& who) {
  return who.unit_kind == core::UnitKind::soc || who.unit_kind == core::UnitKind::cert;
}

constexpr const char* kOverdueJob = "warning_overdue";

// Repeats merge into the issuer's open warning with the same rule, host, sub-category and port.
struct MergeKey {
  std::string rule_id, host, subcategory;
  std::optional<int> port;
  auto operator<=>(const MergeKey&) const = default;
};

// New and overdue warnings go to the unit's contacts by e-mail only (no SMS for warnings).
// The warning's mail to each active contact of its unit, added to `out`. `due` is the warning's
// time to reply by as the mail writes it (a batch's warnings share it: written once).
void add_unit_mail(std::vector<notify::Message>& out, const std::vector<core::Contact>& contacts, const Warning& w,
                   const std::string& due, const std::string& public_url, bool overdue = false) {
  const auto* sub = core::find_warning_subcategory(w.input.subcategory);
  for (const auto& c : contacts) {
    if (!c.active) continue;
    const bool zh = c.locale != "en";
    const std::string link = public_url + "/warnings/" + std::to_string(w.id);
    notify::Message m;
    m.channel = "email";
    m.recipient = c.email;
    m.recipient_name = c.name;
    m.locale = c.locale;
    m.kind = overdue ? "overdue_warning" : "new_warning";
    const bool red = w.input.tlp == "red";
    m.subject = "[" + w.number + "] " +
                (overdue ? (zh ? "逾期未回覆的資安預警：" : "Overdue, not answered: ")
                         : (zh ? "資安預警：" : "Early warning: ")) +
                (zh ? std::string(sub->label) : std::string(sub->label_en)) + (red ? " [TLP:RED]" : " " + w.host);
    m.body = (zh ? "您的單位收到一則資安預警，請於 " + due +
                       "（台北時間）前回覆：確認為資安事件、誤判（請說明原因）或無法判斷。\n\n位址："
                 : "Your unit has an early warning. Reply by " + due +
                       " (Taipei time): a real incident, a false positive (with the reason), or cannot determine.\n\nAddress: ") +
             (red ? (zh ? "（TLP:RED：內容僅限受文單位於平台上閱讀，不以郵件傳送。）"
                        : "(TLP:RED: for the named recipients only; read it on the platform, it is not sent by mail.)")
                  : w.host + "\n" + w.input.description) +
             "\n\n" + link + "\n";
    out.push_back(std::move(m));
  }
}

void mail_unit(store::Transaction& tx, const Warning& w, const std::string& public_url, core::TimeMs now,
               bool overdue = false) {
  if (!w.unit_id) return;
  std::vector<notify::Message> messages;
  add_unit_mail(messages, store::contacts::for_unit(tx, *w.unit_id), w, notify::taipei_time(w.due_at), public_url,
                overdue);
  notify::enqueue_many(tx, messages, now);
}

struct Route {
  std::optional<long long> owner;  // none: triage
  std::string host;
};

// Each routed by the first address some unit owns; with none, the warning waits in triage.
std::vector<Route> route(const core::PrefixTable& table, const std::vector<core::WarningInput>& items) {
  std::vector<Route> out(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    out[i].host = items[i].addresses.front().ip;
    for (const auto& a : items[i].addresses)
      if (auto o = table.lookup(a.ip)) {
        out[i] = {o, a.ip};
        break;
      }
  }
  return out;
}

// What a batch needs before it writes, read outside the write lock so that the writer holds it
// only for what must be read there (the open warnings a batch repeats, the numbers): where each
// item goes, and the places and contacts of the units it goes to.
struct BatchReading {
  std::shared_ptr<const core::PrefixTable> owners;
  std::vector<Route> routes;
  std::map<long long, store::units::UnitPlace> places;
  std::map<long long, std::vector<core::Contact>> contacts;
};

BatchReading read_for_batch(store::Transaction& tx, std::shared_ptr<const core::PrefixTable> owners,
                            const std::vector<core::WarningInput>& items) {
  BatchReading r;
  r.owners = std::move(owners);
  r.routes = route(*r.owners, items);
  std::vector<long long> units;
  for (const auto& x : r.routes)
    if (x.owner) units.push_back(*x.owner);
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  r.places = store::units::places(tx, units);
  r.contacts = store::contacts::for_units(tx, units);
  return r;
}

}  // namespace

WarningService::WarningService(store::Database& db, const core::Clock& clock, const core::PolicySet& policies,
                               incidents::IncidentService& incidents, org::AddressOwners& owners,
                               std::string public_url)
    : db_(db),
      clock_(clock),
      policies_(policies),
      incidents_(incidents),
      public_url_(std::move(public_url)),
      address_owners_(owners) {}

std::vector<core::WarningInput> WarningService::checked(const core::Principal& who,
                                                        const std::vector<core::WarningInput>& items) const {
  if (!may_issue(who)) throw core::forbidden("Early warnings are issued by a security operations centre or the CERT.");
  if (items.empty()) throw core::invalid("body", "no warnings were given");
  const auto now = clock_.now();
  for (size_t i = 0; i < items.size(); ++i)
    core::check_warning(items[i], now, "[" + std::to_string(i) + "].");
  // Addresses in canonical form, so 2001:0DB9:0000::0001 and 2001:db9::1 are one host.
  std::vector<core::WarningInput> normalised = items;
  for (auto& item : normalised)
    for (auto& a : item.addresses) a.ip = core::normalise_address(a.ip);
  return normalised;
}

std::vector<PreviewItem> WarningService::preview(const core::Principal& who, const std::vector<core::WarningInput>& items) {
  const auto normalised = checked(who, items);
  return db_.read_value([&](store::Transaction& tx) {
    const auto owners = address_owners_.table(tx);
    const auto routes = route(*owners, normalised);
    std::vector<std::string> hosts;
    for (const auto& r : routes) hosts.push_back(r.host);
    std::sort(hosts.begin(), hosts.end());
    hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
    std::map<MergeKey, std::string> open;
    for (auto& w : sw::open_on_hosts(tx, who.unit_id, hosts))
      open.try_emplace(MergeKey{w.input.rule_id, w.host, w.input.subcategory, w.input.port}, w.number);
    // As issue decides: a repeat of an open warning, of an earlier item, or a new one.
    std::map<MergeKey, size_t> first_of;
    std::vector<PreviewItem> out(normalised.size());
    for (size_t i = 0; i < normalised.size(); ++i) {
      out[i].host = routes[i].host;
      out[i].unit_id = routes[i].owner;
      MergeKey key{normalised[i].rule_id, routes[i].host, normalised[i].subcategory, normalised[i].port};
      if (auto o = open.find(key); o != open.end()) {
        out[i].merges_with = o->second;
      } else if (auto f = first_of.find(key); f != first_of.end()) {
        out[i].repeats_item = f->second;
      } else {
        first_of.emplace(std::move(key), i);
      }
    }
    return out;
  });
}

std::vector<IssueResult> WarningService::issue(const core::Principal& who, const std::vector<core::WarningInput>& items) {
  const auto normalised = checked(who, items);
  const auto now = clock_.now();
  auto before = db_.read_value([&](store::Transaction& tx) {
    return read_for_batch(tx, address_owners_.table(tx), normalised);
  });
  return db_.write_value([&](store::Transaction& tx) {
    auto issuer = store::units::find_by_id(tx, who.unit_id);
    // Read again when a unit changed since (the owners' table is new then). A contact changed in
    // between is mailed as it was, as if its change had come a moment after the warning.
    if (auto owners = address_owners_.table(tx); owners != before.owners)
      before = read_for_batch(tx, std::move(owners), normalised);
    const auto reply_within = policies_.for_ticket(core::UnitKind::school, now).warning_reply_within;
    const auto& routes = before.routes;
    std::vector<std::optional<long long>> owner_of(normalised.size());
    std::vector<std::string> host_of(normalised.size());
    for (size_t i = 0; i < normalised.size(); ++i) {
      owner_of[i] = routes[i].owner;
      host_of[i] = routes[i].host;
    }
    // The issuer's open warnings on these hosts, read at once: the oldest match of each key is
    // what an item repeats.
    std::vector<std::string> hosts = host_of;
    std::sort(hosts.begin(), hosts.end());
    hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
    std::map<MergeKey, Warning> open;
    for (auto& w : sw::open_on_hosts(tx, who.unit_id, hosts))
      open.try_emplace(MergeKey{w.input.rule_id, w.host, w.input.subcategory, w.input.port}, std::move(w));
    // Each item repeats an open warning, repeats one started earlier in this batch, or starts one:
    // as if the items had come one request each, in order.
    struct Repeat {
      core::TimeMs first = 0, last = 0;
      long long count = 0;
    };
    std::map<long long, Repeat> repeats;  // by open warning
    std::vector<Warning> fresh;           // new, in the order of their first item
    std::map<MergeKey, size_t> fresh_by_key;
    std::vector<IssueResult> out(normalised.size());
    std::vector<std::optional<size_t>> fresh_of(normalised.size());
    for (size_t i = 0; i < normalised.size(); ++i) {
      const auto& item = normalised[i];
      const auto last = std::max(item.observed_at, item.last_seen.value_or(item.observed_at));
      MergeKey key{item.rule_id, host_of[i], item.subcategory, item.port};
      if (auto o = open.find(key); o != open.end()) {
        auto r = repeats.try_emplace(o->second.id, Repeat{item.observed_at, last, 0}).first;
        r->second.first = std::min(r->second.first, item.observed_at);
        r->second.last = std::max(r->second.last, last);
        r->second.count += item.count;
        out[i] = {o->second.id, o->second.number, true, std::nullopt};
        continue;
      }
      if (auto f = fresh_by_key.find(key); f != fresh_by_key.end()) {
        auto& w = fresh[f->second];
        w.first_seen = std::min(w.first_seen, item.observed_at);
        w.last_seen = std::max(w.last_seen, last);
        // Held at the largest count rather than wrapping (10,000 items of a million each).
        w.repeat_count = static_cast<int>(std::min<long long>(std::numeric_limits<int>::max(),
                                                              static_cast<long long>(w.repeat_count) + item.count));
        fresh_of[i] = f->second;
        out[i].merged = true;
        continue;
      }
      Warning w;
      w.issuer_unit_id = who.unit_id;
      w.unit_id = owner_of[i];
      w.host = host_of[i];
      w.input = item;
      w.first_seen = item.observed_at;
      w.last_seen = last;
      w.repeat_count = item.count;
      w.created_at = now;
      w.due_at = core::add_span(now, reply_within);
      fresh_by_key.emplace(std::move(key), fresh.size());
      fresh_of[i] = fresh.size();
      fresh.push_back(std::move(w));
    }
    // Numbered in order with one update of the counter, stored and given their reminders.
    if (!fresh.empty()) {
      const auto ym = core::taipei_year_month(now);
      const auto first = store::incidents::next_serials(tx, issuer->code, "EWA", ym, static_cast<long long>(fresh.size()));
      for (size_t k = 0; k < fresh.size(); ++k)
        fresh[k].number = core::format_ticket_number(issuer->code, "EWA", ym, first + static_cast<long long>(k));
      sw::insert_many(tx, fresh);
      std::vector<long long> ids;
      for (const auto& w : fresh) ids.push_back(w.id);
      jobs::schedule_for_warnings(tx, fresh.front().due_at, kOverdueJob, ids, now);
    }
    for (const auto& [id, r] : repeats) sw::record_repeat(tx, id, r.first, r.last, r.count, now);
    // The OIDs of every unit reached, read at once.
    std::vector<long long> reached;
    for (const auto& w : fresh)
      if (w.unit_id) reached.push_back(*w.unit_id);
    for (const auto& [key, w] : open)
      if (w.unit_id && repeats.count(w.id)) reached.push_back(*w.unit_id);
    // An open warning repeated may have been given by hand to a unit no item routes to.
    std::vector<long long> elsewhere;
    for (long long u : reached)
      if (!before.places.count(u)) elsewhere.push_back(u);
    std::sort(elsewhere.begin(), elsewhere.end());
    elsewhere.erase(std::unique(elsewhere.begin(), elsewhere.end()), elsewhere.end());
    auto& places = before.places;
    places.merge(store::units::places(tx, elsewhere));
    auto oid_of = [&](std::optional<long long> unit_id) -> std::optional<std::string> {
      if (!unit_id) return std::nullopt;
      auto p = places.find(*unit_id);
      return p == places.end() ? std::nullopt : std::optional(p->second.oid);
    };
    for (size_t i = 0; i < out.size(); ++i) {
      if (fresh_of[i]) {
        const auto& w = fresh[*fresh_of[i]];
        out[i].id = w.id;
        out[i].number = w.number;
        out[i].unit_oid = oid_of(w.unit_id);
      } else if (auto o = open.find(MergeKey{normalised[i].rule_id, host_of[i], normalised[i].subcategory,
                                             normalised[i].port});
                 o != open.end()) {
        out[i].unit_oid = oid_of(o->second.unit_id);
      }
    }
    // The new ones routed to a unit are mailed together (those in triage have no unit yet; repeats
    // mail nobody), to the contacts read before, the mails queued a few hundred at a time.
    const auto routed_count = static_cast<size_t>(
        std::count_if(fresh.begin(), fresh.end(), [](const Warning& w) { return w.unit_id.has_value(); }));
    if (observer_ && routed_count) observer_->on_warnings_routed(tx, fresh, before.places, now);
    std::vector<notify::Message> messages;
    const auto due = fresh.empty() ? std::string() : notify::taipei_time(fresh.front().due_at);  // the same for all
    for (const auto& w : fresh) {
      if (!w.unit_id) continue;
      if (auto c = before.contacts.find(*w.unit_id); c != before.contacts.end())
        add_unit_mail(messages, c->second, w, due, public_url_);
    }
    notify::enqueue_many(tx, messages, now);
    // One entry for the batch: how many came, which numbers it started (gapless, so the first and
    // last name them all), and how many repeated open warnings.
    nlohmann::json detail{{"count", out.size()}, {"stored", fresh.size()}, {"merged", out.size() - fresh.size()},
                          {"triage", fresh.size() - routed_count}};
    if (!fresh.empty()) detail["numbers"] = {fresh.front().number, fresh.back().number};
    audit::append(tx, now, who.label, "warning.issue", "warning_batch", std::to_string(out.front().id), std::nullopt,
                  detail.dump());
    return out;
  });
}

void WarningService::attach(jobs::Scheduler& scheduler) {
  scheduler.on(kOverdueJob, [this](store::Transaction& tx, const jobs::Job& job, core::TimeMs now) {
    auto w = sw::find(tx, job.warning_id);
    if (!w || w->state != "open") return;  // answered in time, or since: nothing to remind
    mail_unit(tx, *w, public_url_, now, true);
    const auto every = policies_.for_ticket(core::UnitKind::school, now).reminders.overdue_every;
    core::TimeMs next = core::add_span(job.due_at, every);
    while (next <= now) next = core::add_span(next, every);
    jobs::schedule_for_warning(tx, next, kOverdueJob, w->id, now);
  });
}

Warning WarningService::visible(store::Transaction& tx, const core::Principal& who, long long id) {
  auto w = sw::find(tx, id);
  if (w && w->input.tlp == "red") {
    // TLP:RED is for the named recipients only: the unit it went to, its issuer, and the CERT.
    if (who.unit_kind == core::UnitKind::cert || w->issuer_unit_id == who.unit_id || w->unit_id == who.unit_id)
      return *w;
  } else if (w) {
    if (core::sees_everything(who) || w->issuer_unit_id == who.unit_id) return *w;
    if (w->unit_id) {
      auto u = store::units::find_by_id(tx, *w->unit_id);
      if (u && core::can_read_unit(who, {u->id, u->path})) return *w;
    }
  }
  throw core::not_found("No warning " + std::to_string(id) + " is visible to you.");
}

Warning WarningService::get(const core::Principal& who, long long id) {
  return db_.read_value([&](store::Transaction& tx) { return visible(tx, who, id); });
}

std::pair<std::vector<Warning>, long long> WarningService::list(const core::Principal& who, const ListQuery& q) {
  return db_.read_value([&](store::Transaction& tx) {
    sw::Filter f;
    // A SOC is sent nothing: its warnings are those it issued.
    if (q.issued || who.unit_kind == core::UnitKind::soc) {
      f.issuer_unit_id = who.unit_id;
    } else if (q.triage) {
      if (who.unit_kind != core::UnitKind::cert) throw core::forbidden("The triage queue is the CERT's.");
      f.triage = true;
    } else if (!core::sees_everything(who)) {
      f.within_path = who.unit_path;
    }
    // TLP:RED is for the named recipients only: centres above and the ministry do not list it.
    if (!f.issuer_unit_id && who.unit_kind != core::UnitKind::cert) f.red_only_to_unit = who.unit_id;
    f.state = q.state;
    if (q.overdue) f.overdue_at = clock_.now();
    f.rule_id = q.rule_id;
    f.updated_since = q.updated_since;
    f.text = q.text;
    f.before_id = q.before_id;
    f.limit = q.limit;
    f.offset = q.offset;
    return std::make_pair(sw::list(tx, f), sw::count(tx, f, kWarningTotalCap));
  });
}

long long WarningService::unanswered_count(const core::Principal& who) {
  return db_.read_value([&](store::Transaction& tx) {
    sw::Filter f;
    f.unit_id = who.unit_id;
    f.state = "open";
    return sw::count(tx, f, kWarningTotalCap);
  });
}

std::vector<std::pair<long long, std::string>> WarningService::open_tickets_for(const core::Principal& who,
                                                                               const Warning& w) {
  if (w.state != "open" || !w.unit_id || *w.unit_id != who.unit_id || who.contact_id <= 0) return {};
  return db_.read_value([&](store::Transaction& tx) { return incidents_.open_tickets_for_host(tx, who, w.host); });
}

std::vector<long long> WarningService::checked_reply(const core::Principal& who, const std::vector<long long>& ids,
                                                     core::WarningReply reply, const std::string& reason,
                                                     std::optional<long long> incident_id) const {
  if (incident_id && reply != core::WarningReply::real_incident)
    throw core::invalid("incident_id", "only a real incident joins a ticket");
  if (ids.empty()) throw core::invalid("ids", "name at least one warning");
  if (ids.size() > core::kMaxRepliesPerRequest)
    throw core::invalid("ids", "at most " + std::to_string(core::kMaxRepliesPerRequest) + " warnings per reply");
  // Each warning once, whatever the list repeats: one answer, one audit entry.
  std::vector<long long> distinct;
  for (long long id : ids)
    if (std::find(distinct.begin(), distinct.end(), id) == distinct.end()) distinct.push_back(id);
  core::check_reply(reply, reason);
  if (who.contact_id <= 0) throw core::forbidden("Warnings are answered by a person of the unit.");
  return distinct;
}

std::vector<Warning> WarningService::reply(const core::Principal& who, const std::vector<long long>& ids,
                                           core::WarningReply reply, const std::string& reason,
                                           std::optional<long long> incident_id) {
  const auto distinct = checked_reply(who, ids, reply, reason, incident_id);
  // Every effect (the replies, a ticket joined or a draft opened, their audit entries) is in the
  // transaction.
  return db_.write_value_rerunnable(
      [&](store::Transaction& tx) { return reply_in(tx, who, distinct, reply, reason, incident_id); });
}

void WarningService::reply_async(core::Principal who, const std::vector<long long>& ids, core::WarningReply reply,
                                 std::string reason, std::optional<long long> incident_id, RepliesDone done) {
  auto distinct = checked_reply(who, ids, reply, reason, incident_id);
  db_.write_value_rerunnable_async<std::vector<Warning>>(
      [this, who = std::move(who), distinct = std::move(distinct), reply, reason = std::move(reason),
       incident_id](store::Transaction& tx) { return reply_in(tx, who, distinct, reply, reason, incident_id); },
      std::move(done));
}

std::vector<Warning> WarningService::reply_in(store::Transaction& tx, const core::Principal& who,
                                              const std::vector<long long>& distinct, core::WarningReply reply,
                                              const std::string& reason, std::optional<long long> incident_id) {
  {
    const auto now = clock_.now();
    std::vector<Warning> answered;
    std::optional<core::Unit> answered_for;  // the unit whose warnings these are
    for (long long id : distinct) {
      auto w = visible(tx, who, id);
      if (!w.unit_id) throw core::forbidden("Warning " + w.number + " is not routed to a unit yet.");
      if (!answered_for || answered_for->id != *w.unit_id) {
        if (answered_for) throw core::invalid("ids", "one reply answers the warnings of one unit");
        answered_for = store::units::find_by_id(tx, *w.unit_id);
      }
      // The unit itself, or a centre above it acting for its school (the CERT anywhere).
      if (w.unit_id != who.unit_id && !(answered_for && core::can_manage_unit(who, {answered_for->id, answered_for->path})))
        throw core::forbidden("Warning " + w.number + " is another unit's to answer.");
      if (w.state != "open")
        throw core::Error(core::ErrorKind::conflict, "invalid_state", "Warning " + w.number + " is answered already.", "ids");
      answered.push_back(w);
    }
    std::optional<long long> ticket_id = incident_id;  // the ticket joined, or the draft opened
    if (ticket_id) {
      for (const auto& w : answered) incidents_.link_warning_in(tx, who, *ticket_id, w.number, w.host, *w.unit_id);
    } else if (reply == core::WarningReply::real_incident) {
      // A draft ticket, prefilled from the warning: the unit completes and files it.
      const auto& first = answered.front();
      core::IncidentReport r;
      r.type = core::IncidentType::INT;
      r.subcategory = core::incident_subcategory_for(first.input.subcategory);
      r.aware_at = now;
      r.occurred_at = first.first_seen;
      for (const auto& w : answered) r.hosts.push_back({w.host, "", "", "", "school"});
      // In the language of the person replying: the draft is theirs to complete.
      const auto contact = store::contacts::find_by_id(tx, who.contact_id);
      const bool zh = !contact || contact->locale != "en";
      r.description = (zh ? "資安預警 " + first.number + "：" : "Early warning " + first.number + ": ") + first.input.description;
      // A centre answering for its school opens the draft in the school's name, for the school.
      ticket_id = incidents_.create_in(tx, acting_for(who, *answered_for), r, false, false).incident.id;
    }
    for (auto& w : answered) {
      w.state = "answered";
      w.reply = std::string(core::to_string(reply));
      w.reply_reason = reason;
      w.replied_by = who.label;
      w.replied_at = now;
      w.incident_id = ticket_id;
      sw::save_reply(tx, w, now);
      audit::append(tx, now, who.label, "warning.reply", "warning", w.number, std::nullopt,
                    nlohmann::json{{"reply", w.reply}, {"reason", reason},
                                   {"incident_id", ticket_id ? nlohmann::json(*ticket_id) : nlohmann::json(nullptr)}}
                        .dump());
    }
    return answered;
  }
}

Warning WarningService::assign(const core::Principal& who, long long id, const std::string& unit_oid) {
  if (who.unit_kind != core::UnitKind::cert || who.contact_id == 0) throw core::forbidden("The CERT routes triaged warnings.");
  return db_.write_value([&](store::Transaction& tx) {
    auto w = visible(tx, who, id);
    if (w.unit_id) throw core::Error(core::ErrorKind::conflict, "invalid_state", "Warning " + w.number + " is routed already.", "id");
    auto unit = store::units::find_by_oid(tx, unit_oid);
    if (!unit) throw core::invalid("unit_oid", "no unit has the OID " + unit_oid);
    const auto now = clock_.now();
    sw::assign(tx, id, unit->id, now);
    w.unit_id = unit->id;
    mail_unit(tx, w, public_url_, now);
    if (observer_) observer_->on_warnings_routed(tx, {w}, store::units::places(tx, {unit->id}), now);
    audit::append(tx, now, who.label, "warning.assign", "warning", w.number, std::nullopt,
                  nlohmann::json{{"unit_oid", unit_oid}}.dump());
    return w;
  });
}

std::vector<WarningService::RuleFeedback> WarningService::feedback(const core::Principal& who) {
  return db_.read_value([&](store::Transaction& tx) {
    std::vector<RuleFeedback> out;
    for (auto& r : tx.query("SELECT rule_id, COUNT(*), "
                            "SUM(CASE WHEN state = 'answered' THEN 1 ELSE 0 END), "
                            "SUM(CASE WHEN reply = 'false_positive' THEN 1 ELSE 0 END), "
                            "SUM(CASE WHEN reply = 'real_incident' THEN 1 ELSE 0 END), "
                            "SUM(CASE WHEN reply = 'undetermined' THEN 1 ELSE 0 END) "
                            "FROM warnings WHERE issuer_unit_id = ? GROUP BY rule_id ORDER BY rule_id",
                            {static_cast<std::int64_t>(who.unit_id)})) {
      RuleFeedback f;
      f.rule_id = r.text(0);
      f.issued = r.integer(1);
      f.answered = r.integer(2);
      f.false_positives = r.integer(3);
      f.real_incidents = r.integer(4);
      f.undetermined = r.integer(5);
      f.false_positive_rate = f.answered ? static_cast<double>(f.false_positives) / f.answered : 0;
      std::vector<core::TimeMs> times;
      for (auto& t : tx.query("SELECT replied_at - created_at FROM warnings WHERE issuer_unit_id = ? AND rule_id = ? "
                              "AND replied_at IS NOT NULL",
                              {static_cast<std::int64_t>(who.unit_id), f.rule_id}))
        times.push_back(t.integer(0));
      if (!times.empty()) {
        std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
        f.median_reply_ms = times[times.size() / 2];
      }
      out.push_back(f);
    }
    return out;
  });
}

}  // namespace tongbao::warnings
