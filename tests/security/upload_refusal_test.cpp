// A refused upload leaves nothing on disk: not in the evidence store, not in the upload folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;
namespace fs = std::filesystem;

namespace {

// Every regular file under the data folder except the database and its journals.
std::set<std::string> stored_files(const std::string& data_dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(data_dir)) {
    if (!e.is_regular_file()) continue;
    const auto name = e.path().filename().string();
    if (name.rfind("tongbao.db", 0) == 0) continue;
    out.insert(fs::relative(e.path(), data_dir).string());
  }
  return out;
}

std::string file_ticket(HttpClient& school) {
  const auto now = school.get("/api/v1/health").json()["time"].get<std::string>();
  auto r = school.post("/api/v1/incidents", botnet_report(now));
  EXPECT_EQ(r.status, 201) << r.body;
  return "/api/v1/incidents/" + std::to_string(r.json()["id"].get<long long>());
}

std::string evidence(std::size_t size, unsigned seed) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>(((i + seed) * 2654435761u) >> 13);
  return bytes;
}

}  // namespace

TEST(UploadRefusal, AnotherBranchsTicketKeepsNoFile) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  const auto ticket = file_ticket(school);
  const auto before = stored_files(server.data_dir());

  // A school of the other county may not see the ticket: each try is a 404 and stores nothing.
  auto other = server.client();
  other.set_token(sign_in(other, demo::kSchoolB1, "teacher"));
  for (unsigned i = 0; i < 5; ++i) {
    auto r = other.request("POST", ticket + "/attachments?name=dump.bin", evidence(2 * 1024 * 1024, i), {},
                           "application/octet-stream");
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.json()["error"]["code"], "not_found");
  }
  // Nobody signed in, and a ticket that does not exist: refused the same way.
  auto anonymous = server.client();
  EXPECT_EQ(anonymous.request("POST", ticket + "/attachments?name=a.bin", evidence(4096, 7), {}, "application/octet-stream").status, 401);
  EXPECT_EQ(other.request("POST", "/api/v1/incidents/999/attachments?name=a.bin", evidence(4096, 8), {}, "application/octet-stream").status, 404);
  EXPECT_EQ(stored_files(server.data_dir()), before);

  // The owner's upload is kept, so the check above looks where files land.
  auto ok = school.request("POST", ticket + "/attachments?name=dump.bin", evidence(4096, 9), {}, "application/octet-stream");
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(stored_files(server.data_dir()).size(), before.size() + 1);
}

TEST(UploadRefusal, BadParametersKeepNoFile) {
  ServerProcess server;
  auto school = server.client();
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  const auto ticket = file_ticket(school);
  const auto before = stored_files(server.data_dir());
  // Refusals that come from the request itself: an unknown kind, no file name.
  auto bad_kind = school.request("POST", ticket + "/attachments?name=a.bin&kind=poster", evidence(4096, 1), {}, "application/octet-stream");
  EXPECT_EQ(bad_kind.status, 400) << bad_kind.body;
  auto empty = school.request("POST", ticket + "/attachments", evidence(4096, 2), {}, "application/octet-stream");
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_EQ(stored_files(server.data_dir()), before);
}
