#pragma once
// Run-time values of the evaluator. Document values are not copied: a Value points at the Node
// it came from (and remembers the path it was reached by, for evidence and messages).

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checker/node.h"

#include "expr/ast.h"

namespace checker::expr {

/// A document path a value was reached by. Paths the compiler could spell out (a chain of members
/// from a root key) are views of the program's text and cost nothing to copy; paths built at run
/// time (list indices, bound variables) are shared by every copy of the value.
class PathText {
 public:
  PathText() = default;
  explicit PathText(std::string text)
      : owned_(std::make_shared<const std::string>(std::move(text))), view_(*owned_) {}
  /// A view of text that outlives every evaluation (the compiled program's).
  PathText(const PathText&) = default;
  PathText& operator=(const PathText&) = default;
  // A moved-from path is empty rather than a view of text it no longer keeps alive.
  PathText(PathText&& other) noexcept
      : owned_(std::move(other.owned_)), view_(std::exchange(other.view_, {})) {}
  PathText& operator=(PathText&& other) noexcept {
    owned_ = std::move(other.owned_);
    view_ = std::exchange(other.view_, {});
    return *this;
  }
  static PathText View(std::string_view text) {
    PathText p;
    p.view_ = text;
    return p;
  }

  std::string_view view() const { return view_; }
  std::string str() const { return std::string(view_); }
  bool empty() const { return view_.empty(); }
  size_t size() const { return view_.size(); }
  friend bool operator==(const PathText& a, const PathText& b) { return a.view_ == b.view_; }

 private:
  std::shared_ptr<const std::string> owned_;
  std::string_view view_;
};

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
  PathText path;           // document path; for kMissing the absent path
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
  static Value Missing(std::string path) { return Missing(PathText(std::move(path))); }
  static Value Missing(PathText path) {
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
  static Value FromNode(const Node& n, PathText path);

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
