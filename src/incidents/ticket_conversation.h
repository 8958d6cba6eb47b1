#pragma once
// The conversation on a ticket: comments between its unit, the centres above it and the CERT,
// beside the formal history. Whoever may read the ticket may read and write it (the ticket's own
// visibility rule, asked of IncidentService); a comment is evidence, kept as written, never
// changed or removed. Mentions name roles (the unit, its reviewing centre, the CERT), whose
// contacts are told by mail in the comment's transaction.
#include <string>
#include <vector>

#include "core/access.h"
#include "core/clock.h"
#include "incidents/incident_service.h"
#include "incidents/ticket_observer.h"
#include "store/comment_store.h"
#include "store/database.h"

namespace tongbao::incidents {

using Comment = store::comments::Comment;

// In characters (code points), after trimming.
constexpr std::size_t kMaxCommentLength = 4000;
// A conversation longer than this belongs in a meeting, not a ticket; it also bounds the list.
constexpr long long kMaxCommentsPerTicket = 300;

// The roles a comment may mention, and the role an author speaks as.
const std::vector<std::string>& comment_roles();

// The body as stored: surrounding spaces (also U+3000) trimmed; 400 when empty, longer than
// kMaxCommentLength characters, or holding control characters other than tab and line breaks.
std::string tidy_comment_body(const std::string& body);
// Known roles only, each once; 400 otherwise.
void check_mentions(const std::vector<std::string>& mentions);

class TicketConversation {
 public:
  TicketConversation(store::Database& db, const core::Clock& clock, IncidentService& tickets);
  // Told of each comment in its transaction (mail to those mentioned). Optional.
  void set_observer(TicketObserver* observer) { observer_ = observer; }

  // 404 exactly where reading the ticket gives 404.
  std::vector<Comment> list(const core::Principal& who, long long id);
  // 404 as above; 403 for a caller that is not a person or speaks for no role (the ministry
  // reads); 400 for a bad body or mention; 409 once the ticket holds kMaxCommentsPerTicket.
  Comment add(const core::Principal& who, long long id, const std::string& body, const std::vector<std::string>& mentions);

 private:
  store::Database& db_;
  const core::Clock& clock_;
  IncidentService& tickets_;
  TicketObserver* observer_ = nullptr;
};

}  // namespace tongbao::incidents
