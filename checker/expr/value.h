#pragma once
// Run-time values of the evaluator. Document values are not copied: a Value points at the Node
// it came from (and remembers the path it was reached by, for evidence and messages).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "checker/node.h"

#include "expr/ast.h"

namespace checker::expr {

struct Value {
  enum class Kind : uint8_t { kMissing, kError, kNull, kBool, kNumber, kString, kList, kMap };
  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string_view string;  // into a Node, the program, or `owned`
  std::shared_ptr<std::string> owned;
  const Node* node = nullptr;                // the document node, when the value came from one
  std::shared_ptr<std::vector<Value>> list;  // lists built at run time (literals, projections)
  bool projected = false;  // a [*] projection: member access maps over its elements
  std::string path;        // document path; for kMissing the absent path
  std::string error;       // kError: the message
  Position error_position;
  std::vector<std::string> more_missing;  // other absent paths that also decided a kMissing

  static Value Bool(bool b) {
    Value v;
    v.kind = Kind::kBool;
    v.boolean = b;
    return v;
  }
  static Value Number(double n) {
    Value v;
    v.kind = Kind::kNumber;
    v.number = n;
    return v;
  }
  static Value OwnedString(std::string s) {
    Value v;
    v.kind = Kind::kString;
    v.owned = std::make_shared<std::string>(std::move(s));
    v.string = *v.owned;
    return v;
  }
  static Value Missing(std::string path) {
    Value v;
    v.kind = Kind::kMissing;
    v.path = std::move(path);
    return v;
  }
  static Value Error(std::string message, Position at = {}) {
    Value v;
    v.kind = Kind::kError;
    v.error = std::move(message);
    v.error_position = at;
    return v;
  }
  static Value FromNode(const Node& n, std::string path);

  bool absent_or_error() const { return kind == Kind::kMissing || kind == Kind::kError; }
  /// Number of elements of a list value (run-time list or document list).
  size_t ListSize() const;
  Value ListAt(size_t i) const;
};

const char* KindName(Value::Kind k);
bool Equal(const Value& a, const Value& b);
/// Describes a value for messages: its kind, and where it is in the document when known.
std::string Describe(const Value& v);

}  // namespace checker::expr
