// Vendor ids as folder names, and the partition of a fleet into shards.

#include <charconv>
#include <cstdlib>

#include "checker/fleet.h"
#include "checker/safe_text.h"
#include "checker/source.h"

namespace checker {

namespace {

std::optional<uint32_t> ParseIndex(std::string_view s) {
  uint32_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

constexpr uint32_t kMaxShards = 10000;

}  // namespace

std::optional<std::string> SafeVendorName(std::string_view id, std::string* why) {
  if (id.empty()) {
    *why = "the id is empty";
    return std::nullopt;
  }
  if (id.size() > 128) {
    *why = "the id is longer than 128 bytes";
    return std::nullopt;
  }
  for (size_t i = 0; i < id.size();) {
    size_t n = Utf8SequenceLength(id.substr(i));
    if (n == 0) {
      *why = "the id is not valid UTF-8";
      return std::nullopt;
    }
    auto c = static_cast<unsigned char>(id[i]);
    if (n == 1 && (c < 0x20 || c == 0x7f)) {
      *why = "the id holds a control character";
      return std::nullopt;
    }
    i += n;
  }
  std::string name;
  bool changed = false;
  for (char ch : id) {
    auto c = static_cast<unsigned char>(ch);
    char out = '-';
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')
      out = ch;
    else if (c >= 'A' && c <= 'Z')
      out = static_cast<char>(c - 'A' + 'a');
    changed |= out != ch;
    // One '-' for a run of replaced bytes (a multi-byte character is one run).
    if (out == '-' && out != ch && !name.empty() && name.back() == '-') continue;
    name += out;
  }
  // No hidden or relative names ("." "..", ".x"), and no leading '-' an option parser would take.
  while (!name.empty() && (name.front() == '.' || name.front() == '-')) {
    name.erase(0, 1);
    changed = true;
  }
  while (!name.empty() && (name.back() == '.' || name.back() == '-')) {
    name.pop_back();
    changed = true;
  }
  if (changed) name += (name.empty() ? "id-" : "-") + Sha256Hex(id).substr(0, 10);
  return name;
}

uint32_t ShardOf(std::string_view id, uint32_t count) {
  uint32_t best = 0;
  std::string best_weight;
  for (uint32_t shard = 0; shard < count; ++shard) {
    std::string key(id);
    key += '\0';
    key += std::to_string(shard);
    std::string weight = Sha256Hex(key);  // hex of equal length: compares as the number does
    if (shard == 0 || weight > best_weight) {
      best = shard;
      best_weight = std::move(weight);
    }
  }
  return best;
}

std::optional<ShardSpec> ParseShard(std::string_view text, std::string* why) {
  size_t slash = text.find('/');
  auto index = ParseIndex(text.substr(0, slash));
  auto count = slash == std::string_view::npos ? std::nullopt : ParseIndex(text.substr(slash + 1));
  if (!index || !count || *count == 0 || *count > kMaxShards) {
    *why = "a shard is I/N with whole numbers, 0 <= I < N <= " + std::to_string(kMaxShards) +
           " (e.g. 0/4), found '" + std::string(text) + "'";
    return std::nullopt;
  }
  if (*index >= *count) {
    *why = "shard index " + std::to_string(*index) + " is not below the shard count " +
           std::to_string(*count) + " (shards are numbered from 0)";
    return std::nullopt;
  }
  return ShardSpec{*index, *count};
}

std::optional<ShardSpec> ShardFromEnvironment(std::string* why) {
  const char* index = std::getenv("JOB_COMPLETION_INDEX");
  if (index == nullptr) return std::nullopt;
  const char* count = std::getenv("CHECKER_SHARDS");
  if (count == nullptr || *count == '\0') {
    *why =
        "JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but CHECKER_SHARDS is not: set "
        "it to the Job's completions in the pod spec (the downward API does not expose "
        "them), or give --shard I/N";
    return std::nullopt;
  }
  auto spec = ParseShard(std::string(index) + "/" + count, why);
  if (!spec)
    *why = "JOB_COMPLETION_INDEX=" + std::string(index) + " with CHECKER_SHARDS=" + count + ": " +
           *why;
  return spec;
}

std::string VendorInputs::Combined() const {
  return Sha256Hex("manifest " + manifest_sha256 + "\nrules " + rules_sha256 + "\nreview " +
                   review_sha256 + "\noptions " + options_sha256 + "\n");
}

}  // namespace checker
