#include "app/install_paths.h"

#include <filesystem>
#include <system_error>
#include <vector>

namespace tongbao::app {

namespace fs = std::filesystem;

std::optional<std::string> find_beside_binary(std::initializer_list<const char*> relative, const char* must_hold) {
  std::error_code ec;
  const auto binary = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> bases;
  if (!ec) bases.push_back(binary.parent_path());
  bases.push_back(fs::current_path(ec));
  for (const auto& base : bases)
    for (const char* path : relative) {
      const auto candidate = base / path;
      const auto probe = *must_hold ? candidate / must_hold : candidate;
      if (fs::exists(probe, ec)) return fs::weakly_canonical(candidate, ec).string();
    }
  return std::nullopt;
}

}  // namespace tongbao::app
