#include "support/temp_dir.h"

#include <cstdlib>
#include <stdexcept>

namespace tongbao::test_support {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "tongbao-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace tongbao::test_support
