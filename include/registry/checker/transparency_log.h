#pragma once
// The registry's transparency log (docs/registry.md), in the manner of Certificate Transparency
// (RFC 9162): every certificate event is an entry appended to a Merkle tree; the log publishes
// its entries, a signed tree head, an inclusion proof for each entry and a consistency proof
// from every earlier head, so that a certification body cannot rewrite or drop an event it has
// published without a verifier who kept an earlier head noticing.
//
// The published folder:
//   entries.jsonl      one entry a line: the exact bytes hashed as its leaf (canonical JSON)
//   tree-head.json     the current signed tree head
//   proofs.json        {"tree_size": N, "inclusion": [[hex, ...], ...]}: one path per entry
//   consistency.json   {"tree_size": N, "from": {"M": [hex, ...], ...}}: from each earlier head
//   heads/M.json       every tree head published before, by its size

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "checker/signing.h"

namespace checker {

/// The log's size and root hash at a time, signed by the registry's key.
struct TreeHead {
  uint64_t tree_size = 0;
  std::string root_hash;          // lowercase hex SHA-256 (RFC 9162 MTH)
  std::string timestamp;          // ISO 8601 UTC
  std::string public_key_sha256;  // names the signing key (signing.h)
  std::string signature;          // base64 Ed25519 over TreeHeadPayload
  bool operator==(const TreeHead&) const = default;
};

/// The bytes a head's signature covers: canonical JSON of every member but the signature.
std::string TreeHeadPayload(const TreeHead& head);
/// Signs the head of the tree of `entries` (each the exact bytes of its leaf).
TreeHead SignTreeHead(std::span<const std::string> entries, std::string timestamp,
                      const Ed25519Key& key);
std::string TreeHeadToJson(const TreeHead& head);
/// A head read back (untrusted): exactly the members TreeHeadToJson writes, of their kinds.
std::optional<TreeHead> TreeHeadFromJson(std::string_view text, std::string* error);

/// Writes the log folder for `entries` (canonical JSON texts without line breaks), signing a new
/// head at `timestamp`. Heads already in the folder's heads/ (and its current head) are kept and
/// get consistency proofs to the new one; a folder whose published entries are not a prefix of
/// `entries` is refused (an append-only log never rewrites). Every file is written atomically.
/// Returns "" or the error.
std::string WriteTransparencyLog(const std::string& dir, std::span<const std::string> entries,
                                 const std::string& timestamp, const Ed25519Key& key);

/// Verifies a log folder with the registry's public key: the head's signature and key, every
/// entry canonical and hashing to the head's root, every inclusion proof, every earlier head's
/// signature and its consistency proof to the current head; and, when `earlier` is given (a head
/// the verifier kept from before), that the current log extends it. Problems in sentences; empty
/// when everything verifies. `entries` (when given) receives the entries read.
std::vector<std::string> VerifyTransparencyLog(const std::string& dir, const Ed25519Key& key,
                                               const TreeHead* earlier = nullptr,
                                               std::vector<std::string>* entries = nullptr);

}  // namespace checker
