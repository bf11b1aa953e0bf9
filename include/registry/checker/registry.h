#pragma once
// The public registry (docs/registry.md): a static, self-contained website a certification body
// publishes about the services it certified, built from the certificate log and the audit history
// in the history database, with the transparency log of every certificate event and a signed
// manifest of every file, so that a mirror can be checked; and the check itself.

#include <string>
#include <vector>

#include "checker/history.h"
#include "checker/signing.h"
#include "checker/transparency_log.h"

namespace checker {

struct RegistryBuild {
  std::string out_dir;
  std::string today;      // statuses are given for this day (YYYY-MM-DD)
  std::string generated;  // ISO 8601 UTC, recorded in the tree head, the feeds and the manifest
};

struct RegistryBuildResult {
  size_t services = 0, certificates = 0, events = 0;
  size_t expired_recorded = 0;  // expire events recorded by this build
  size_t files = 0;
};

/// Builds the site in `build.out_dir`: records an expire event (signed) for every certificate
/// that expired since the last build, appends the certificate log to the folder's transparency
/// log (refused if the published log is not a prefix of it), writes the pages in Japanese and
/// English, the certificates, badges, feeds and the registry's public key, and last the signed
/// manifest. Returns "" or the error.
std::string BuildRegistry(HistoryDb& db, const Ed25519Key& key, const RegistryBuild& build,
                          RegistryBuildResult* result);

/// Checks a registry folder with the registry's public key: the manifest's signature and every
/// file's hash (and no file it does not list), the transparency log (and, with `earlier`, that it
/// extends a tree head kept from before), every event's signature, every certificate's signature
/// and that it is the one its issue event recorded, the lifecycle the events describe, and that
/// the statuses the feed publishes are those the events give. Problems in sentences.
std::vector<std::string> VerifyRegistry(const std::string& site_dir, const Ed25519Key& key,
                                        const TreeHead* earlier = nullptr);

}  // namespace checker
