#pragma once
// Checks a STIX 2.1 answer against the OASIS STIX 2.1 JSON Schemas (stix2.1-schemas/), with
// validate_stix.py and Debian's python3-jsonschema: a strict consumer, independent of our writer.
#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <sys/wait.h>

#include "support/temp_dir.h"

namespace tongbao::test_support {

// "" when the document is valid; else each violation, one a line.
inline std::string stix_violations(const std::string& document) {
  TempDir dir;
  const auto file = dir.file("bundle.json");
  std::ofstream(file) << document;
  const std::string command = std::string(TONGBAO_PYTHON3) + " " + TONGBAO_EXCHANGE_DIR + "/validate_stix.py " +
                              TONGBAO_EXCHANGE_DIR + "/stix2.1-schemas " + file + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return "could not run " + command;
  std::string out;
  std::array<char, 4096> buffer;
  while (auto n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  const int status = pclose(pipe);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  return out.empty() ? "validator failed: " + command : out;
}

}  // namespace tongbao::test_support
