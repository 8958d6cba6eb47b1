// Evidence files stream to disk: larger than any in-memory body limit, checked by SHA-256.
#include <gtest/gtest.h>

#include <filesystem>

#include "auth/tokens.h"
#include "support/demo.h"
#include "support/incident_fixtures.h"
#include "support/server_process.h"

using namespace tongbao::test_support;

namespace {
std::string file_ticket(ServerProcess& server, HttpClient& school) {
  school.set_token(sign_in(school, demo::kSchoolA1, "teacher"));
  const auto now = school.get("/api/v1/health").json()["time"].get<std::string>();
  auto r = school.post("/api/v1/incidents", botnet_report(now));
  EXPECT_EQ(r.status, 201) << r.body;
  return "/api/v1/incidents/" + std::to_string(r.json()["id"].get<long long>());
}
}  // namespace

TEST(AttachmentFlow, LargeFileStreamsThroughAndBackUnchanged) {
  // The JSON body limit is 1 MiB here; the evidence file is 24 MiB.
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--body-limit-mb", "1"}});
  auto school = server.client();
  const auto ticket = file_ticket(server, school);
  std::string pcap(24 * 1024 * 1024, '\0');
  for (size_t i = 0; i < pcap.size(); ++i) pcap[i] = static_cast<char>((i * 2654435761u) >> 13);
  auto up = school.request("POST", ticket + "/attachments?name=../../etc/capture%0A.pcap", pcap, {}, "text/html");
  ASSERT_EQ(up.status, 201) << up.body;
  auto a = up.json();
  EXPECT_EQ(a["size_bytes"], pcap.size());
  EXPECT_EQ(a["sha256"], tongbao::auth::sha256_hex(pcap));
  EXPECT_EQ(a["file_name"], "capture_.pcap") << "path parts and control characters are removed";
  EXPECT_EQ(a["declared_type"], "text/html") << "kept as information only";

  auto down = school.get(a["download"].get<std::string>());
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body.size(), pcap.size());
  EXPECT_TRUE(down.body == pcap);
  EXPECT_EQ(down.header("content-type"), "application/octet-stream");
  // Nothing is left behind in the upload folder.
  EXPECT_TRUE(std::filesystem::is_empty(server.data_dir() + "/tmp"));
}

TEST(AttachmentFlow, FileOverTheLimitIsRefusedAndNotRecorded) {
  ServerProcess server({.demo = true, .test_clock = true, .extra = {"--attachment-limit-mb", "1"}});
  auto school = server.client();
  const auto ticket = file_ticket(server, school);
  auto r = school.request("POST", ticket + "/attachments?name=big.bin", std::string(2 * 1024 * 1024, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.json()["error"]["code"], "payload_too_large");
  auto again = server.client();
  again.set_token(sign_in(again, demo::kSchoolA1, "teacher"));
  EXPECT_TRUE(again.get(ticket + "/attachments").json()["items"].empty());
  EXPECT_TRUE(std::filesystem::is_empty(server.data_dir() + "/tmp"));
  // A wrong kind or an empty file is refused too.
  EXPECT_EQ(again.request("POST", ticket + "/attachments?name=a.txt&kind=selfie", "x").json()["error"]["field"], "kind");
  EXPECT_EQ(again.request("POST", ticket + "/attachments?name=a.txt", "").json()["error"]["field"], "body");
}
