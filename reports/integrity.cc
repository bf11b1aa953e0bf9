#include "checker/integrity.h"

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "checker/source.h"

#include "reports/text.h"

namespace checker {

namespace {

using Json = nlohmann::json;  // std::map objects: keys sorted, so the payload is canonical

std::string Payload(const Signature& s) {
  Json files = Json::array();
  for (const auto& f : s.files) files.push_back({{"path", f.path}, {"sha256", f.sha256}});
  return Json{{"format", "checker-signature-payload"},
              {"version", 1},
              {"report_sha256", s.report_sha256},
              {"files", files},
              {"signed_at", s.signed_at},
              {"public_key_sha256", s.public_key_sha256}}
      .dump();
}

std::string HashFile(const std::string& path, std::string* error) {
  std::string content;
  if (!ReadFile(path, size_t{1} << 32, &content, error)) return "";
  return Sha256Hex(content);
}

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Key ReadKey(const std::string& path, bool is_private, std::string* error) {
  Key key(nullptr, EVP_PKEY_free);
  FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr) {
    *error = "cannot open key " + path;
    return key;
  }
  key.reset(is_private ? PEM_read_PrivateKey(f, nullptr, nullptr, nullptr)
                       : PEM_read_PUBKEY(f, nullptr, nullptr, nullptr));
  std::fclose(f);
  if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519) {
    *error = path + " is not an Ed25519 " + (is_private ? "private" : "public") + " key in PEM";
    key.reset();
  }
  return key;
}

std::string PublicKeyHash(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int n = i2d_PUBKEY(key, &der);
  std::string hash =
      n > 0 ? Sha256Hex(std::string_view(reinterpret_cast<char*>(der), static_cast<size_t>(n)))
            : "";
  OPENSSL_free(der);
  return hash;
}

}  // namespace

std::string SignReport(const std::string& report_path, const std::vector<std::string>& extra,
                       const std::string& key_pem_path, const std::string& signed_at) {
  std::string error;
  Key key = ReadKey(key_pem_path, true, &error);
  if (!key) return error;
  Signature s;
  s.report_sha256 = HashFile(report_path, &error);
  if (s.report_sha256.empty()) return report_path + ": " + error;
  auto dir = std::filesystem::path(report_path).parent_path();
  for (const auto& f : extra) {
    std::string hash = HashFile((dir / f).string(), &error);
    if (hash.empty()) return f + ": " + error;
    s.files.push_back({f, hash});
  }
  s.signed_at = signed_at;
  s.public_key_sha256 = PublicKeyHash(key.get());
  std::string payload = Payload(s);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  size_t length = 0;
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(payload.data()), payload.size()) != 1)
    return "signing failed";
  std::string sig(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &length,
                     reinterpret_cast<const unsigned char*>(payload.data()), payload.size()) != 1)
    return "signing failed";
  s.signature = reports::Base64(sig);
  Json files = Json::array();
  for (const auto& f : s.files) files.push_back({{"path", f.path}, {"sha256", f.sha256}});
  Json doc{{"format", "checker-signature"},
           {"version", 1},
           {"algorithm", "ed25519"},
           {"report", std::filesystem::path(report_path).filename().string()},
           {"report_sha256", s.report_sha256},
           {"files", files},
           {"signed_at", s.signed_at},
           {"public_key_sha256", s.public_key_sha256},
           {"signature", s.signature}};
  if (!WriteFileAtomic(report_path + ".sig", doc.dump(2) + "\n", &error)) return error;
  return "";
}

std::vector<std::string> VerifyReport(const std::string& report_path,
                                      const std::string& pubkey_pem_path) {
  std::vector<std::string> problems;
  std::string error, text;
  Key key = ReadKey(pubkey_pem_path, false, &error);
  if (!key) return {error};
  if (!ReadFile(report_path + ".sig", 1 << 20, &text, &error))
    return {report_path + ".sig: " + error};
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded() || doc.value("format", "") != "checker-signature")
    return {report_path + ".sig is not a checker signature"};
  Signature s;
  try {
    s.report_sha256 = doc.at("report_sha256");
    for (const auto& f : doc.at("files")) s.files.push_back({f.at("path"), f.at("sha256")});
    s.signed_at = doc.at("signed_at");
    s.public_key_sha256 = doc.at("public_key_sha256");
    s.signature = doc.at("signature");
  } catch (const Json::exception& e) {
    return {report_path + ".sig is malformed: " + e.what()};
  }
  std::string sig(s.signature.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(sig.data()),
                          reinterpret_cast<const unsigned char*>(s.signature.data()),
                          static_cast<int>(s.signature.size()));
  sig.resize(n > 0 ? 64 : 0);  // Ed25519 signatures are 64 bytes; DecodeBlock pads
  std::string payload = Payload(s);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  bool valid =
      EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                       reinterpret_cast<const unsigned char*>(payload.data()), payload.size()) == 1;
  if (!valid)
    problems.push_back(
        "the signature does not verify with this public key (the signature file was altered, or "
        "signed by another key)");
  if (s.public_key_sha256 != PublicKeyHash(key.get()))
    problems.push_back("the signature names another public key");
  std::string actual = HashFile(report_path, &error);
  if (actual != s.report_sha256)
    problems.push_back(report_path + " has changed since it was signed (sha256 " + actual + ")");
  auto dir = std::filesystem::path(report_path).parent_path();
  for (const auto& f : s.files) {
    std::string hash = HashFile((dir / f.path).string(), &error);
    if (hash.empty())
      problems.push_back(f.path + ": " + error);
    else if (hash != f.sha256)
      problems.push_back(f.path + " has changed since it was signed");
  }
  return problems;
}

}  // namespace checker
