// The access log writes a request's duration and time itself rather than through the JSON library
// and printf: the number must read as the library wrote it ("12.0", "0.125", "1.5"), and the time
// keep its milliseconds, zeros included.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "http/access_log.h"
#include "support/temp_dir.h"

using namespace tongbao;

TEST(AccessLogLine, DurationsAndTimesReadAsTheyDid) {
  test_support::TempDir dir;
  const auto path = dir.file("access.log");
  const std::vector<double> durations = {0.0, 0.001, 0.01, 0.1, 0.125, 1.5, 12.0, 12.345, 999.999, 1000.0, 60000.5,
                                         3.0e6};
  {
    http::AccessLog log(path, http::AccessLog::Level::info);
    for (double d : durations) log.request({"id", "GET", "/r", "", "127.0.0.1", 200, d, 10});
  }
  std::ifstream in(path);
  std::string line;
  std::size_t i = 0;
  const std::regex time_shape(R"("time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")");
  while (std::getline(in, line)) {
    ASSERT_LT(i, durations.size());
    const auto at = line.find("\"duration_ms\":");
    ASSERT_NE(at, std::string::npos) << line;
    const auto from = at + 14;
    const auto text = line.substr(from, line.find(',', from) - from);
    EXPECT_EQ(text, nlohmann::json(durations[i]).dump()) << line;
    EXPECT_TRUE(std::regex_search(line, time_shape)) << line;
    EXPECT_NO_THROW((void)nlohmann::json::parse(line)) << line;
    ++i;
  }
  EXPECT_EQ(i, durations.size());
}
