// RFC 9162's Merkle tree: known hashes, every proof of small trees verifies, and every altered
// leaf, proof element, size or root is refused.

#include "checker/merkle.h"

#include <catch2/catch.hpp>

#include "checker/encoding.h"

namespace checker::merkle {
namespace {

std::vector<std::string> Leaves(int n, const std::string& prefix = "event ") {
  std::vector<std::string> leaves;
  for (int i = 0; i < n; ++i) leaves.push_back(LeafHash(prefix + std::to_string(i)));
  return leaves;
}

// The root by RFC 9162's definition, written independently of TreeHash: pairs hashed level by
// level, an odd last node carried up unchanged (the same tree for every size).
std::string LevelByLevelRoot(std::vector<std::string> level) {
  if (level.empty())
    return *FromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  while (level.size() > 1) {
    std::vector<std::string> up;
    for (size_t i = 0; i + 1 < level.size(); i += 2) up.push_back(NodeHash(level[i], level[i + 1]));
    if (level.size() % 2 == 1) up.push_back(level.back());
    level = std::move(up);
  }
  return level[0];
}

TEST_CASE("tree hashes follow RFC 9162: empty, one leaf, and level by level", "[merkle]") {
  CHECK(ToHex(TreeHash({})) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // SHA-256 of the single byte 0x00: the leaf hash of an empty entry.
  CHECK(ToHex(LeafHash("")) == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  for (int n = 1; n <= 40; ++n) {
    auto leaves = Leaves(n);
    INFO("size " << n);
    CHECK(TreeHash(leaves) == LevelByLevelRoot(leaves));
  }
}

// The reference tree of Certificate Transparency's test data (RFC 6962 implementations share it):
// a log no other implementation agrees with proves nothing.
TEST_CASE("the reference tree of Certificate Transparency hashes and proves alike", "[merkle]") {
  const std::vector<std::string> entries_hex = {"",
                                                "00",
                                                "10",
                                                "2021",
                                                "3031",
                                                "40414243",
                                                "5051525354555657",
                                                "606162636465666768696a6b6c6d6e6f"};
  const std::vector<std::string> roots = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  std::vector<std::string> leaves;
  for (const auto& hex : entries_hex) {
    std::string bytes;
    for (size_t i = 0; i < hex.size(); i += 2)
      bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    leaves.push_back(LeafHash(bytes));
  }
  for (size_t n = 1; n <= leaves.size(); ++n)
    CHECK(ToHex(TreeHash(std::span(leaves).first(n))) == roots[n - 1]);
  std::vector<std::string> proof;
  for (const auto& p : InclusionProof(leaves, 0)) proof.push_back(ToHex(p));
  CHECK(proof == std::vector<std::string>{
                     "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                     "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                     "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"});
}

TEST_CASE("every inclusion proof of trees up to 33 entries verifies, and nothing else does",
          "[merkle]") {
  int checked = 0;
  for (uint64_t n = 1; n <= 33; ++n) {
    auto leaves = Leaves(static_cast<int>(n));
    const std::string root = TreeHash(leaves);
    for (uint64_t i = 0; i < n; ++i) {
      INFO("entry " << i << " of " << n);
      auto proof = InclusionProof(leaves, i);
      REQUIRE(VerifyInclusion(i, n, leaves[i], proof, root));
      ++checked;
      CHECK_FALSE(VerifyInclusion(i, n, LeafHash("forged"), proof, root));
      CHECK_FALSE(VerifyInclusion(i, n, leaves[i], proof, LeafHash("other root")));
      if (n > 1) CHECK_FALSE(VerifyInclusion((i + 1) % n, n, leaves[i], proof, root));
      if (!proof.empty()) {
        auto altered = proof;
        altered.back()[0] ^= 1;
        CHECK_FALSE(VerifyInclusion(i, n, leaves[i], altered, root));
        altered = proof;
        altered.pop_back();
        CHECK_FALSE(VerifyInclusion(i, n, leaves[i], altered, root));
      }
    }
  }
  CHECK(checked == 33 * 34 / 2);
}

TEST_CASE(
    "every consistency proof of trees up to 33 entries verifies; a rewritten or dropped "
    "past entry is detected",
    "[merkle]") {
  int checked = 0;
  for (uint64_t n = 1; n <= 33; ++n) {
    auto leaves = Leaves(static_cast<int>(n));
    const std::string root = TreeHash(leaves);
    for (uint64_t m = 1; m <= n; ++m) {
      INFO("tree of " << m << " inside tree of " << n);
      const std::string old_root = TreeHash(std::span(leaves).first(m));
      auto proof = ConsistencyProof(leaves, m);
      REQUIRE(VerifyConsistency(m, n, old_root, root, proof));
      ++checked;
      // The log rewrote entry 0 after publishing the tree of m entries: the new tree's proof
      // does not connect to the old head.
      auto rewritten = leaves;
      rewritten[0] = LeafHash("rewritten");
      CHECK_FALSE(
          VerifyConsistency(m, n, old_root, TreeHash(rewritten), ConsistencyProof(rewritten, m)));
      if (m < n) {
        // One past entry dropped (the log is one shorter and claims a size of n - 1).
        std::vector<std::string> dropped(leaves.begin() + 1, leaves.end());
        if (m <= dropped.size())
          CHECK_FALSE(VerifyConsistency(m, n - 1, old_root, TreeHash(dropped),
                                        ConsistencyProof(dropped, m)));
        auto altered = proof;
        altered.front()[5] ^= 1;
        CHECK_FALSE(VerifyConsistency(m, n, old_root, root, altered));
      }
    }
  }
  CHECK(checked == 33 * 34 / 2);
}

TEST_CASE("one tree of 1000 entries proves every prefix as the definitions do", "[merkle]") {
  auto leaves = Leaves(1000);
  MerkleTree tree(leaves);
  for (uint64_t n : {1u, 2u, 3u, 255u, 256u, 257u, 600u, 999u, 1000u}) {
    INFO("prefix " << n);
    std::vector<std::string> prefix(leaves.begin(), leaves.begin() + static_cast<long>(n));
    const std::string root = tree.Root(n);
    CHECK(root == LevelByLevelRoot(prefix));
    for (uint64_t i : {uint64_t{0}, n / 2, n - 1})
      CHECK(VerifyInclusion(i, n, leaves[i], tree.InclusionProof(i, n), root));
    for (uint64_t m : {uint64_t{1}, n / 3 + 1, n})
      CHECK(VerifyConsistency(m, n, tree.Root(m), root, tree.ConsistencyProof(m, n)));
  }
}

TEST_CASE("consistency edge cases: equal sizes, empty first tree, shrinking", "[merkle]") {
  auto leaves = Leaves(5);
  const std::string root = TreeHash(leaves);
  CHECK(VerifyConsistency(5, 5, root, root, {}));
  CHECK_FALSE(VerifyConsistency(5, 5, root, LeafHash("x"), {}));
  CHECK(VerifyConsistency(0, 5, TreeHash({}), root, {}));
  CHECK_FALSE(VerifyConsistency(5, 4, root, root, {}));
  CHECK_FALSE(VerifyConsistency(3, 5, TreeHash(std::span(leaves).first(3)), root, {}));
}

TEST_CASE("hex and base64 round trip and refuse what they do not write", "[encoding]") {
  std::string h = LeafHash("a");
  CHECK(FromHex(ToHex(h)) == h);
  CHECK_FALSE(FromHex("abc"));
  CHECK_FALSE(FromHex("zz"));
  CHECK_FALSE(FromHex("AB"));  // lowercase only: one spelling per hash
  CHECK(FromBase64(Base64(h)) == h);
  CHECK(Base64("ab") == "YWI=");
  CHECK_FALSE(FromBase64("YWJ="));  // non-canonical padding bits
  CHECK_FALSE(FromBase64("YWI"));
}

}  // namespace
}  // namespace checker::merkle
