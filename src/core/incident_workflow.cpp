#include "core/incident_workflow.h"

namespace tongbao::core {
namespace {

using S = IncidentState;
using A = IncidentAction;

bool in(S s, std::initializer_list<S> states) {
  for (auto x : states)
    if (x == s) return true;
  return false;
}

Transition refuse(std::string why) { return {false, S::draft, std::move(why)}; }
Transition go(S next) { return {true, next, {}}; }

}  // namespace

std::string_view to_string(IncidentAction a) {
  switch (a) {
    case A::edit_report: return "edit_report";
    case A::submit_report: return "submit_report";
    case A::file_response: return "file_response";
    case A::review_report: return "review_report";
    case A::change_level: return "change_level";
    case A::approve: return "approve";
    case A::return_ticket: return "return";
    case A::close: return "close";
    case A::reopen: return "reopen";
    case A::record_follow_up: return "record_follow_up";
    case A::add_attachment: return "add_attachment";
    case A::take_support: return "take_support";
    case A::request_support: return "request_support";
    case A::discard: return "discard";
  }
  return "";
}

const std::vector<IncidentAction>& all_incident_actions() {
  static const std::vector<IncidentAction> all = {A::edit_report, A::submit_report, A::file_response, A::review_report,
                                                  A::change_level, A::approve, A::return_ticket, A::close,
                                                  A::reopen, A::record_follow_up, A::add_attachment, A::take_support,
                                                  A::request_support, A::discard};
  return all;
}

bool needs_reason(IncidentAction a) {
  return a == A::change_level || a == A::return_ticket || a == A::reopen || a == A::discard;
}

Transition decide(IncidentAction action, IncidentState s, TicketRoles r, bool has_response, bool report_reviewed) {
  if (s == S::closed && action != A::reopen) return refuse("The ticket is closed: it is history and cannot change.");
  if (s == S::discarded) return refuse("The draft was discarded: it stays as it was.");
  switch (action) {
    case A::edit_report:
      if (!r.unit) return refuse("Only the reporting unit edits its report.");
      if (!in(s, {S::draft, S::returned})) return refuse("The report can be edited only as a draft or after a return.");
      return go(s);
    case A::submit_report:
      if (!r.unit) return refuse("Only the reporting unit files its report.");
      if (!in(s, {S::draft, S::returned})) return refuse("The report has been filed already.");
      return go(s == S::returned && has_response ? S::responded : S::reported);
    case A::file_response:
      if (!r.unit) return refuse("Only the reporting unit files the response.");
      if (!in(s, {S::reported, S::returned, S::responded}))
        return refuse("A response is filed after the report and before review.");
      return go(S::responded);
    case A::review_report:
      if (!r.centre) return refuse("Only the reviewing centre reviews the report.");
      if (!in(s, {S::reported, S::responded, S::centre_review})) return refuse("A report is reviewed once it is filed.");
      if (report_reviewed) return refuse("The report was reviewed already; it is reviewed again when it is filed again.");
      return go(s);
    case A::change_level:
      if (r.cert && in(s, {S::reported, S::responded, S::centre_review, S::cert_review, S::returned})) return go(s);
      if (r.centre && in(s, {S::reported, S::responded, S::centre_review, S::returned})) return go(s);
      return refuse(r.centre || r.cert ? "The level cannot be changed in this state."
                                       : "Only the reviewing centre or the CERT changes the level.");
    case A::approve:
      if (!r.centre) return refuse("Only the reviewing centre approves a ticket.");
      if (!in(s, {S::responded, S::centre_review})) return refuse("The response is approved once it is filed.");
      return go(S::cert_review);
    case A::return_ticket:
      if (r.cert && in(s, {S::reported, S::responded, S::centre_review, S::cert_review})) return go(S::returned);
      if (r.centre && in(s, {S::reported, S::responded, S::centre_review})) return go(S::returned);
      return refuse(r.centre || r.cert ? "The ticket cannot be returned in this state."
                                       : "Only the reviewing centre or the CERT returns a ticket.");
    case A::close:
      if (!r.cert) return refuse("Only the CERT closes tickets.");
      if (s != S::cert_review) return refuse("A ticket is closed after the centre has approved it.");
      return go(S::closed);
    case A::reopen:
      if (!r.cert) return refuse("Only the CERT reopens a closed ticket.");
      if (s != S::closed) return refuse("Only a closed ticket can be reopened.");
      return go(S::cert_review);
    case A::record_follow_up:
      if (!r.unit) return refuse("Only the reporting unit records its notifications and referrals.");
      return go(s);
    case A::add_attachment:
      if (!r.unit && !r.centre && !r.cert) return refuse("Only those who act on the ticket add evidence.");
      return go(s);
    case A::discard:
      if (!r.unit) return refuse("Only the reporting unit discards its draft.");
      if (s != S::draft) return refuse("Only a draft can be discarded; a filed report stays on record.");
      return go(S::discarded);
    case A::request_support:
      if (!r.unit) return refuse("Support is asked for by the reporting unit.");
      if (s == S::draft) return refuse("Ask for support in the report itself while it is a draft.");
      return go(s);
    case A::take_support:
      if (!r.centre && !r.cert) return refuse("Support is taken on by the reviewing centre or the CERT.");
      if (s == S::draft) return refuse("The report has not been filed yet.");
      return go(s);
  }
  return refuse("Unknown action.");
}

}  // namespace tongbao::core
