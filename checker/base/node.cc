#include "checker/node.h"

#include <cmath>
#include <cstdio>

namespace checker {

std::string_view NodeKindName(NodeKind k) {
  switch (k) {
    case NodeKind::kNull:
      return "null";
    case NodeKind::kBool:
      return "bool";
    case NodeKind::kNumber:
      return "number";
    case NodeKind::kString:
      return "string";
    case NodeKind::kList:
      return "list";
    case NodeKind::kMap:
      return "map";
  }
  return "null";
}

const Node* Node::Find(std::string_view key) const {
  if (kind != NodeKind::kMap) return nullptr;
  for (const auto& m : members) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}

const Node* Node::FindPath(std::string_view dotted) const {
  const Node* node = this;
  while (node != nullptr && !dotted.empty()) {
    size_t dot = dotted.find('.');
    node = node->Find(dotted.substr(0, dot));
    if (dot == std::string_view::npos) break;
    dotted.remove_prefix(dot + 1);
  }
  return node;
}

namespace {

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void AppendNumber(std::string& out, double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
    out += std::to_string(static_cast<long long>(v));
    return;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  out += buf;
}

void AppendJson(std::string& out, const Node& n) {
  switch (n.kind) {
    case NodeKind::kNull:
      out += "null";
      break;
    case NodeKind::kBool:
      out += n.boolean ? "true" : "false";
      break;
    case NodeKind::kNumber:
      AppendNumber(out, n.number);
      break;
    case NodeKind::kString:
      AppendJsonString(out, n.text);
      break;
    case NodeKind::kList:
      out += '[';
      for (size_t i = 0; i < n.items.size(); ++i) {
        if (i) out += ',';
        AppendJson(out, n.items[i]);
      }
      out += ']';
      break;
    case NodeKind::kMap:
      out += '{';
      for (size_t i = 0; i < n.members.size(); ++i) {
        if (i) out += ',';
        AppendJsonString(out, n.members[i].key);
        out += ':';
        AppendJson(out, n.members[i].value);
      }
      out += '}';
      break;
  }
}

}  // namespace

std::string FormatNumber(double v) {
  std::string out;
  AppendNumber(out, v);
  return out;
}

std::string NodeToJson(const Node& node) {
  std::string out;
  AppendJson(out, node);
  return out;
}

}  // namespace checker
