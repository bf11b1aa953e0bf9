// The registry's signed manifest (registry_files.h).

#include "registry/registry_files.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "checker/encoding.h"
#include "checker/source.h"

namespace checker::registry {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

constexpr const char* kFormat = "checker-registry-manifest/v1";
constexpr uint64_t kMaxFile = 1ull << 30;

}  // namespace

std::string WriteManifest(const fs::path& root, std::vector<std::string> files,
                          const std::string& generated, const Ed25519Key& key) {
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  Json list = Json::array();
  for (const auto& f : files) {
    std::string hash, error;
    uint64_t size = 0;
    if (!HashRegularFile((root / f).string(), kMaxFile, &hash, &size, &error))
      return (root / f).string() + ": " + error;
    list.push_back({{"path", f}, {"size", size}, {"sha256", hash}});
  }
  Json manifest = {{"format", kFormat},
                   {"generated", generated},
                   {"public_key_sha256", key.PublicKeySha256()},
                   {"files", list}};
  manifest["signature"] = Base64(key.Sign(manifest.dump()));
  std::string error;
  if (!WriteFileAtomic((root / "manifest.json").string(), manifest.dump(2) + "\n", &error))
    return error;
  return "";
}

std::vector<std::string> CheckManifest(const fs::path& root, const Ed25519Key& key) {
  std::vector<std::string> problems;
  std::string text, error;
  const std::string path = (root / "manifest.json").string();
  if (!ReadRegularFile(path, kMaxFile, &text, &error)) return {path + ": " + error};
  Json manifest = Json::parse(text, nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object() || !manifest.contains("signature") ||
      !manifest["signature"].is_string() || !manifest.contains("files") ||
      !manifest["files"].is_array() || manifest.value("format", "") != kFormat)
    return {path + ": not a registry manifest"};
  auto signature = FromBase64(manifest["signature"].get<std::string>());
  Json body = manifest;
  body.erase("signature");
  if (manifest.value("public_key_sha256", "") != key.PublicKeySha256())
    problems.push_back("manifest.json is signed by another key");
  else if (!signature || !key.Verify(body.dump(), *signature))
    problems.push_back("manifest.json: the signature does not verify (the manifest was altered)");
  std::set<std::string> listed{"manifest.json"};
  for (const auto& f : manifest["files"]) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("sha256") ||
        !f["sha256"].is_string()) {
      problems.push_back("manifest.json lists an entry that is not a file with its hash");
      continue;
    }
    const std::string relative = f["path"];
    // A listed path leads inside the site: no absolute path, no "..".
    fs::path p(relative);
    if (p.is_absolute() || relative.find("..") != std::string::npos) {
      problems.push_back("manifest.json lists a path outside the site: " + relative);
      continue;
    }
    listed.insert(relative);
    std::string hash;
    uint64_t size = 0;
    if (!HashRegularFile((root / p).string(), kMaxFile, &hash, &size, &error))
      problems.push_back(relative + ": " + error);
    else if (hash != f["sha256"].get<std::string>())
      problems.push_back(relative + " has changed since the manifest was signed");
  }
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_directory(ec)) continue;
    std::string relative = fs::relative(it->path(), root, ec).generic_string();
    if (!listed.count(relative))
      problems.push_back(relative + " is not listed in the signed manifest");
  }
  return problems;
}

}  // namespace checker::registry
