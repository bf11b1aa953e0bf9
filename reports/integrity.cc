#include "checker/integrity.h"

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "checker/encoding.h"
#include "checker/signing.h"
#include "checker/source.h"

#include "reports/run_folder.h"
#include "reports/text.h"

namespace checker {

namespace {

using Json = nlohmann::json;  // std::map objects: keys sorted, so dump() is canonical

// The signature file (docs/integrity.md). Version 2 signs the whole envelope: the canonical JSON
// (sorted keys, no whitespace) of every member but "signature". Version 1 left the envelope's
// own members unsigned and is refused.
constexpr int kSignatureVersion = 2;
constexpr const char* kAlgorithm = "ed25519";
constexpr size_t kEd25519SignatureBytes = 64;
const std::set<std::string> kMembers = {"format",    "version",           "algorithm",
                                        "report",    "report_sha256",     "files",
                                        "signed_at", "public_key_sha256", "signature"};

Json Envelope(const Signature& s) {
  Json files = Json::array();
  for (const auto& f : s.files) files.push_back({{"path", f.path}, {"sha256", f.sha256}});
  return Json{{"format", "checker-signature"},    {"version", kSignatureVersion},
              {"algorithm", kAlgorithm},          {"report", s.report},
              {"report_sha256", s.report_sha256}, {"files", std::move(files)},
              {"signed_at", s.signed_at},         {"public_key_sha256", s.public_key_sha256}};
}

// What is signed: the envelope without its signature, canonical.
std::string Payload(Json envelope) {
  envelope.erase("signature");
  return envelope.dump();
}

// The bytes of a signature file: written by sign, and required byte for byte by verify.
std::string Rendered(const Json& envelope) { return envelope.dump(2) + "\n"; }

// A JSON object with a key twice is ambiguous (two readers may see two different files).
std::optional<Json> ParseWithoutDuplicates(const std::string& text, std::string* error) {
  std::vector<std::set<std::string>> open;
  std::string duplicate;
  auto callback = [&](int, Json::parse_event_t event, Json& parsed) {
    if (event == Json::parse_event_t::object_start) open.emplace_back();
    if (event == Json::parse_event_t::object_end && !open.empty()) open.pop_back();
    if (event == Json::parse_event_t::key && !open.empty() &&
        !open.back().insert(parsed.get<std::string>()).second && duplicate.empty())
      duplicate = parsed.get<std::string>();
    return true;
  };
  Json doc = Json::parse(text, callback, false);
  if (doc.is_discarded()) {
    *error = "is not JSON";
    return std::nullopt;
  }
  if (!duplicate.empty()) {
    *error = "has the member \"" + duplicate + "\" twice";
    return std::nullopt;
  }
  return doc;
}

// Strict base64 of exactly 64 bytes: 88 characters, canonical padding, nothing appended.
std::optional<std::string> DecodeSignature(const std::string& text) {
  auto raw = FromBase64(text);
  if (!raw || raw->size() != kEd25519SignatureBytes) return std::nullopt;
  return raw;
}

bool IsString(const Json& doc, const char* key) { return doc.at(key).is_string(); }

// Reads a signature file's envelope, refusing anything but exactly what sign writes.
std::optional<Signature> ReadEnvelope(const std::string& text, const Json& doc,
                                      std::string* error) {
  if (!doc.is_object() || !doc.contains("format") || doc.at("format") != "checker-signature") {
    *error = "is not a checker signature";
    return std::nullopt;
  }
  for (const auto& [key, value] : doc.items()) {
    if (!kMembers.count(key)) {
      *error = "has a member checker does not write (\"" + key + "\"); it is refused";
      return std::nullopt;
    }
  }
  for (const auto& key : kMembers) {
    if (!doc.contains(key)) {
      *error = "lacks the member \"" + key + "\"";
      return std::nullopt;
    }
  }
  const Json& version = doc.at("version");
  if (!version.is_number_integer() || version.get<int64_t>() != kSignatureVersion) {
    *error = "has signature format version " + version.dump() + "; this checker verifies version " +
             std::to_string(kSignatureVersion) +
             " only (version 1 left part of the file unsigned: sign the report again)";
    return std::nullopt;
  }
  if (doc.at("algorithm") != kAlgorithm) {
    *error = "names the algorithm " + doc.at("algorithm").dump() + "; only \"ed25519\" is accepted";
    return std::nullopt;
  }
  for (const char* key : {"report", "report_sha256", "signed_at", "public_key_sha256", "signature"})
    if (!IsString(doc, key)) {
      *error = "has a \"" + std::string(key) + "\" that is not a string";
      return std::nullopt;
    }
  Signature s;
  s.report = doc.at("report");
  s.report_sha256 = doc.at("report_sha256");
  s.signed_at = doc.at("signed_at");
  s.public_key_sha256 = doc.at("public_key_sha256");
  s.signature = doc.at("signature");
  if (!doc.at("files").is_array()) {
    *error = "has \"files\" that is not a list";
    return std::nullopt;
  }
  for (const auto& f : doc.at("files")) {
    if (!f.is_object() || f.size() != 2 || !f.contains("path") || !f.contains("sha256") ||
        !f.at("path").is_string() || !f.at("sha256").is_string()) {
      *error = "has a \"files\" entry that is not exactly {\"path\", \"sha256\"}";
      return std::nullopt;
    }
    s.files.push_back({f.at("path"), f.at("sha256")});
  }
  if (!DecodeSignature(s.signature)) {
    *error = "has a signature that is not the base64 of exactly 64 bytes (Ed25519)";
    return std::nullopt;
  }
  if (text != Rendered(doc)) {
    *error = "is not laid out as checker writes it (whitespace or escapes were changed)";
    return std::nullopt;
  }
  return s;
}

// Only regular files, streamed (docs/integrity.md): a FIFO or a link to /dev/zero is refused.
std::string HashFile(const std::string& path, std::string* error) {
  std::string hash;
  uint64_t size = 0;
  if (!HashRegularFile(path, reports::kMaxCoveredFile, &hash, &size, error)) return "";
  return hash;
}

}  // namespace

std::string SignReport(const std::string& report_path, const std::vector<std::string>& extra,
                       const std::string& key_pem_path, const std::string& signed_at) {
  std::string error;
  auto key = Ed25519Key::ReadPrivate(key_pem_path, &error);
  if (!key) return error;
  Signature s;
  s.report = std::filesystem::path(report_path).filename().string();
  s.report_sha256 = HashFile(report_path, &error);
  if (s.report_sha256.empty()) return report_path + ": " + error;
  auto dir = std::filesystem::path(report_path).parent_path();
  auto covered = reports::CoveredFiles(report_path, extra, &error);
  if (!covered) return error;
  for (const auto& f : *covered) {
    std::string hash = HashFile((dir / f).string(), &error);
    if (hash.empty()) return f + ": " + error;
    s.files.push_back({f, hash});
  }
  s.signed_at = signed_at;
  s.public_key_sha256 = key->PublicKeySha256();
  Json envelope = Envelope(s);
  std::string sig = key->Sign(Payload(envelope));
  if (sig.empty()) return "signing failed";
  envelope["signature"] = Base64(sig);
  if (!WriteFileAtomic(report_path + ".sig", Rendered(envelope), &error)) return error;
  return "";
}

std::vector<std::string> VerifyReport(const std::string& report_path,
                                      const std::string& pubkey_pem_path) {
  std::vector<std::string> problems;
  std::string error, text;
  auto key = Ed25519Key::ReadPublic(pubkey_pem_path, &error);
  if (!key) return {error};
  const std::string sig_path = report_path + ".sig";
  if (!ReadRegularFile(sig_path, 1 << 20, &text, &error)) return {sig_path + ": " + error};
  std::optional<Json> doc = ParseWithoutDuplicates(text, &error);
  std::optional<Signature> s;
  if (doc) s = ReadEnvelope(text, *doc, &error);
  if (!s) return {sig_path + " " + error};
  std::string sig = *DecodeSignature(s->signature);
  if (!key->Verify(Payload(*doc), sig))
    problems.push_back(
        "the signature does not verify with this public key (the signature file was altered, or "
        "signed by another key)");
  if (s->public_key_sha256 != key->PublicKeySha256())
    problems.push_back("the signature names another public key");
  if (s->report != std::filesystem::path(report_path).filename().string())
    problems.push_back("the signature is for the report \"" + s->report + "\", not " + report_path);
  std::string actual = HashFile(report_path, &error);
  if (actual.empty())
    problems.push_back(report_path + ": " + error);
  else if (actual != s->report_sha256)
    problems.push_back(report_path + " has changed since it was signed (sha256 " + actual + ")");
  auto dir = std::filesystem::path(report_path).parent_path();
  for (const auto& f : s->files) {
    std::string hash = HashFile((dir / f.path).string(), &error);
    if (hash.empty())
      problems.push_back(f.path + ": " + error);
    else if (hash != f.sha256)
      problems.push_back(f.path + " has changed since it was signed");
  }
  for (auto& p : reports::FolderProblems(report_path, s->files)) problems.push_back(std::move(p));
  return problems;
}

}  // namespace checker
