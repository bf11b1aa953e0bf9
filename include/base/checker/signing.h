#pragma once
// Ed25519 keys in PEM, and detached signatures with them: reports (integrity.h), certificates and
// signed tree heads (registry) are signed the same way.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace checker {

/// A private or public Ed25519 key. Move-only; a private key can also verify.
class Ed25519Key {
 public:
  /// The key in a PEM file, or nullopt with a sentence in `error` (unreadable file, not PEM, or
  /// not Ed25519).
  static std::optional<Ed25519Key> ReadPrivate(const std::string& path, std::string* error);
  static std::optional<Ed25519Key> ReadPublic(const std::string& path, std::string* error);
  /// A public key from its raw 32 bytes (as certificates and the registry publish it).
  static std::optional<Ed25519Key> FromRawPublic(std::string_view raw, std::string* error);

  /// The 64-byte signature of `payload`; "" when the key is public only or signing fails.
  std::string Sign(std::string_view payload) const;
  bool Verify(std::string_view payload, std::string_view signature) const;
  /// Lowercase hex SHA-256 of the public key's DER (SubjectPublicKeyInfo): the key's name.
  std::string PublicKeySha256() const;
  /// The raw 32-byte public key.
  std::string RawPublic() const;
  /// The public key as PEM (SubjectPublicKeyInfo).
  std::string PublicPem() const;

 private:
  struct Free {
    void operator()(void* key) const;
  };
  explicit Ed25519Key(void* key, bool is_private) : key_(key), private_(is_private) {}
  std::unique_ptr<void, Free> key_;  // EVP_PKEY
  bool private_ = false;
};

}  // namespace checker
