#include "ticket_tree.h"

#include <algorithm>
#include <random>
#include <string>

#include "core/incident.h"
#include "core/ticket_number.h"

namespace tongbao::bench {
namespace {

constexpr int kRegions = 4, kCountiesPerRegion = 5, kSchoolsPerCounty = 200;
constexpr core::TimeMs kMinute = 60'000, kHour = 60 * kMinute, kDay = 24 * kHour;

// A filed report as a school writes one, different for every ticket (its host and words), so that
// reading it costs what a real one does and no two tickets share a parse.
std::string report_json(bool def, const std::string& subcategory, long ticket) {
  const auto n = std::to_string(ticket);
  const auto ip = "10." + std::to_string(ticket / 65536 % 256) + "." + std::to_string(ticket / 256 % 256) + "." +
                  std::to_string(ticket % 256);
  return std::string("{\"type\":\"") + (def ? "DEF" : "INT") + "\",\"subcategory\":\"" + subcategory +
         "\",\"hosts\":[{\"ip\":\"" + ip + "\",\"hostname\":\"lab-pc-" + n +
         "\",\"os\":\"Windows 10\",\"role\":\"computer lab\",\"owner\":\"school\"}],"
         "\"description\":\"電腦教室主機 lab-pc-" + n + " 對外異常連線，已拔除網路線並清查 (" + n + ")\","
         "\"impact\":{\"confidentiality\":\"none\",\"integrity\":\"none\",\"availability\":\"core_late\"},"
         "\"impact_scope\":\"one computer lab\",\"loss_assessment\":\"none known\",\"support\":{\"needed\":false},"
         "\"personal_data\":false,\"law_enforcement\":false,"
         "\"contact\":{\"name\":\"黃美玲\",\"phone\":\"07-555-0005\",\"email\":\"teacher@school.example.edu.tw\"}}";
}

}  // namespace

void write_tree(store::Database& db) {
  db.write([&](store::Transaction& tx) {
    auto unit = [&](std::int64_t id, std::int64_t parent, const std::string& path, const char* kind) {
      tx.execute("INSERT INTO units (id, oid, code, name, kind, parent_id, path, created_at, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)",
                 {id, "2.16.886." + std::to_string(id), "U" + std::to_string(id), "Unit " + std::to_string(id),
                  std::string(kind), parent ? store::Value(parent) : store::Value(nullptr), path});
    };
    unit(1, 0, "/1/", "cert");
    std::int64_t next = 2;
    for (int r = 0; r < kRegions; ++r) {
      const auto region = next++;
      const auto region_path = "/1/" + std::to_string(region) + "/";
      unit(region, 1, region_path, "regional_centre");
      for (int c = 0; c < kCountiesPerRegion; ++c) {
        const auto county = next++;
        const auto county_path = region_path + std::to_string(county) + "/";
        unit(county, region, county_path, "county_centre");
        for (int s = 0; s < kSchoolsPerCounty; ++s) {
          const auto school = next++;
          unit(school, county, county_path + std::to_string(school) + "/", "school");
        }
      }
    }
  });
}

// The schools with their county centres, and someone signed in at the CERT, a county and a school.
Tree read_tree(store::Database& db) {
  Tree tree;
  db.read([&](store::Transaction& tx) {
    for (auto& r : tx.query("SELECT id, parent_id FROM units WHERE kind = 'school' ORDER BY id")) {
      tree.schools.push_back(r.integer(0));
      tree.school_parent.push_back(r.integer(1));
    }
  });
  auto principal = [&](std::int64_t id, core::UnitKind kind) {
    return db.read_value([&](store::Transaction& tx) {
      core::Principal p;
      p.unit_id = id;
      p.unit_oid = "2.16.886." + std::to_string(id);
      p.unit_path = tx.query_one("SELECT path FROM units WHERE id = ?", {id})->text(0);
      p.unit_kind = kind;
      p.contact_id = 1;
      p.label = "bench";
      return p;
    });
  };
  tree.cert = principal(1, core::UnitKind::cert);
  tree.county = principal(tree.school_parent[0], core::UnitKind::county_centre);
  tree.school = principal(tree.schools[0], core::UnitKind::school);
  return tree;
}

void load_tickets(store::Database& db, const Tree& tree, long tickets, core::TimeMs end, double open_share) {
  std::mt19937_64 rng(20261123);
  const core::TimeMs span = 5 * 365 * kDay, start = end - span;
  const auto& int_subs = core::subcategories(core::IncidentType::INT);
  const auto& def_subs = core::subcategories(core::IncidentType::DEF);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  constexpr long kBatch = 50'000;
  // Several rows per statement: one round trip per 400 tickets on PostgreSQL.
  constexpr long kRowsPerStatement = 400;
  const std::string columns =
      "INSERT INTO incidents (id, number, unit_id, reviewer_unit_id, type, subcategory, state, drill, level, "
      "chosen_level, computed_level, aware_at, reported_at, reviewed_at, responded_at, resolved_at, closed_at, "
      "support_needed, personal_data, law_enforcement, report_json, created_by, created_at, updated_at, "
      "aware_month) VALUES ";
  const std::string one_row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, 'bench', ?, ?, ?)";
  const long first_open = tickets - static_cast<long>(static_cast<double>(tickets) * open_share);
  for (long first = 0; first < tickets; first += kBatch) {
    db.write([&](store::Transaction& tx) {
      const long last = std::min(tickets, first + kBatch);
      for (long from = first; from < last; from += kRowsPerStatement) {
        const long to = std::min(last, from + kRowsPerStatement);
        std::string sql = columns;
        std::vector<store::Value> values;
        for (long i = from; i < to; ++i) {
          if (i > from) sql += ", ";
          sql += one_row;
          const auto s = static_cast<size_t>(pick(static_cast<int>(tree.schools.size())));
          const bool def = pick(5) == 0;
          const int level = 1 + std::min(3, pick(10) / 3);  // mostly 1-3, some 4
          const int chosen = pick(10) == 0 ? std::max(1, level - 1) : level;
          const core::TimeMs aware = start + span * i / tickets;
          // Most reports within the hour; one in twenty days late.
          const core::TimeMs to_report = pick(20) == 0 ? pick(20 * 24) * kHour : pick(90) * kMinute;
          const core::TimeMs reported = aware + to_report, reviewed = reported + pick(48 * 6) * 10 * kMinute,
                             resolved = aware + (1 + pick(100)) * kHour;
          const std::string sub(def ? def_subs[static_cast<size_t>(pick(static_cast<int>(def_subs.size())))].key
                                    : int_subs[static_cast<size_t>(pick(static_cast<int>(int_subs.size())))].key);
          const bool open = i >= first_open;
          store::Value closed_at = nullptr;
          if (!open) closed_at = resolved + kDay;
          const std::vector<store::Value> row = {
              static_cast<std::int64_t>(i + 1), "B-" + std::to_string(i + 1), tree.schools[s], tree.school_parent[s],
              std::string(def ? "DEF" : "INT"),
              sub,
              std::string(open ? "reported" : "closed"), std::int64_t{pick(50) == 0}, std::int64_t{level},
              std::int64_t{chosen}, std::int64_t{level}, aware, reported, reviewed, resolved, resolved, closed_at,
              std::int64_t{pick(20) == 0}, report_json(def, sub, i + 1), aware, resolved + kDay, core::taipei_year_month(aware)};
          values.insert(values.end(), row.begin(), row.end());
        }
        tx.execute(sql, values);
      }
    });
  }
}

