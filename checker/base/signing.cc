// Ed25519 keys and signatures through OpenSSL's EVP interface (signing.h).

#include "checker/signing.h"

#include <cstdio>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "checker/source.h"

namespace checker {

namespace {

std::optional<EVP_PKEY*> ReadPem(const std::string& path, bool is_private, std::string* error) {
  FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr) {
    *error = "cannot open key " + path;
    return std::nullopt;
  }
  EVP_PKEY* key = is_private ? PEM_read_PrivateKey(f, nullptr, nullptr, nullptr)
                             : PEM_read_PUBKEY(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (key == nullptr || EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(key);
    *error = path + " is not an Ed25519 " + (is_private ? "private" : "public") + " key in PEM";
    return std::nullopt;
  }
  return key;
}

using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

void Ed25519Key::Free::operator()(void* key) const { EVP_PKEY_free(static_cast<EVP_PKEY*>(key)); }

std::optional<Ed25519Key> Ed25519Key::ReadPrivate(const std::string& path, std::string* error) {
  auto key = ReadPem(path, true, error);
  if (!key) return std::nullopt;
  return Ed25519Key(*key, true);
}

std::optional<Ed25519Key> Ed25519Key::ReadPublic(const std::string& path, std::string* error) {
  auto key = ReadPem(path, false, error);
  if (!key) return std::nullopt;
  return Ed25519Key(*key, false);
}

std::optional<Ed25519Key> Ed25519Key::FromRawPublic(std::string_view raw, std::string* error) {
  EVP_PKEY* key = raw.size() == 32
                      ? EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, Bytes(raw), 32)
                      : nullptr;
  if (key == nullptr) {
    *error =
        "not an Ed25519 public key (32 bytes expected, found " + std::to_string(raw.size()) + ")";
    return std::nullopt;
  }
  return Ed25519Key(key, false);
}

std::string Ed25519Key::Sign(std::string_view payload) const {
  if (!private_) return "";
  EVP_PKEY* key = static_cast<EVP_PKEY*>(key_.get());
  MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  size_t length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, Bytes(payload), payload.size()) != 1)
    return "";
  std::string sig(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &length,
                     Bytes(payload), payload.size()) != 1)
    return "";
  sig.resize(length);
  return sig;
}

bool Ed25519Key::Verify(std::string_view payload, std::string_view signature) const {
  EVP_PKEY* key = static_cast<EVP_PKEY*>(key_.get());
  MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return ctx && signature.size() == 64 &&
         EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) == 1 &&
         EVP_DigestVerify(ctx.get(), Bytes(signature), signature.size(), Bytes(payload),
                          payload.size()) == 1;
}

std::string Ed25519Key::PublicKeySha256() const {
  unsigned char* der = nullptr;
  int n = i2d_PUBKEY(static_cast<EVP_PKEY*>(key_.get()), &der);
  std::string hash =
      n > 0 ? Sha256Hex(std::string_view(reinterpret_cast<char*>(der), static_cast<size_t>(n)))
            : "";
  OPENSSL_free(der);
  return hash;
}

std::string Ed25519Key::RawPublic() const {
  std::string raw(32, '\0');
  size_t length = raw.size();
  if (EVP_PKEY_get_raw_public_key(static_cast<EVP_PKEY*>(key_.get()),
                                  reinterpret_cast<unsigned char*>(raw.data()), &length) != 1)
    return "";
  raw.resize(length);
  return raw;
}

std::string Ed25519Key::PublicPem() const {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), static_cast<EVP_PKEY*>(key_.get())) != 1) return "";
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : "";
}

}  // namespace checker
