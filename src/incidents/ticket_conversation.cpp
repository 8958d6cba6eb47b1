#include "incidents/ticket_conversation.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "core/error.h"
#include "core/utf8.h"
#include "incidents/ticket_audit.h"
#include "store/contact_store.h"
#include "store/unit_store.h"

namespace tongbao::incidents {
namespace {

// Spaces a person may leave around a comment: ASCII white space and the ideographic space.
bool trim_front(std::string& s) {
  if (!s.empty() && std::string_view(" \t\r\n\f\v").find(s.front()) != std::string_view::npos) {
    s.erase(0, 1);
    return true;
  }
  if (s.rfind("\xE3\x80\x80", 0) == 0) {
    s.erase(0, 3);
    return true;
  }
  return false;
}

bool trim_back(std::string& s) {
  if (!s.empty() && std::string_view(" \t\r\n\f\v").find(s.back()) != std::string_view::npos) {
    s.pop_back();
    return true;
  }
  if (s.size() >= 3 && s.compare(s.size() - 3, 3, "\xE3\x80\x80") == 0) {
    s.resize(s.size() - 3);
    return true;
  }
  return false;
}

// The role the caller speaks as on this ticket; empty for one with none (the ministry reads).
std::string role_of(const core::Principal& who, const core::Incident& t) {
  if (who.unit_id == t.unit_id) return "unit";
  if (who.unit_kind == core::UnitKind::cert) return "cert";
  if (core::is_centre(who.unit_kind)) return "centre";
  return "";
}

}  // namespace

const std::vector<std::string>& comment_roles() {
  static const std::vector<std::string> roles = {"unit", "centre", "cert"};
  return roles;
}

std::string tidy_comment_body(const std::string& body) {
  std::string s = body;
  while (trim_front(s)) {
  }
  while (trim_back(s)) {
  }
  if (s.empty()) throw core::invalid("body", "the comment is empty");
  if (!core::is_valid_utf8(s)) throw core::invalid("body", "the comment is not valid UTF-8");
  if (core::utf8_length(s) > kMaxCommentLength)
    throw core::invalid("body", "the comment is longer than " + std::to_string(kMaxCommentLength) + " characters");
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
      throw core::invalid("body", "the comment holds a control character");
  return s;
}

void check_mentions(const std::vector<std::string>& mentions) {
  const auto& roles = comment_roles();
  for (size_t i = 0; i < mentions.size(); ++i) {
    if (std::find(roles.begin(), roles.end(), mentions[i]) == roles.end())
      throw core::invalid("mentions", "a mention is one of unit, centre, cert");
    if (std::find(mentions.begin(), mentions.begin() + static_cast<long>(i), mentions[i]) != mentions.begin() + static_cast<long>(i))
      throw core::invalid("mentions", "the mention " + mentions[i] + " is given twice");
  }
}

TicketConversation::TicketConversation(store::Database& db, const core::Clock& clock, IncidentService& tickets)
    : db_(db), clock_(clock), tickets_(tickets) {}

std::vector<Comment> TicketConversation::list(const core::Principal& who, long long id) {
  return db_.read_value([&](store::Transaction& tx) {
    tickets_.readable_in(tx, who, id);
    return store::comments::of_incident(tx, id);
  });
}

Comment TicketConversation::add(const core::Principal& who, long long id, const std::string& body,
                                const std::vector<std::string>& mentions) {
  // Every effect (the comment, its audit entry, the mentions' mails) is in the transaction.
  return db_.write_value_rerunnable([&](store::Transaction& tx) {
    // Who asks comes first: a caller who may not read the ticket learns nothing more of it.
    const auto t = tickets_.readable_in(tx, who, id);
    if (who.contact_id <= 0) throw core::forbidden("A comment is written by a person, not an API key.");
    const auto role = role_of(who, t);
    if (role.empty()) throw core::forbidden("The conversation is between the unit, its centres and the CERT.");
    const auto text = tidy_comment_body(body);
    check_mentions(mentions);
    // A draft is its unit's own (unless a coordinated incident opened it): nobody else could open the link.
    const bool private_draft = t.state == core::IncidentState::draft && !t.parent_id;
    if (private_draft && std::any_of(mentions.begin(), mentions.end(), [](const std::string& m) { return m != "unit"; }))
      throw core::invalid("mentions", "a draft is seen by its unit alone: mention the centre or the CERT once it is filed");
    if (store::comments::count(tx, t.id) >= kMaxCommentsPerTicket)
      throw core::Error(core::ErrorKind::conflict, "too_many_comments",
                        "This ticket holds " + std::to_string(kMaxCommentsPerTicket) + " comments, the most it keeps.", "body");
    const auto now = clock_.now();
    Comment c;
    c.incident_id = t.id;
    c.author_contact_id = who.contact_id;
    c.author_unit_id = who.unit_id;
    c.author_role = role;
    c.body = text;
    c.mentions = mentions;
    c.created_at = now;
    c.id = store::comments::insert(tx, c);
    const auto reference = audit_reference(t) + "#" + std::to_string(c.id);
    audit::append(tx, now, who.label, "incident.commented", "incident_comment", reference, std::nullopt,
                  nlohmann::json{{"incident", audit_reference(t)}, {"author_role", role}, {"body", text}, {"mentions", mentions}}
                      .dump());
    const auto contact = store::contacts::find_by_id(tx, who.contact_id);
    const auto unit = store::units::find_by_id(tx, who.unit_id);
    c.author_name = contact ? contact->name : "";
    c.author_unit_name = unit ? unit->name : "";
    c.author_unit_oid = unit ? unit->oid : who.unit_oid;
    if (observer_ && !mentions.empty())
      observer_->on_comment(tx, t, {who.unit_id, c.author_name, c.author_unit_name, text, mentions}, now);
    return c;
  });
}

}  // namespace tongbao::incidents
