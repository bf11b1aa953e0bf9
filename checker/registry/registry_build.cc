// Building the registry's site (registry.h): expiries recorded, the transparency log appended,
// every page and file written, and the signed manifest last.

#include <filesystem>
#include <nlohmann/json.hpp>

#include "checker/certificate_store.h"
#include "checker/encoding.h"
#include "checker/registry.h"
#include "checker/registry_pages.h"
#include "checker/source.h"

#include "registry/registry_files.h"
#include "registry/registry_view.h"

namespace checker {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

// Records an expire event for each certificate that has expired and has none yet.
std::string RecordExpiries(HistoryDb& db, const Ed25519Key& key, const std::string& today,
                           size_t* recorded) {
  std::string error;
  auto events = ReadCertificateEvents(db, &error);
  if (!events) return error;
  for (const auto& e : *events) {
    if (e.kind != CertificateEventKind::kIssue) continue;
    auto status = StatusOn(e.certificate_id, *events, today);
    bool recorded_already = false;
    for (const auto& other : *events)
      recorded_already |=
          other.certificate_id == e.certificate_id && other.kind == CertificateEventKind::kExpire;
    if (!status || status->state != CertificateState::kExpired || recorded_already) continue;
    CertificateEvent expire{
        CertificateEventKind::kExpire, e.certificate_id, e.service_id, status->since, "", "", ""};
    if (!RecordCertificateEvent(db, expire, key, &error)) return error;
    ++*recorded;
  }
  return "";
}

}  // namespace

std::string BuildRegistry(HistoryDb& db, const Ed25519Key& key, const RegistryBuild& build,
                          RegistryBuildResult* result) {
  *result = {};
  if (std::string error = RecordExpiries(db, key, build.today, &result->expired_recorded);
      !error.empty())
    return error;
  std::string error;
  auto log = db.CertificateLog(&error);
  auto events = log ? ReadCertificateEvents(db, &error) : std::nullopt;
  if (!events) return error;
  const fs::path root(build.out_dir);
  std::vector<std::string> entries;
  for (const auto& row : *log) entries.push_back(row.entry);
  if (std::string why =
          WriteTransparencyLog((root / "log").string(), entries, build.generated, key);
      !why.empty())
    return (root / "log").string() + ": " + why;

  RegistryView view = registry::BuildView(db, *events, *log, build.today);
  view.generated = build.generated;
  view.public_key_sha256 = key.PublicKeySha256();
  view.public_key_base64 = Base64(key.RawPublic());
  view.tree_size = std::to_string(entries.size());
  {
    std::string text;
    ReadFile((root / "log" / "tree-head.json").string(), 1 << 20, &text, &error);
    if (auto head = TreeHeadFromJson(text, &error)) view.root_hash = head->root_hash;
  }

  // Generated folders are written anew: a page or badge of an earlier build must not linger.
  std::error_code ec;
  for (const char* dir : {"services", "badges", "certificates"}) fs::remove_all(root / dir, ec);
  FileBatch batch;
  std::vector<std::string> written;
  auto stage = [&](const std::string& relative, const std::string& content) {
    written.push_back(relative);
    fs::create_directories((root / relative).parent_path(), ec);
    return batch.Stage((root / relative).string(), content, &error);
  };
  bool ok = true;
  for (Language lang : {Language::kJa, Language::kEn}) {
    ok = ok && stage(RegistryPageFile("index", lang), RenderRegistryIndex(view, lang)) &&
         stage(RegistryPageFile("revocations", lang), RenderRegistryRevocations(view, lang)) &&
         stage(RegistryPageFile("verify", lang), RenderRegistryVerifyPage(view, lang));
    for (const auto& s : view.services)
      ok = ok && stage(RegistryPageFile(s.page, lang), RenderRegistryService(view, s, lang));
  }
  for (const auto& e : *events) {
    if (e.kind != CertificateEventKind::kIssue) continue;
    ok = ok && stage("certificates/" + e.certificate_id + ".json", e.certificate_json);
  }
  for (const auto& s : view.services) {
    std::vector<const RegistryCertificate*> all{&s.current};
    for (const auto& p : s.past) all.push_back(&p);
    for (const RegistryCertificate* c : all)
      ok = ok && stage(c->badge,
                       RenderRegistryBadge(*c, "../" + RegistryPageFile(s.page, Language::kEn)));
    ++result->services;
    result->certificates += all.size();
  }
  ok = ok && stage("feed.json", RenderRegistryFeedJson(view)) &&
       stage("feed.atom", RenderRegistryAtom(view)) && stage("registry-key.pem", key.PublicPem());
  if (!ok || !batch.Commit(&error)) return error;
  for (const char* f : {"entries.jsonl", "tree-head.json", "proofs.json", "consistency.json"})
    written.push_back(std::string("log/") + f);
  for (const auto& file : fs::directory_iterator(root / "log" / "heads", ec))
    written.push_back("log/heads/" + file.path().filename().string());
  result->events = events->size();
  result->files = written.size() + 1;
  return registry::WriteManifest(root, written, build.generated, key);
}

}  // namespace checker
