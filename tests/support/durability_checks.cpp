#include "support/durability_checks.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/test_database.h"

namespace tongbao::test_support {

void expect_nothing_lost_and_each_mail_once(ServerProcess& server, const SmtpServer& smtp,
                                            const std::vector<std::string>& acknowledged, int in_flight) {
  const std::set<std::string> unique(acknowledged.begin(), acknowledged.end());
  EXPECT_EQ(unique.size(), acknowledged.size()) << "no number given twice";
  auto cert = server.client();
  cert.set_token(sign_in(cert, demo::kCert, "cert"));
  for (const auto& n : acknowledged)
    EXPECT_EQ(cert.get("/api/v1/incidents/by-number/" + n).status, 200) << n << " was acknowledged and is lost";
  DirectDatabase db(server.database());
  const long long stored = db.integer("SELECT COUNT(*) FROM incidents");
  EXPECT_GE(stored, static_cast<long long>(acknowledged.size()));
  EXPECT_EQ(db.integer("SELECT COUNT(DISTINCT number) FROM incidents"), stored);
  EXPECT_EQ(db.integer("SELECT MAX(CAST(SUBSTR(number, LENGTH(number) - 3) AS INTEGER)) FROM incidents"), stored);
  EXPECT_EQ(db.integer("SELECT COUNT(*) FROM incidents WHERE id NOT IN (SELECT incident_id FROM jobs "
                       "WHERE incident_id IS NOT NULL)"),
            0);
  for (int tries = 0; tries < 150 && db.integer("SELECT COUNT(*) FROM outbox WHERE state = 'pending'") > 0; ++tries)
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(db.integer("SELECT COUNT(*) FROM outbox WHERE state = 'pending'"), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  std::map<std::string, int> copies;
  for (const auto& m : smtp.messages()) ++copies[m["message_id"].get<std::string>()];
  EXPECT_EQ(static_cast<long long>(copies.size()), db.integer("SELECT COUNT(*) FROM outbox WHERE state = 'sent'"));
  int repeated = 0;
  for (const auto& [id, n] : copies) repeated += n - 1;
  EXPECT_LE(repeated, in_flight) << "only messages in flight when it happened go again";
}


}  // namespace tongbao::test_support
