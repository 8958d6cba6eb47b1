#include "store/content_files.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "core/error.h"

namespace tongbao::store::files {

namespace fs = std::filesystem;

std::string sha256_file_hex(const std::string& path) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot read " + path);
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<unsigned char> buf(1 << 16);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) crypto_hash_sha256_update(&state, buf.data(), n);
  std::fclose(f);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

const char* const kNamedDigestsQuery =
    "SELECT sha256 FROM attachments UNION SELECT sha256 FROM block_evidence UNION SELECT sha256 FROM improvement_evidence";

bool content_in_use(Transaction& tx, const std::string& sha256) {
  return tx.query_one("SELECT 1 FROM attachments WHERE sha256 = ? UNION ALL "
                      "SELECT 1 FROM block_evidence WHERE sha256 = ? UNION ALL "
                      "SELECT 1 FROM improvement_evidence WHERE sha256 = ? LIMIT 1",
                      {sha256, sha256, sha256})
      .has_value();
}

ContentFiles::Received ContentFiles::receive(const std::string& temp_file) const {
  std::error_code ec;
  const auto size = fs::file_size(temp_file, ec);
  if (ec || size == 0) throw core::invalid("body", "the file is empty");
  Received r{sha256_file_hex(temp_file), static_cast<long long>(size)};
  if (int fd = ::open(temp_file.c_str(), O_RDONLY); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  return r;
}

bool ContentFiles::place(const std::string& temp_file, const std::string& sha256) const {
  const fs::path path = path_of(sha256);
  if (fs::exists(path)) return false;
  fs::create_directories(path.parent_path());
  std::error_code rename_error;
  fs::rename(temp_file, path, rename_error);
  if (rename_error) fs::copy_file(temp_file, path, fs::copy_options::skip_existing);
  return true;
}

void ContentFiles::remove(const std::string& sha256) const {
  std::error_code ec;
  fs::remove(path_of(sha256), ec);
}

std::string ContentFiles::path_of(const std::string& sha256) const {
  return (fs::path(dir_) / sha256.substr(0, 2) / sha256).string();
}

}  // namespace tongbao::store::files
