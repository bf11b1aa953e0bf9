// The transparency log's folder, written and verified (transparency_log.h). Everything read back
// is untrusted: sizes are checked before they index anything, and a malformed file is a problem
// named with its path, never a crash.

#include "checker/transparency_log.h"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "checker/encoding.h"
#include "checker/merkle.h"
#include "checker/source.h"

namespace checker {

namespace {

using Json = nlohmann::json;  // std::map objects: keys sorted, so dump() is canonical
namespace fs = std::filesystem;

constexpr uint64_t kMaxLogFile = 1ull << 30;
constexpr const char* kLogName = "checker-transparency-log/v1";

Json HeadMembers(const TreeHead& head) {
  return Json{{"log", kLogName},
              {"tree_size", head.tree_size},
              {"root_hash", head.root_hash},
              {"timestamp", head.timestamp},
              {"public_key_sha256", head.public_key_sha256}};
}

std::vector<std::string> Leaves(std::span<const std::string> entries) {
  std::vector<std::string> leaves;
  leaves.reserve(entries.size());
  for (const auto& e : entries) leaves.push_back(merkle::LeafHash(e));
  return leaves;
}

Json HexList(const std::vector<std::string>& hashes) {
  Json list = Json::array();
  for (const auto& h : hashes) list.push_back(ToHex(h));
  return list;
}

// A proof read back: a list of 64-digit lowercase hex strings.
std::optional<std::vector<std::string>> ReadProof(const Json& list) {
  if (!list.is_array()) return std::nullopt;
  std::vector<std::string> proof;
  for (const auto& item : list) {
    if (!item.is_string() || item.get<std::string>().size() != 64) return std::nullopt;
    auto raw = FromHex(item.get<std::string>());
    if (!raw) return std::nullopt;
    proof.push_back(std::move(*raw));
  }
  return proof;
}

bool ReadText(const fs::path& path, std::string* text, std::vector<std::string>* problems) {
  std::string error;
  if (ReadRegularFile(path.string(), kMaxLogFile, text, &error)) return true;
  problems->push_back(path.string() + ": " + error);
  return false;
}

std::optional<Json> ReadJson(const fs::path& path, std::vector<std::string>* problems) {
  std::string text;
  if (!ReadText(path, &text, problems)) return std::nullopt;
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    problems->push_back(path.string() + ": not a JSON object");
    return std::nullopt;
  }
  return doc;
}

std::optional<std::vector<std::string>> ReadEntries(const fs::path& path,
                                                    std::vector<std::string>* problems) {
  std::string text;
  if (!ReadText(path, &text, problems)) return std::nullopt;
  std::vector<std::string> entries;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      problems->push_back(path.string() + ": the last line does not end with a line feed");
      return std::nullopt;
    }
    std::string line = text.substr(start, end - start);
    Json entry = Json::parse(line, nullptr, false);
    // One spelling per entry: what is hashed is what a reader parses.
    if (entry.is_discarded() || !entry.is_object() || entry.dump() != line) {
      problems->push_back(path.string() + " line " + std::to_string(entries.size() + 1) +
                          ": not an entry in canonical JSON");
      return std::nullopt;
    }
    entries.push_back(std::move(line));
    start = end + 1;
  }
  return entries;
}

std::optional<TreeHead> ReadHead(const fs::path& path, std::vector<std::string>* problems) {
  std::string text, error;
  if (!ReadText(path, &text, problems)) return std::nullopt;
  auto head = TreeHeadFromJson(text, &error);
  if (!head) problems->push_back(path.string() + ": " + error);
  return head;
}

// The heads published before, by size, from heads/ (files named by their size).
std::map<uint64_t, TreeHead> EarlierHeads(const fs::path& dir, std::vector<std::string>* problems) {
  std::map<uint64_t, TreeHead> heads;
  std::error_code ec;
  if (!fs::is_directory(dir / "heads", ec)) return heads;
  for (const auto& file : fs::directory_iterator(dir / "heads", ec)) {
    auto head = ReadHead(file.path(), problems);
    if (!head) continue;
    if (file.path().filename().string() != std::to_string(head->tree_size) + ".json")
      problems->push_back(file.path().string() + ": holds the head of size " +
                          std::to_string(head->tree_size));
    else
      heads.emplace(head->tree_size, std::move(*head));
  }
  return heads;
}

