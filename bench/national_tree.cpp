#include "national_tree.h"

#include "auth/api_key.h"
#include "auth/password.h"
#include "core/clock.h"
#include "store/contact_store.h"
#include "store/unit_store.h"

namespace tongbao::bench {

std::string v4(std::uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." + std::to_string((a >> 8) & 255) + "." +
         std::to_string(a & 255);
}

std::uint32_t school_base(int school) { return (140u << 24) | (static_cast<std::uint32_t>(school) << 6); }

std::string school_v6_prefix(int school) {
  return "2001:288:" + std::to_string(1000 + school / 1000) + ":" + std::to_string(school % 1000) + "::";
}

NationalTree build_national_tree(store::Database& db) {
  NationalTree tree;
  core::SystemClock clock;
  const auto hash = auth::hash_password("bench-password-1");
  db.write([&](store::Transaction& tx) {
    const auto now = clock.now();
    core::Unit cert;
    cert.oid = "2.16.886.111.1";
    cert.code = "CERT";
    cert.name = "CERT";
    cert.kind = core::UnitKind::cert;
    store::units::insert(tx, cert, now);
    tree.cert_key = auth::issue_api_key(tx, cert.id, "bench", "bench", now).key;
    core::Unit soc = cert;
    soc.oid = "2.16.886.111.2";
    soc.code = "SOC";
    soc.name = "SOC";
    soc.kind = core::UnitKind::soc;
    soc.parent_oid = cert.oid;
    store::units::insert(tx, soc, now);
    tree.soc_key = auth::issue_api_key(tx, soc.id, "bench", "bench", now).key;
    for (int c = 0; c < kCounties; ++c) {
      core::Unit county;
      county.oid = "2.16.886.111.3." + std::to_string(c);
      county.code = "CC" + std::to_string(c);
      county.name = "County " + std::to_string(c);
      county.kind = core::UnitKind::county_centre;
      county.parent_oid = cert.oid;
      store::units::insert(tx, county, now);
    }
    for (int s = 0; s < kSchools; ++s) {
      core::Unit school;
      school.oid = "2.16.886.111.4." + std::to_string(s);
      school.code = "S" + std::to_string(s);
      school.name = "School " + std::to_string(s);
      school.kind = core::UnitKind::school;
      school.parent_oid = "2.16.886.111.3." + std::to_string(s % kCounties);
      std::vector<std::string> ranges = {v4(school_base(s)) + "/26", school_v6_prefix(s) + "/64"};
      if (s % 2 == 0) ranges.push_back(v4(school_base(s)) + "/28");
      school.ip_ranges = core::parse_ip_ranges(ranges);
      store::units::insert(tx, school, now);
      core::Contact c;
      c.unit_id = school.id;
      c.slot = 1;
      c.account = "teacher";
      c.name = "Teacher";
      c.email = "teacher" + std::to_string(s) + "@school.example.edu.tw";
      store::contacts::insert(tx, c, hash, now);
    }
  });
  return tree;
}

}  // namespace tongbao::bench
