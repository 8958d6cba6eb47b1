#pragma once
// Files compiled into the binary by cmake/embed.cmake.
#include <string_view>
#include <vector>

namespace tongbao::embedded {

struct Migration {
  std::string_view name;  // "0001_organisation.sql": the number orders them
  std::string_view sql;
};

const std::vector<Migration>& migrations();

struct EmbeddedFile {
  std::string_view name;
  std::string_view text;
};
// The policy profiles shipped in policies/*.profile.
const std::vector<EmbeddedFile>& policy_files();
std::string_view openapi_document();
// MITRE ATT&CK Enterprise as shipped in catalogues/attack/.
std::string_view attack_techniques_csv();
std::string_view attack_tactics_csv();
// The static parts of the improvement report's Word file (src/improvements/docx_template/), by
// their path in the package: "[Content_Types].xml", "_rels/.rels", "word/styles.xml", ...
const std::vector<EmbeddedFile>& docx_template_files();
// The most common leaked passwords as shipped in catalogues/passwords/, one a line.
std::string_view common_passwords_txt();

}  // namespace tongbao::embedded
