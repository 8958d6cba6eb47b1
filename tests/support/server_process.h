#pragma once
// The real tongbao binary started as a child process on a free port, with its own data folder.
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/temp_dir.h"

namespace tongbao::test_support {

struct ServerFlags {
  bool demo = true;
  bool test_clock = true;
  // Kinds whose contacts must sign in with a second factor: nobody by default here, so tests sign
  // in with a password alone; empty keeps the server's own default (the CERT and the centres).
  std::string second_factor_required_for = "none";
  std::vector<std::string> extra;
  // A program that runs the server, e.g. {"/usr/bin/prlimit", "--nofile=256:256", "--"}; it must exec it.
  std::vector<std::string> wrapper;
  // The database to serve: empty for the server's own (a SQLite file in its data folder, or a new
  // PostgreSQL database when testing PostgreSQL); another server's database() to share it.
  std::string database;
  // The data folder: empty for one of its own; another server's data_dir() to share it (the audit
  // key and the attachments), as servers behind one address do.
  std::string data_dir;
};

class ServerProcess {
 public:
  explicit ServerProcess(ServerFlags flags = {});
  ~ServerProcess();

  unsigned short port() const { return port_; }
  int pid() const { return pid_; }
  const std::string& data_dir() const { return data_dir_; }
  // Its database: the SQLite file's path or the PostgreSQL address.
  const std::string& database() const { return database_; }
  // What a `tongbao` command needs to work on this server's installation: --data and --database.
  std::vector<std::string> storage_args() const { return {"--data", data_dir_, "--database", database_}; }
  std::string output() const;  // what the server printed
  HttpClient client() const { return HttpClient("127.0.0.1", port_); }

  void start();
  // SIGTERM and wait; returns the exit status.
  int stop();
  // SIGKILL: the crash case.
  void kill_hard();

 private:
  ServerFlags flags_;
  TempDir dir_;
  std::string data_dir_;
  std::string database_;
  int pid_ = -1;
  unsigned short port_ = 0;
};

// Runs the tongbao binary with these arguments to completion; returns exit code and output.
struct CommandResult {
  int exit_code = -1;
  std::string output;
};
CommandResult run_tongbao(const std::vector<std::string>& args);
// The same, on a server's installation (its storage_args() appended).
CommandResult run_tongbao(std::vector<std::string> args, const ServerProcess& on);

// The server's time now (its test clock when it has one), as ISO 8601 text.
std::string now_of(HttpClient& client);

// Signs in and returns the session token (fails the test on error).
std::string sign_in(HttpClient& client, const std::string& oid, const std::string& account,
                    const std::string& password = "tongbao-demo");

}  // namespace tongbao::test_support
