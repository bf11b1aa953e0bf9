#include "expr/value.h"

#include <cmath>

namespace checker::expr {

Value Value::FromNode(const Node& n, PathText path) {
  Value v;
  v.node = &n;
  v.path = std::move(path);
  switch (n.kind) {
    case NodeKind::kNull:
      v.kind = Kind::kNull;
      break;
    case NodeKind::kBool:
      v.kind = Kind::kBool, v.boolean = n.boolean;
      break;
    case NodeKind::kNumber:
      v.kind = Kind::kNumber, v.number = n.number;
      break;
    case NodeKind::kString:
      v.kind = Kind::kString, v.string = n.text;
      break;
    case NodeKind::kList:
      v.kind = Kind::kList;
      break;
    case NodeKind::kMap:
      v.kind = Kind::kMap;
      break;
  }
  return v;
}

size_t Value::ListSize() const {
  if (list) return list->size();
  return node != nullptr ? node->items.size() : 0;
}

Value Value::ListAt(size_t i) const {
  if (list) return (*list)[i];
  std::string item_path;
  item_path.reserve(path.size() + 8);
  item_path.append(path.view()).append("[").append(std::to_string(i)).append("]");
  return FromNode(node->items[i], PathText(std::move(item_path)));
}

const char* KindName(Value::Kind k) {
  switch (k) {
    case Value::Kind::kMissing:
      return "missing";
    case Value::Kind::kError:
      return "error";
    case Value::Kind::kNull:
      return "null";
    case Value::Kind::kBool:
      return "bool";
    case Value::Kind::kNumber:
      return "number";
    case Value::Kind::kString:
      return "string";
    case Value::Kind::kList:
      return "list";
    case Value::Kind::kMap:
      return "map";
  }
  return "?";
}

bool Equal(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Value::Kind::kNull:
      return true;
    case Value::Kind::kBool:
      return a.boolean == b.boolean;
    case Value::Kind::kNumber:
      return a.number == b.number;
    case Value::Kind::kString:
      return a.string == b.string;
    case Value::Kind::kList: {
      if (a.ListSize() != b.ListSize()) return false;
      for (size_t i = 0; i < a.ListSize(); ++i)
        if (!Equal(a.ListAt(i), b.ListAt(i))) return false;
      return true;
    }
    case Value::Kind::kMap:
      return a.node == b.node || NodeToJson(*a.node) == NodeToJson(*b.node);
    default:
      return false;
  }
}

std::string Describe(const Value& v) {
  std::string out = KindName(v.kind);
  if (!v.path.empty()) out.append(" at '").append(v.path.view()).append("'");
  return out;
}

}  // namespace checker::expr
