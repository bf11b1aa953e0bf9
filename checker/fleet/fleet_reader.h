#pragma once
// Typed, positioned reads out of one map of a fleet file (fleet_file.cc): every problem becomes a
// diagnostic at the value's line and column; paths resolve against the fleet file's folder.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "checker/diagnostic.h"
#include "checker/document.h"

namespace checker::fleet {

namespace fs = std::filesystem;

// Reads typed values out of one map of the fleet file; every problem is positioned.
class Reader {
 public:
  Reader(const Document& doc, fs::path base) : doc_(doc), base_(std::move(base)) {}

  SourceLocation At(Position p) const { return doc_.Locate(p); }
  void Error(std::vector<Diagnostic>& out, DiagCode code, Position p, std::string message) const {
    out.push_back({Severity::kError, code, At(p), std::move(message), ""});
  }

  // False (after an error) when `node` is not a map; unknown keys are errors.
  bool CheckMap(const Node& node, std::string_view what, std::span<const std::string_view> keys,
                std::vector<Diagnostic>& out) const {
    if (!node.is_map()) {
      Error(out, DiagCode::kWrongType, node.position,
            std::string(what) + " must be a map, found " + std::string(NodeKindName(node.kind)));
      return false;
    }
    for (const auto& m : node.members)
      if (std::find(keys.begin(), keys.end(), m.key) == keys.end()) {
        std::string known;
        for (auto k : keys) known += (known.empty() ? "" : ", ") + std::string(k);
        Error(out, DiagCode::kUnknownKey, m.key_position,
              "unknown key '" + m.key + "' in " + std::string(what) + " (known: " + known + ")");
      }
    return true;
  }

  std::optional<std::string> String(const Node& map, std::string_view key,
                                    std::vector<Diagnostic>& out) const {
    const Node* v = map.Find(key);
    if (v == nullptr) return std::nullopt;
    if (v->kind != NodeKind::kString || v->text.empty()) {
      Error(out, DiagCode::kWrongType, v->position,
            "'" + std::string(key) + "' must be a non-empty string");
      return std::nullopt;
    }
    return v->text;
  }
  std::optional<std::string> PathValue(const Node& map, std::string_view key,
                                       std::vector<Diagnostic>& out) const {
    auto s = String(map, key, out);
    if (s) s = Resolve(*s);
    return s;
  }
  std::string Resolve(const std::string& path) const {
    fs::path p(path);
    return p.is_absolute() ? path : (base_ / p).lexically_normal().string();
  }
  // A string or a list of strings; `positions` receives where each one is.
  std::vector<std::string> Strings(const Node& map, std::string_view key,
                                   std::vector<Diagnostic>& out,
                                   std::vector<Position>* positions = nullptr) const {
    std::vector<std::string> values;
    const Node* v = map.Find(key);
    if (v == nullptr) return values;
    std::vector<const Node*> items;
    if (v->is_list())
      for (const auto& item : v->items) items.push_back(&item);
    else
      items.push_back(v);
    for (const Node* item : items) {
      if (item->kind != NodeKind::kString || item->text.empty()) {
        Error(out, DiagCode::kWrongType, item->position,
              "'" + std::string(key) + "' must be a string or a list of non-empty strings");
        continue;
      }
      values.push_back(item->text);
      if (positions != nullptr) positions->push_back(item->position);
    }
    return values;
  }
  std::optional<bool> Bool(const Node& map, std::string_view key,
                           std::vector<Diagnostic>& out) const {
    const Node* v = map.Find(key);
    if (v == nullptr) return std::nullopt;
    if (v->kind != NodeKind::kBool) {
      Error(out, DiagCode::kWrongType, v->position,
            "'" + std::string(key) + "' must be true or false");
      return std::nullopt;
    }
    return v->boolean;
  }
  std::optional<uint64_t> Count(const Node& map, std::string_view key,
                                std::vector<Diagnostic>& out) const {
    const Node* v = map.Find(key);
    if (v == nullptr) return std::nullopt;
    if (v->kind != NodeKind::kNumber || v->number < 1 || v->number > 1e12 ||
        v->number != static_cast<double>(static_cast<uint64_t>(v->number))) {
      Error(out, DiagCode::kWrongType, v->position,
            "'" + std::string(key) + "' must be a positive whole number");
      return std::nullopt;
    }
    return static_cast<uint64_t>(v->number);
  }

 private:
  const Document& doc_;
  fs::path base_;
};

}  // namespace checker::fleet
