#pragma once
// The database a test runs against. SQLite files by default; when TONGBAO_TEST_POSTGRES_URL_FILE
// names the address of the tests' own PostgreSQL (tests/support/test-postgres, started by ctest
// for every test's "@postgres" twin), each call gives a new, empty PostgreSQL database instead.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/database.h"

namespace tongbao::test_support {

bool testing_postgres();
// A new empty database on the tests' PostgreSQL: its postgresql:// address.
std::string new_postgres_database();
// `sqlite_path` itself, or a new PostgreSQL database when testing PostgreSQL.
std::string test_database_location(const std::string& sqlite_path);
std::unique_ptr<store::Database> open_test_database(const std::string& sqlite_path);

// SQL run straight on a database, past the server: what an older server, or a damaged disk,
// could leave behind. Statements separated by ";\n".
void run_sql(const std::string& location, const std::string& sql);

// A database opened past the server (no migrations applied), each statement in its own transaction.
class DirectDatabase {
 public:
  explicit DirectDatabase(const std::string& location);
  void exec(const std::string& sql);
  long long integer(const std::string& sql);  // the first column of the first row; -1 when none
  std::string text_of(const std::string& sql);
  store::Database& db() { return *db_; }

 private:
  std::unique_ptr<store::Database> db_;
};

}  // namespace tongbao::test_support

// For what only one backend has (SQLite's files and backups).
#define TONGBAO_SQLITE_ONLY(why) \
  if (::tongbao::test_support::testing_postgres()) GTEST_SKIP() << "SQLite only: " << why
