#pragma once
// The comments of a ticket's conversation in the database: written once, never changed.
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace tongbao::store::comments {

struct Comment {
  long long id = 0;
  long long incident_id = 0;
  long long author_contact_id = 0, author_unit_id = 0;
  std::string author_role;  // unit, centre, cert
  std::string body;
  std::vector<std::string> mentions;
  core::TimeMs created_at = 0;
  // Read with the comment: the author as people know them now.
  std::string author_name, author_unit_name, author_unit_oid;
};

long long insert(Transaction& tx, const Comment& c);
// A ticket's comments, oldest first.
std::vector<Comment> of_incident(Transaction& tx, long long incident_id);
long long count(Transaction& tx, long long incident_id);

}  // namespace tongbao::store::comments
