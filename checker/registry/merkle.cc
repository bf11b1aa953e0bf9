// RFC 9162's Merkle tree: the definitions of section 2.1 written as they read, recursively
// (a registry holds thousands of events, not billions), and the iterative checks of 2.1.3.2 and
// 2.1.4.2 that a verifier runs without the tree.

#include "checker/merkle.h"

#include <algorithm>
#include <memory>
#include <openssl/evp.h>

namespace checker::merkle {

namespace {

std::string Sha256(std::string_view a, std::string_view b = {}, std::string_view c = {}) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::string out(32, '\0');
  unsigned int length = 0;
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  for (std::string_view part : {a, b, c}) EVP_DigestUpdate(ctx.get(), part.data(), part.size());
  EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length);
  return out;
}

// The largest power of two smaller than n (n > 1): where RFC 9162 splits a tree.
uint64_t Split(uint64_t n) {
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

bool IsPowerOfTwo(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

}  // namespace

std::string LeafHash(std::string_view entry) { return Sha256(std::string_view("\0", 1), entry); }

std::string NodeHash(std::string_view left, std::string_view right) {
  return Sha256("\x01", left, right);
}

std::string TreeHash(std::span<const std::string> leaves) {
  return MerkleTree({leaves.begin(), leaves.end()}).Root(leaves.size());
}

std::vector<std::string> InclusionProof(std::span<const std::string> leaves, uint64_t index) {
  return MerkleTree({leaves.begin(), leaves.end()}).InclusionProof(index, leaves.size());
}

std::vector<std::string> ConsistencyProof(std::span<const std::string> leaves, uint64_t first) {
  return MerkleTree({leaves.begin(), leaves.end()}).ConsistencyProof(first, leaves.size());
}

MerkleTree::MerkleTree(std::vector<std::string> leaves) {
  if (leaves.empty()) return;
  levels_.push_back(std::move(leaves));
  while (levels_.back().size() > 1) {
    const auto& below = levels_.back();
    std::vector<std::string> up;
    up.reserve(below.size() / 2);
    for (size_t j = 0; j + 1 < below.size(); j += 2) up.push_back(NodeHash(below[j], below[j + 1]));
    levels_.push_back(std::move(up));
  }
}

// The recursion of RFC 9162 over leaves [begin, end); a perfect aligned subtree is looked up.
std::string MerkleTree::RangeHash(uint64_t begin, uint64_t end) const {
  const uint64_t n = end - begin;
  if (n == 0) return Sha256({});
  if (IsPowerOfTwo(n) && begin % n == 0) {
    size_t h = 0;
    while ((uint64_t{1} << h) < n) ++h;
    return levels_[h][begin >> h];
  }
  const uint64_t k = Split(n);
  return NodeHash(RangeHash(begin, begin + k), RangeHash(begin + k, end));
}

std::string MerkleTree::Root(uint64_t tree_size) const {
  return RangeHash(0, std::min(tree_size, size()));
}

std::vector<std::string> MerkleTree::InclusionProof(uint64_t index, uint64_t tree_size) const {
  std::vector<std::string> proof;
  uint64_t begin = 0, end = std::min(tree_size, size());
  while (end - begin > 1 && index < end - begin) {
    const uint64_t k = Split(end - begin);
    if (index < k) {
      proof.push_back(RangeHash(begin + k, end));
      end = begin + k;
    } else {
      proof.push_back(RangeHash(begin, begin + k));
      begin += k;
      index -= k;
    }
  }
  return {proof.rbegin(), proof.rend()};
}

void MerkleTree::SubProof(uint64_t begin, uint64_t end, uint64_t m, bool whole,
                          std::vector<std::string>* proof) const {
  const uint64_t n = end - begin;
  if (m == n) {
    if (!whole) proof->push_back(RangeHash(begin, end));
    return;
  }
  const uint64_t k = Split(n);
  if (m <= k) {
    SubProof(begin, begin + k, m, whole, proof);
    proof->push_back(RangeHash(begin + k, end));
  } else {
    SubProof(begin + k, end, m - k, false, proof);
    proof->push_back(RangeHash(begin, begin + k));
  }
}

std::vector<std::string> MerkleTree::ConsistencyProof(uint64_t first, uint64_t tree_size) const {
  std::vector<std::string> proof;
  tree_size = std::min(tree_size, size());
  if (first == 0 || first > tree_size) return proof;
  SubProof(0, tree_size, first, true, &proof);
  return proof;
}

bool VerifyInclusion(uint64_t index, uint64_t size, std::string_view leaf,
                     std::span<const std::string> proof, std::string_view root) {
  if (index >= size) return false;
  uint64_t fn = index, sn = size - 1;
  std::string r(leaf);
  for (const std::string& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) != 0 || fn == sn) {
      r = NodeHash(p, r);
      if ((fn & 1) == 0)
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool VerifyConsistency(uint64_t first, uint64_t second, std::string_view first_root,
                       std::string_view second_root, std::span<const std::string> proof) {
  if (first > second) return false;
  if (first == second) return proof.empty() && first_root == second_root;
  if (first == 0) return proof.empty();
  if (proof.empty()) return false;
  std::vector<std::string> path;
  if (IsPowerOfTwo(first)) path.emplace_back(first_root);
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = first - 1, sn = second - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  std::string fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const std::string& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) != 0 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if ((fn & 1) == 0)
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == first_root && sr == second_root && sn == 0;
}

}  // namespace checker::merkle
