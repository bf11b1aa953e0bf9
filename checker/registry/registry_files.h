#pragma once
// The registry's signed manifest: every file of the site with its SHA-256, so that a mirror can
// be checked file by file (registry_build.cc writes it, registry_verify.cc checks it).

#include <filesystem>
#include <string>
#include <vector>

#include "checker/signing.h"

namespace checker::registry {

/// Writes manifest.json listing `files` (relative to `root`) with their sizes and SHA-256,
/// signed with `key`. Returns "" or the error.
std::string WriteManifest(const std::filesystem::path& root, std::vector<std::string> files,
                          const std::string& generated, const Ed25519Key& key);

/// The problems with `root`'s manifest: signature, key, each file's hash, and every file in the
/// folder that the manifest does not list.
std::vector<std::string> CheckManifest(const std::filesystem::path& root, const Ed25519Key& key);

}  // namespace checker::registry
