#pragma once
// SQL run straight on a stopped server's database file: what an older server, or a damaged
// disk, could leave behind.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

namespace tongbao::test_support {

inline void run_sql(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

}  // namespace tongbao::test_support
