#pragma once
// The ticket tree of the list benchmark (4,000 schools, 1,000,000 tickets by default) made ready
// for the real server, so that requests can be measured where plans meet national data: a
// contact in every unit who signs in with the demo password, and the statistics' sums and the
// search index filled by one first start, so that a run measures requests rather than the
// background work of a first start. The prepared file is kept in the folder and copied for
// each run, so every run starts from the same data.
#include <string>
#include <vector>

namespace tongbao::bench {

struct ServedTree {
  std::string database;  // this run's copy
  std::string data_dir;  // the audit key and attachments the prepared file was started with
  std::vector<std::string> school_oids;  // the first schools, in order
  std::string county_oid, cert_oid;      // the first school's county centre, and the CERT
  long long school_ticket = 0;           // the first school's newest ticket
};

// `dir` keeps lists-N.db (shared with list_bench), served-N.db and the run's copy.
ServedTree prepare_served_tree(const std::string& dir, long tickets, int schools);

// Every unit's contact signs in with this account and password.
constexpr const char* kTreeSchoolAccount = "teacher";
constexpr const char* kTreeCentreAccount = "officer";
constexpr const char* kTreePassword = "tongbao-demo";

}  // namespace tongbao::bench
