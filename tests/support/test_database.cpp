#include "support/test_database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "store/open_database.h"

namespace tongbao::test_support {
namespace {

std::string admin_url() {
  const char* file = std::getenv("TONGBAO_TEST_POSTGRES_URL_FILE");
  if (!file || !*file) return {};
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty()) throw std::runtime_error(std::string("no PostgreSQL address in ") + file);
  return url;
}

}  // namespace

bool testing_postgres() {
  const char* file = std::getenv("TONGBAO_TEST_POSTGRES_URL_FILE");
  return file && *file;
}

std::string new_postgres_database() {
  static std::atomic<int> counter{0};
  const std::string admin = admin_url();
  const std::string name = "t_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  PGconn* conn = PQconnectdb(admin.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach the tests' PostgreSQL: " + msg);
  }
  PGresult* r = PQexec(conn, ("DROP DATABASE IF EXISTS " + name + "; ").c_str());
  PQclear(r);
  r = PQexec(conn, ("CREATE DATABASE " + name + " TEMPLATE template0").c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = ok ? "" : PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(conn);
  if (!ok) throw std::runtime_error("cannot create a test database: " + msg);
  return admin.substr(0, admin.rfind('/') + 1) + name;
}

std::string test_database_location(const std::string& sqlite_path) {
  return testing_postgres() ? new_postgres_database() : sqlite_path;
}

std::unique_ptr<store::Database> open_test_database(const std::string& sqlite_path) {
  return store::open_database(test_database_location(sqlite_path));
}

DirectDatabase::DirectDatabase(const std::string& location) : db_(store::open_database(location, false)) {}

void DirectDatabase::exec(const std::string& sql) {
  db_->write([&](store::Transaction& tx) { tx.execute(sql); });
}

long long DirectDatabase::integer(const std::string& sql) {
  return db_->read_value([&](store::Transaction& tx) -> long long {
    auto row = tx.query_one(sql);
    return row && !row->is_null(0) ? row->integer(0) : -1;
  });
}

std::string DirectDatabase::text_of(const std::string& sql) {
  return db_->read_value([&](store::Transaction& tx) {
    auto row = tx.query_one(sql);
    return row ? row->text(0) : std::string();
  });
}

void run_sql(const std::string& location, const std::string& sql) {
  auto db = store::open_database(location, false);
  db->write([&](store::Transaction& tx) {
    size_t start = 0;
    while (start < sql.size()) {
      size_t end = sql.find(";\n", start);
      if (end == std::string::npos) end = sql.size();
      const std::string statement = sql.substr(start, end - start);
      if (statement.find_first_not_of(" \t\r\n;") != std::string::npos) tx.execute(statement);
      start = end + 2;
    }
  });
}

}  // namespace tongbao::test_support
