#pragma once
// The secret the audit chain is keyed with. It lives outside the database (a file beside it, or
// wherever the operator puts it), so someone who can write the database cannot recompute a
// keyed hash after changing an entry. The checkpoints' Ed25519 signing key is derived from it,
// so one secret file is all there is to keep.
#include <array>
#include <optional>
#include <string>

namespace tongbao::audit {

struct ChainKey {
  std::array<unsigned char, 32> bytes{};
};

struct SigningKey {
  std::array<unsigned char, 64> secret{};      // libsodium's Ed25519 secret key (seed and public key)
  std::array<unsigned char, 32> public_key{};
};

// The key in `path` (64 hex digits), or nothing when the file does not exist. Throws
// std::runtime_error when it exists but cannot be read or does not hold a key.
std::optional<ChainKey> read_chain_key(const std::string& path);
// Creates `path` with a new random key, readable by its owner alone (mode 0600). Never replaces
// an existing file: throws std::runtime_error if one is there.
ChainKey create_chain_key(const std::string& path);

SigningKey checkpoint_signing_key(const ChainKey& key);

// A public key as 64 hex digits, and back (nothing when the text is not one).
std::string public_key_hex(const std::array<unsigned char, 32>& key);
std::optional<std::array<unsigned char, 32>> parse_public_key(const std::string& text);

}  // namespace tongbao::audit