void load_warnings(store::Database& db, const Tree& tree, long warnings, core::TimeMs end, double open_share) {
  std::mt19937_64 rng(20261204);
  const core::TimeMs span = 365 * kDay, start = end - span;
  constexpr long kBatch = 50'000;
  for (long from = 0; from < warnings; from += kBatch) {
    db.write([&](store::Transaction& tx) {
      for (long k = from; k < std::min(warnings, from + kBatch); ++k) {
        const auto school = tree.schools[rng() % tree.schools.size()];
        const core::TimeMs at = start + span * k / warnings;
        const bool open = k >= static_cast<long>(static_cast<double>(warnings) * (1 - open_share));
        const auto host = "10." + std::to_string(school % 250) + "." + std::to_string(rng() % 250) + "." +
                          std::to_string(rng() % 250);
        tx.execute_without_answer(
            "INSERT INTO warnings (number, issuer_unit_id, unit_id, host, subcategory, addresses_json, port, protocol, "
            "observed_at, first_seen, last_seen, repeat_count, description, evidence, rule_id, state, reply, "
            "reply_reason, replied_by, replied_at, due_at, created_at, updated_at, tlp) "
            "VALUES (?, 1, ?, ?, 'botnet', ?, 445, 'tcp', ?, ?, ?, 1, 'Connections to a botnet controller', '', "
            "'bench-rule', ?, ?, '', ?, ?, ?, ?, ?, 'amber')",
            {"EW-" + std::to_string(k + 1), school, host, "[{\"ip\":\"" + host + "\",\"role\":\"source\"}]", at, at,
             at, std::string(open ? "open" : "answered"), open ? store::Value(nullptr) : store::Value(std::string("handled")),
             open ? store::Value(nullptr) : store::Value(std::string("teacher")), open ? store::Value(nullptr) : store::Value(at + kDay),
             at + 3 * kDay, at, at});
      }
    });
  }
}

}  // namespace tongbao::bench
