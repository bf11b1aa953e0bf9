#pragma once
// The value tree shared by every module: YAML, JSON and XML documents, JSON response bodies and
// expression inputs are all Nodes. Every node remembers where it came from (1-based line:col), so
// a finding can point at the vendor's exact line.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace checker {

enum class NodeKind : uint8_t { kNull, kBool, kNumber, kString, kList, kMap };
std::string_view NodeKindName(NodeKind k);  // "null", "bool", "number", "string", "list", "map"

/// 1-based position inside the document's source (0 = unknown, e.g. a synthesised node).
struct Position {
  uint32_t line = 0;
  uint32_t column = 0;
  friend bool operator==(const Position&, const Position&) = default;
};

struct Member;

/// One value of a document. A value type: copying copies the subtree.
/// Numbers are doubles; integers are exact up to 2^53 (larger ones are refused by the readers).
struct Node {
  NodeKind kind = NodeKind::kNull;
  Position position;            // where the value starts
  bool boolean = false;         // kBool
  double number = 0;            // kNumber
  std::string text;             // kString: the value; kNumber/kBool/kNull: the source spelling
  std::vector<Node> items;      // kList
  std::vector<Member> members;  // kMap, in source order; keys are unique

  bool is_null() const { return kind == NodeKind::kNull; }
  bool is_map() const { return kind == NodeKind::kMap; }
  bool is_list() const { return kind == NodeKind::kList; }
  /// Member lookup by key (linear: maps in manifests are small). nullptr if absent or not a map.
  const Node* Find(std::string_view key) const;
  /// Follows a dotted path of map keys ("storage.encryption.at_rest"); nullptr if any is absent.
  const Node* FindPath(std::string_view dotted) const;
};

struct Member {
  std::string key;
  Position key_position;  // where the key itself starts
  Node value;
};

/// Renders a node as compact JSON (for evidence values in reports).
std::string NodeToJson(const Node& node);
/// A number as JSON writes it: whole numbers below 2^53 without a fraction, others with 17
/// significant digits (never undefined for infinities or huge values).
std::string FormatNumber(double v);

}  // namespace checker
