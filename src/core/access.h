#pragma once
// Who may see and change what. Permissions follow the organisation tree: a unit sees its own
// data, a centre its subtree, the CERT everything, the ministry reads everything.
#include <string>

#include "core/unit.h"

namespace tongbao::core {

// The signed-in party: a contact of a unit, or an API key of a unit (machine client).
struct Principal {
  long long unit_id = 0;
  std::string unit_oid;
  std::string unit_path;
  UnitKind unit_kind = UnitKind::other;
  long long contact_id = 0;  // 0 for an API key
  long long api_key_id = 0;  // 0 for a person
  bool account_manager = false;
  bool must_change_password = false;  // a one-time password: only changing it is allowed
  bool must_enrol_second_factor = false;  // policy asks for a second factor the contact has not set up
  bool read_only = false;  // an API key of scope read: GET and HEAD only
  std::string label;         // "oid/account" or "apikey:N", as the audit log names the actor
  std::string session_hash;  // the session a person calls with (its token's digest); empty for a key
};

// Where a target sits in the tree: its id and materialised path.
struct TreePosition {
  long long unit_id = 0;
  std::string path;
};

// The platform itself acting from the command line (imports, start-up): the CERT's powers.
Principal system_principal();

bool sees_everything(const Principal& p);                          // CERT and ministry
bool can_read_unit(const Principal& p, const TreePosition& target);  // own subtree, or everything
// Creating, editing or moving a unit: the CERT anywhere, a centre below itself. Not the ministry.
bool can_manage_unit(const Principal& p, const TreePosition& target);
// Contacts 1–2 belong to the parent's care (not any unit further up), 3–5 to the unit's account
// manager; the CERT may do both.
bool can_manage_contact_slot(const Principal& p, const TreePosition& unit, int slot);
// A person may always edit their own details and password.
bool is_self(const Principal& p, long long contact_id);
// A centre's person acting in the name of one of its units (a draft opened for a school): the
// unit's place in the tree, the person's name in the records. Only where can_manage_unit allows.
Principal acting_for(const Principal& p, const Unit& unit);
// Who may read the audit trail and login records: the CERT and the ministry.
bool can_read_audit(const Principal& p);

}  // namespace tongbao::core