std::string CheckSignature(const TreeHead& head, const Ed25519Key& key, const std::string& name) {
  if (head.public_key_sha256 != key.PublicKeySha256())
    return name + " is signed by another key (" + head.public_key_sha256 + ")";
  auto signature = FromBase64(head.signature);
  if (!signature || !key.Verify(TreeHeadPayload(head), *signature))
    return name + ": the signature does not verify with the registry's public key";
  return "";
}

}  // namespace

std::string TreeHeadPayload(const TreeHead& head) { return HeadMembers(head).dump(); }

TreeHead SignTreeHead(std::span<const std::string> entries, std::string timestamp,
                      const Ed25519Key& key) {
  TreeHead head;
  head.tree_size = entries.size();
  head.root_hash = ToHex(merkle::TreeHash(Leaves(entries)));
  head.timestamp = std::move(timestamp);
  head.public_key_sha256 = key.PublicKeySha256();
  head.signature = Base64(key.Sign(TreeHeadPayload(head)));
  return head;
}

std::string TreeHeadToJson(const TreeHead& head) {
  Json doc = HeadMembers(head);
  doc["signature"] = head.signature;
  return doc.dump(2) + "\n";
}

std::optional<TreeHead> TreeHeadFromJson(std::string_view text, std::string* error) {
  Json doc = Json::parse(text, nullptr, false);
  const char* members[] = {"log",       "tree_size",         "root_hash",
                           "timestamp", "public_key_sha256", "signature"};
  if (doc.is_discarded() || !doc.is_object() || doc.size() != std::size(members)) {
    *error =
        "not a tree head (a JSON object with exactly log, tree_size, root_hash, timestamp, "
        "public_key_sha256 and signature)";
    return std::nullopt;
  }
  for (const char* m : members) {
    bool number = std::string_view(m) == "tree_size";
    if (!doc.contains(m) || (number ? !doc[m].is_number_unsigned() : !doc[m].is_string())) {
      *error = std::string("tree head member ") + m + " is missing or not " +
               (number ? "a whole number" : "a string");
      return std::nullopt;
    }
  }
  if (doc["log"] != kLogName) {
    *error = "not a tree head of this log format (log: " + doc["log"].get<std::string>() + ")";
    return std::nullopt;
  }
  TreeHead head{doc["tree_size"].get<uint64_t>(), doc["root_hash"].get<std::string>(),
                doc["timestamp"].get<std::string>(), doc["public_key_sha256"].get<std::string>(),
                doc["signature"].get<std::string>()};
  if (head.root_hash.size() != 64 || !FromHex(head.root_hash)) {
    *error = "tree head root_hash is not 64 lowercase hex digits";
    return std::nullopt;
  }
  return head;
}

std::string WriteTransparencyLog(const std::string& dir, std::span<const std::string> entries,
                                 const std::string& timestamp, const Ed25519Key& key) {
  const fs::path root(dir);
  std::vector<std::string> problems;
  std::map<uint64_t, TreeHead> earlier;
  std::error_code ec;
  if (fs::exists(root / "tree-head.json", ec)) {
    std::vector<std::string> published;
    problems = VerifyTransparencyLog(dir, key, nullptr, &published);
    if (!problems.empty()) return "the published log does not verify: " + problems.front();
    if (published.size() > entries.size() ||
        !std::equal(published.begin(), published.end(), entries.begin()))
      return "the published log's entries are not a prefix of the new ones: an append-only log "
             "never rewrites or drops an entry";
    earlier = EarlierHeads(root, &problems);
    auto current = ReadHead(root / "tree-head.json", &problems);
    if (current) earlier.emplace(current->tree_size, *current);
  }
  for (const auto& e : entries)
    if (e.find('\n') != std::string::npos) return "a log entry holds a line break";
  merkle::MerkleTree tree(Leaves(entries));
  const uint64_t n = entries.size();
  TreeHead head = SignTreeHead(entries, timestamp, key);
  std::string lines;
  for (const auto& e : entries) lines += e + "\n";
  Json inclusion = Json::array();
  for (uint64_t i = 0; i < n; ++i) inclusion.push_back(HexList(tree.InclusionProof(i, n)));
  Json from = Json::object();
  for (const auto& [size, old] : earlier)
    if (size > 0 && size < n) from[std::to_string(size)] = HexList(tree.ConsistencyProof(size, n));
  FileBatch batch;
  std::string error;
  fs::create_directories(root / "heads", ec);
  if (ec) return dir + ": " + ec.message();
  bool staged =
      batch.Stage((root / "entries.jsonl").string(), lines, &error) &&
      batch.Stage((root / "proofs.json").string(),
                  Json{{"tree_size", n}, {"inclusion", inclusion}}.dump() + "\n", &error) &&
      batch.Stage((root / "consistency.json").string(),
                  Json{{"tree_size", n}, {"from", from}}.dump(2) + "\n", &error) &&
      batch.Stage((root / "tree-head.json").string(), TreeHeadToJson(head), &error);
  for (const auto& [size, old] : earlier)
    if (staged && size < n)
      staged = batch.Stage((root / "heads" / (std::to_string(size) + ".json")).string(),
                           TreeHeadToJson(old), &error);
  if (!staged || !batch.Commit(&error)) return error;
  return "";
}

