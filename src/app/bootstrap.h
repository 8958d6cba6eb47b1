#pragma once
// What an empty database gets on first start: the demo organisation, or one CERT administrator
// with a one-time password.
#include <string>
#include <vector>

#include "app/config.h"
#include "core/clock.h"
#include "store/database.h"

namespace tongbao::app {

struct DemoAccount {
  std::string unit_name;
  std::string oid;
  std::string account;
  std::string password;
};

constexpr const char* kDemoPassword = "tongbao-demo";

// Seeds a CERT, a regional centre, two county centres and four schools, each with contact 1.
// Does nothing (returns empty) when the database already holds units.
std::vector<DemoAccount> seed_demo(store::Database& db, const core::Clock& clock);

// Creates the CERT and its administrator when the database is empty; returns the administrator's
// one-time password, or empty when the database was not empty.
std::string seed_first_administrator(store::Database& db, const core::Clock& clock, const Config& config);

}  // namespace tongbao::app
