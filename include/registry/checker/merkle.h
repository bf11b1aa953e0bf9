#pragma once
// A Merkle tree over an append-only list of entries, as Certificate Transparency defines it
// (RFC 9162, section 2.1): the tree hash, inclusion proofs (an entry is in the tree of a size)
// and consistency proofs (the tree of a size is a prefix of a later one), and their checks.
// The registry's transparency log of certificate events rests on these (docs/registry.md).
//
// Hashes are raw 32-byte SHA-256 strings. Functions take the leaf hashes of the whole list, so
// a log keeps one hash per entry and nothing else.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace checker::merkle {

/// SHA-256(0x00 || entry): the hash of one entry as a leaf.
std::string LeafHash(std::string_view entry);
/// SHA-256(0x01 || left || right): an interior node.
std::string NodeHash(std::string_view left, std::string_view right);

/// MTH of the first leaves.size() entries; SHA-256 of nothing for an empty list.
std::string TreeHash(std::span<const std::string> leaves);

/// The audit path of leaf `index` in the tree of `leaves` (PATH(m, D[n])). index < size.
std::vector<std::string> InclusionProof(std::span<const std::string> leaves, uint64_t index);

/// The proof that the tree of the first `first` leaves is a prefix of the tree of all
/// `leaves` (PROOF(m, D[n])). 0 < first <= size; empty when first == size.
std::vector<std::string> ConsistencyProof(std::span<const std::string> leaves, uint64_t first);

/// The same tree, with the hash of every perfect subtree kept (level by level), so that roots
/// and proofs of any prefix take O(log n) hashes: what a log that publishes a proof for each of
/// thousands of entries needs.
class MerkleTree {
 public:
  explicit MerkleTree(std::vector<std::string> leaves);
  uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
  /// MTH of the first `tree_size` leaves.
  std::string Root(uint64_t tree_size) const;
  std::vector<std::string> InclusionProof(uint64_t index, uint64_t tree_size) const;
  std::vector<std::string> ConsistencyProof(uint64_t first, uint64_t tree_size) const;

 private:
  std::string RangeHash(uint64_t begin, uint64_t end) const;
  void SubProof(uint64_t begin, uint64_t end, uint64_t m, bool whole,
                std::vector<std::string>* proof) const;
  std::vector<std::vector<std::string>> levels_;  // levels_[h][j]: leaves [j*2^h, (j+1)*2^h)
};

/// RFC 9162 2.1.3.2: `leaf` is entry `index` of the tree of `size` whose hash is `root`.
bool VerifyInclusion(uint64_t index, uint64_t size, std::string_view leaf,
                     std::span<const std::string> proof, std::string_view root);

/// RFC 9162 2.1.4.2: the tree of `first` entries with hash `first_root` is a prefix of the tree
/// of `second` entries with hash `second_root`. Equal sizes: the hashes are equal and the proof
/// empty; a first size of 0 is a prefix of every tree.
bool VerifyConsistency(uint64_t first, uint64_t second, std::string_view first_root,
                       std::string_view second_root, std::span<const std::string> proof);

}  // namespace checker::merkle
