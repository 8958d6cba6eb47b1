#include "core/uuid.h"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace tongbao::core {
namespace {

std::array<std::uint8_t, 16> bytes_of(std::string_view text) {
  std::array<std::uint8_t, 16> out{};
  std::size_t n = 0;
  int half = -1;
  for (char c : text) {
    if (c == '-') continue;
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (v < 0 || n >= 16) throw std::invalid_argument("not a UUID: " + std::string(text));
    if (half < 0) {
      half = v;
    } else {
      out[n++] = static_cast<std::uint8_t>(half << 4 | v);
      half = -1;
    }
  }
  if (n != 16 || half >= 0) throw std::invalid_argument("not a UUID: " + std::string(text));
  return out;
}

std::string text_of(const std::uint8_t* b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += kHex[b[i] >> 4];
    s += kHex[b[i] & 15];
  }
  return s;
}

}  // namespace

void Uuid5InPieces::Free::operator()(evp_md_ctx_st* ctx) const { EVP_MD_CTX_free(ctx); }

Uuid5InPieces::Uuid5InPieces(std::string_view ns) : sha1_(EVP_MD_CTX_new()) {
  const auto n = bytes_of(ns);
  EVP_DigestInit_ex(sha1_.get(), EVP_sha1(), nullptr);
  EVP_DigestUpdate(sha1_.get(), n.data(), n.size());
}

void Uuid5InPieces::add(std::string_view piece) { EVP_DigestUpdate(sha1_.get(), piece.data(), piece.size()); }

std::string Uuid5InPieces::text() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(sha1_.get(), digest, &length);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);
  return text_of(digest);
}

std::string uuid5(std::string_view ns, std::string_view name) {
  Uuid5InPieces id(ns);
  id.add(name);
  return id.text();
}

}  // namespace tongbao::core
