#pragma once
// Integrity of reports: a detached Ed25519 signature over the SHA-256 of the report's bytes and of
// every evidence file beside it, so that a certification body can prove a report (and the evidence
// it rests on) is byte for byte the one it issued (docs/integrity.md).

#include <optional>
#include <string>
#include <vector>

namespace checker {

struct SignedFile {
  std::string path;  // relative to the report's folder
  std::string sha256;
};

/// The signature file REPORT.sig (docs/integrity.md): every member but `signature` is signed.
struct Signature {
  std::string report;  // the report's file name
  std::string report_sha256;
  std::vector<SignedFile> files;  // evidence.json and other files the report rests on
  std::string signed_at;
  std::string public_key_sha256;  // of the signer's public key (DER), to identify it
  std::string signature;          // base64 Ed25519 signature of the canonical envelope without it
};

/// Signs `report_path`, the files its run wrote (report.json's `run_files`, each checked against
/// its recorded size and SHA-256) and the files named in `extra` (relative to its folder) with the
/// Ed25519 private key in `key_pem`. Refuses when the folder holds any other file (left by an
/// earlier run or added since). Writes REPORT.sig atomically. Returns "" or an error message.
std::string SignReport(const std::string& report_path, const std::vector<std::string>& extra,
                       const std::string& key_pem_path, const std::string& signed_at);

/// Verifies REPORT.sig against `pubkey_pem_path`: the file holds exactly the members sign writes,
/// laid out as sign writes them (no duplicate, unknown or missing member; version 2; algorithm
/// ed25519; a 64-byte signature), the signature over the envelope, the report's hash, every
/// listed file's hash, that every run file the report records is covered, and that the folder
/// holds nothing else. Files are read only if regular and at most 4 GiB. Returns the problems
/// found (empty when everything verifies).
std::vector<std::string> VerifyReport(const std::string& report_path,
                                      const std::string& pubkey_pem_path);

}  // namespace checker
