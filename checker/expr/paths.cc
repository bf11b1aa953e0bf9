#include "expr/paths.h"

#include <optional>
#include <string>
#include <vector>

namespace checker::expr {

namespace {

bool IsPathOp(Op op) {
  return op == Op::kIdent || op == Op::kMember || op == Op::kIndex || op == Op::kProject;
}

class Collector {
 public:
  Collector(const std::function<SourceLocation(size_t)>& locate, StaticReads* out)
      : locate_(locate), out_(out) {}

  void Walk(const Ast& a, bool in_chain = false) {
    switch (a.op) {
      case Op::kIdent:
        if (!in_chain && a.slot < 0) Record(a);
        return;
      case Op::kMember:
      case Op::kProject:
        if (!in_chain) Record(a);
        Walk(*a.children[0], true);
        return;
      case Op::kIndex:
        if (!in_chain) Record(a);
        Walk(*a.children[0], true);
        Walk(*a.children[1]);
        return;
      case Op::kMacro: {
        Walk(*a.children[0]);
        if (a.slot >= 0) {
          if (slots_.size() <= static_cast<size_t>(a.slot)) slots_.resize(a.slot + 1);
          std::optional<std::string> list = PathOf(*a.children[0]);
          slots_[static_cast<size_t>(a.slot)] =
              list ? std::optional<std::string>(*list + "[]") : std::nullopt;
        }
        if (a.children.size() > 2) Walk(*a.children[2]);
        return;
      }
      case Op::kEq:
      case Op::kNe:
        Compare(*a.children[0], *a.children[1], false);
        Compare(*a.children[1], *a.children[0], false);
        break;
      case Op::kIn:
        Compare(*a.children[1], *a.children[0], true);  // 'x' in list
        if (a.children[1]->op == Op::kList)             // path in ['x', 'y']
          for (const auto& item : a.children[1]->children) Compare(*a.children[0], *item, false);
        break;
      default:
        break;
    }
    for (const auto& child : a.children) Walk(*child);
  }

 private:
  // The schema spelling of a path expression, or nullopt when it is not a document path.
  std::optional<std::string> PathOf(const Ast& a) const {
    switch (a.op) {
      case Op::kIdent:
        if (a.slot < 0) return a.text;
        if (static_cast<size_t>(a.slot) < slots_.size()) return slots_[static_cast<size_t>(a.slot)];
        return std::nullopt;
      case Op::kMember:
      case Op::kProject:
      case Op::kIndex: {
        auto base = PathOf(*a.children[0]);
        if (!base) return std::nullopt;
        if (a.op == Op::kMember) return *base + "." + a.text;
        if (a.op == Op::kIndex && a.children[1]->op == Op::kString)
          return *base + "." + a.children[1]->text;
        if (a.op == Op::kIndex && a.children[1]->op != Op::kNumber)
          return *base + "[?]";  // a computed index: a list's element or some key of a map
        return *base + "[]";
      }
      case Op::kCall:  // default(path, value) reads the path; filter() keeps its elements
        if ((a.text == "default") && !a.children.empty()) return PathOf(*a.children[0]);
        return std::nullopt;
      case Op::kMacro:
        if (a.text == "filter" && !a.children.empty()) return PathOf(*a.children[0]);
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  void Record(const Ast& a) {
    if (auto path = PathOf(a)) out_->paths.push_back({*path, locate_(a.offset)});
  }

  void Compare(const Ast& path_side, const Ast& literal, bool elements) {
    if (literal.op != Op::kString) return;
    if (!IsPathOp(path_side.op) && path_side.op != Op::kCall) return;
    auto path = PathOf(path_side);
    if (!path) return;
    out_->comparisons.push_back(
        {elements ? *path + "[]" : *path, literal.text, locate_(literal.offset)});
  }

  const std::function<SourceLocation(size_t)>& locate_;
  StaticReads* out_;
  std::vector<std::optional<std::string>> slots_;
};

}  // namespace

void CollectReads(const Ast& root, const std::function<SourceLocation(size_t)>& locate,
                  StaticReads* out) {
  Collector(locate, out).Walk(root);
}

}  // namespace checker::expr
