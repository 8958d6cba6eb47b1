#include "audit/chain_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tongbao::audit {
namespace {

void ensure_sodium() {
  static const int ready = sodium_init();
  if (ready < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string hex(const unsigned char* data, size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

template <size_t N>
std::optional<std::array<unsigned char, N>> from_hex(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  const auto last = text.find_last_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  const std::string digits = text.substr(first, last - first + 1);
  std::array<unsigned char, N> out{};
  size_t written = 0;
  if (digits.size() != N * 2 ||
      sodium_hex2bin(out.data(), out.size(), digits.data(), digits.size(), nullptr, &written, nullptr) != 0 ||
      written != N)
    return std::nullopt;
  return out;
}

}  // namespace

std::optional<ChainKey> read_chain_key(const std::string& path) {
  if (!std::filesystem::exists(path)) return std::nullopt;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the audit key " + path);
  std::ostringstream text;
  text << in.rdbuf();
  auto bytes = from_hex<32>(text.str());
  if (!bytes) throw std::runtime_error("the audit key " + path + " does not hold 64 hex digits");
  return ChainKey{*bytes};
}

ChainKey create_chain_key(const std::string& path) {
  ensure_sodium();
  ChainKey key;
  randombytes_buf(key.bytes.data(), key.bytes.size());
  // O_EXCL: a key that exists is never replaced, whatever raced us to it.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create the audit key " + path + ": " + std::strerror(errno));
  const std::string text = hex(key.bytes.data(), key.bytes.size()) + "\n";
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    throw std::runtime_error("cannot write the audit key " + path);
  }
  return key;
}

SigningKey checkpoint_signing_key(const ChainKey& key) {
  ensure_sodium();
  static constexpr char kPurpose[] = "tongbao audit checkpoint signing key";
  std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
  crypto_generichash(seed.data(), seed.size(), reinterpret_cast<const unsigned char*>(kPurpose), sizeof kPurpose - 1,
                     key.bytes.data(), key.bytes.size());
  SigningKey out;
  static_assert(crypto_sign_SECRETKEYBYTES == 64 && crypto_sign_PUBLICKEYBYTES == 32);
  crypto_sign_seed_keypair(out.public_key.data(), out.secret.data(), seed.data());
  sodium_memzero(seed.data(), seed.size());
  return out;
}

std::string public_key_hex(const std::array<unsigned char, 32>& key) { return hex(key.data(), key.size()); }

std::optional<std::array<unsigned char, 32>> parse_public_key(const std::string& text) { return from_hex<32>(text); }

}  // namespace tongbao::audit
