// Checking a registry folder (registry.h): the manifest, the transparency log, every event and
// certificate, the lifecycle, and the statuses the feed publishes.

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "checker/certificate_events.h"
#include "checker/registry.h"
#include "checker/source.h"

#include "registry/registry_files.h"

namespace checker {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::vector<std::string> VerifyRegistry(const std::string& site_dir, const Ed25519Key& key,
                                        const TreeHead* earlier) {
  const fs::path root(site_dir);
  std::vector<std::string> problems = registry::CheckManifest(root, key);
  std::vector<std::string> entries;
  for (auto& p : VerifyTransparencyLog((root / "log").string(), key, earlier, &entries))
    problems.push_back("log: " + p);
  std::vector<CertificateEvent> events;
  for (size_t i = 0; i < entries.size(); ++i) {
    std::string error;
    auto e = CertificateEventFromEntry(entries[i], &error);
    if (!e) {
      problems.push_back("log entry " + std::to_string(i + 1) + ": " + error);
      continue;
    }
    if (std::string why = CheckCertificateEventSignature(*e, key); !why.empty())
      problems.push_back("log entry " + std::to_string(i + 1) + ": " + why);
    // The lifecycle the log describes must be one the tool would have recorded.
    if (std::string why = RefuseTransition(events, *e); !why.empty())
      problems.push_back("log entry " + std::to_string(i + 1) + " (" +
                         std::string(CertificateEventName(e->kind)) + " " + e->certificate_id +
                         "): " + why);
    if (e->kind == CertificateEventKind::kIssue) {
      auto c = CertificateFromJson(e->certificate_json, &error);
      for (auto& p : c ? VerifyCertificate(*c, key) : std::vector<std::string>{error})
        problems.push_back(e->certificate_id + ": " + p);
      std::string published;
      const std::string file = "certificates/" + e->certificate_id + ".json";
      if (!ReadRegularFile((root / file).string(), 1 << 20, &published, &error))
        problems.push_back(file + ": " + error);
      else if (published != e->certificate_json)
        problems.push_back(file + " is not the certificate its issue event recorded");
    }
    events.push_back(std::move(*e));
  }
  // The statuses the feed shows are the ones the events give on the day it names.
  std::string text, error;
  if (!ReadRegularFile((root / "feed.json").string(), 1 << 30, &text, &error)) {
    problems.push_back("feed.json: " + error);
    return problems;
  }
  Json feed = Json::parse(text, nullptr, false);
  if (feed.is_discarded() || !feed.is_object() || !feed.contains("services") ||
      !feed["services"].is_array() || !feed.contains("status_as_of") ||
      !feed["status_as_of"].is_string()) {
    problems.push_back("feed.json is not a registry feed");
    return problems;
  }
  const std::string day = feed["status_as_of"];
  for (const auto& s : feed["services"]) {
    if (!s.is_object() || !s.contains("certificates") || !s["certificates"].is_array()) continue;
    for (const auto& c : s["certificates"]) {
      if (!c.is_object() || !c.contains("certificate_id") || !c["certificate_id"].is_string())
        continue;
      const std::string id = c["certificate_id"];
      auto status = StatusOn(id, events, day);
      const std::string shown =
          c.contains("status") && c["status"].is_string() ? c["status"].get<std::string>() : "";
      if (!status)
        problems.push_back("feed.json shows " + id + ", which no issue event in the log records");
      else if (shown != CertificateStateName(status->state))
        problems.push_back(
            "feed.json shows " + id + " as " + shown + " on " + day + "; the log makes it " +
            std::string(CertificateStateName(status->state)) + " (" + status->why + ")");
    }
  }
  return problems;
}

}  // namespace checker