std::vector<std::string> VerifyTransparencyLog(const std::string& dir, const Ed25519Key& key,
                                               const TreeHead* earlier,
                                               std::vector<std::string>* entries_out) {
  const fs::path root(dir);
  std::vector<std::string> problems;
  auto head = ReadHead(root / "tree-head.json", &problems);
  auto entries = ReadEntries(root / "entries.jsonl", &problems);
  if (!head || !entries) return problems;
  if (std::string why = CheckSignature(*head, key, "tree-head.json"); !why.empty())
    problems.push_back(why);
  const uint64_t n = entries->size();
  if (head->tree_size != n)
    problems.push_back("tree-head.json is for " + std::to_string(head->tree_size) +
                       " entries; entries.jsonl holds " + std::to_string(n));
  const std::vector<std::string> leaves = Leaves(*entries);
  merkle::MerkleTree tree(leaves);
  const std::string root_hash = tree.Root(n);
  if (ToHex(root_hash) != head->root_hash)
    problems.push_back(
        "the entries do not hash to the signed root: an entry was changed, added "
        "or dropped since the head was signed");
  if (auto proofs = ReadJson(root / "proofs.json", &problems)) {
    const Json& list = (*proofs)["inclusion"];
    if (!list.is_array() || list.size() != n) {
      problems.push_back("proofs.json does not hold one inclusion proof per entry");
    } else {
      for (uint64_t i = 0; i < n; ++i) {
        auto proof = ReadProof(list[i]);
        if (!proof || !merkle::VerifyInclusion(i, n, leaves[i], *proof, root_hash))
          problems.push_back("the inclusion proof of entry " + std::to_string(i + 1) +
                             " does not verify");
      }
    }
  }
  std::map<uint64_t, TreeHead> heads = EarlierHeads(root, &problems);
  if (earlier != nullptr) heads.insert_or_assign(earlier->tree_size, *earlier);
  std::optional<Json> consistency;
  if (!heads.empty()) consistency = ReadJson(root / "consistency.json", &problems);
  for (const auto& [size, old] : heads) {
    const std::string name =
        earlier != nullptr && old == *earlier
            ? "the tree head kept from before (size " + std::to_string(size) + ")"
            : "heads/" + std::to_string(size) + ".json";
    if (std::string why = CheckSignature(old, key, name); !why.empty()) {
      problems.push_back(why);
      continue;
    }
    if (size > n) {
      problems.push_back(name + " is for a larger log than the current one: entries were dropped");
      continue;
    }
    // The entries are published, so the earlier tree is recomputed; the published proof must
    // verify too, for monitors that do not fetch every entry.
    auto old_root = FromHex(old.root_hash);
    if (!old_root || tree.Root(size) != *old_root) {
      problems.push_back("the current log does not extend " + name +
                         ": an entry published then was rewritten or dropped");
      continue;
    }
    if (size == n || size == 0) continue;
    const Json* from = consistency ? &(*consistency)["from"] : nullptr;
    auto proof = from != nullptr && from->is_object() && from->contains(std::to_string(size))
                     ? ReadProof((*from)[std::to_string(size)])
                     : std::nullopt;
    if (!proof || !merkle::VerifyConsistency(size, n, *old_root, root_hash, *proof))
      problems.push_back("consistency.json has no valid proof from " + name +
                         " to the current head");
  }
  if (entries_out != nullptr) *entries_out = std::move(*entries);
  return problems;
}

}  // namespace checker
