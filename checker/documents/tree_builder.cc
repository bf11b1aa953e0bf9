#include "documents/tree_builder.h"

#include <functional>

namespace checker::documents {

namespace {
constexpr size_t kIndexedFrom = 16;  // members; below this a scan is cheaper than hashing
}  // namespace

TreeBuilder::TreeBuilder(std::string_view source_name, const LineIndex& index,
                         const DocumentLimits& limits, DiagnosticSink& sink)
    : source_name_(source_name), index_(index), limits_(limits), sink_(sink) {}

bool TreeBuilder::ExpectingKey() const {
  return !stack_.empty() && stack_.back().node.kind == NodeKind::kMap && !stack_.back().has_key;
}

Position TreeBuilder::PositionOf(size_t offset) const {
  SourceLocation loc = index_.Locate(source_name_, base_offset_ + offset);
  return {loc.line, loc.column};
}

SourceLocation TreeBuilder::LocationOf(size_t offset) const {
  return index_.Locate(source_name_, base_offset_ + offset);
}

bool TreeBuilder::CountNodes(size_t n, size_t offset) {
  node_count_ += n;
  if (node_count_ > limits_.max_nodes) {
    if (!limit_hit_) {
      sink_.Error(DiagCode::kNodeLimit, LocationOf(offset),
                  "document has more than " + std::to_string(limits_.max_nodes) +
                      " values (limit max_nodes)");
    }
    limit_hit_ = failed_ = true;
    return false;
  }
  return true;
}

bool TreeBuilder::BeginMap(size_t offset) {
  if (!CountNodes(1, offset)) return false;
  if (stack_.size() >= limits_.max_depth) {
    sink_.Error(
        DiagCode::kDepthLimit, LocationOf(offset),
        "nesting deeper than " + std::to_string(limits_.max_depth) + " levels (limit max_depth)");
    limit_hit_ = failed_ = true;
    return false;
  }
  Frame frame;
  frame.node.kind = NodeKind::kMap;
  frame.node.position = PositionOf(offset);
  stack_.push_back(std::move(frame));
  return true;
}

bool TreeBuilder::BeginList(size_t offset) {
  if (!BeginMap(offset)) return false;
  stack_.back().node.kind = NodeKind::kList;
  return true;
}

bool TreeBuilder::End() {
  if (stack_.empty()) return true;
  Node node = std::move(stack_.back().node);
  stack_.pop_back();
  return Place(std::move(node));
}

bool TreeBuilder::Key(std::string key, size_t offset) {
  if (stack_.empty() || stack_.back().node.kind != NodeKind::kMap) return true;
  Frame& frame = stack_.back();
  Position where = PositionOf(offset);
  const Member* first = nullptr;
  auto& members = frame.node.members;
  if (members.size() < kIndexedFrom) {
    for (const auto& m : members) {
      if (m.key != key) continue;
      first = &m;
      break;
    }
  } else {
    if (frame.key_index.empty())
      for (size_t i = 0; i < members.size(); ++i) frame.key_index.emplace(members[i].key, i);
    if (auto it = frame.key_index.find(key); it != frame.key_index.end())
      first = &members[it->second];
    else
      frame.key_index.emplace(key, members.size());  // the member this key is about to become
  }
  if (first != nullptr) {
    sink_.Error(DiagCode::kDuplicateKey, LocationOf(offset),
                "duplicate key '" + key + "' (first defined at line " +
                    std::to_string(first->key_position.line) + ")");
    failed_ = true;  // keep parsing: report every duplicate
  }
  frame.pending_key = std::move(key);
  frame.pending_key_position = where;
  frame.has_key = true;
  return true;
}

bool TreeBuilder::Value(Node scalar, size_t offset) {
  if (!CountNodes(1, offset)) return false;
  if (scalar.kind == NodeKind::kString && scalar.text.size() > limits_.max_string_bytes) {
    sink_.Error(DiagCode::kSizeLimit, LocationOf(offset),
                "string of " + std::to_string(scalar.text.size()) + " bytes exceeds the limit of " +
                    std::to_string(limits_.max_string_bytes) + " (limit max_string_bytes)");
    failed_ = true;
    return false;
  }
  scalar.position = PositionOf(offset);
  return Place(std::move(scalar));
}

bool TreeBuilder::Insert(const Node& subtree, size_t offset) {
  size_t count = 0;
  uint32_t depth = 0;
  std::function<void(const Node&, uint32_t)> walk = [&](const Node& n, uint32_t d) {
    ++count;
    depth = std::max(depth, d);
    for (const auto& item : n.items) walk(item, d + 1);
    for (const auto& m : n.members) walk(m.value, d + 1);
  };
  walk(subtree, 0);
  if (!CountNodes(count, offset)) return false;
  if (stack_.size() + depth > limits_.max_depth) {
    sink_.Error(DiagCode::kDepthLimit, LocationOf(offset),
                "alias expands to nesting deeper than " + std::to_string(limits_.max_depth) +
                    " levels (limit max_depth)");
    limit_hit_ = failed_ = true;
    return false;
  }
  Node copy = subtree;
  return Place(std::move(copy));
}

bool TreeBuilder::Place(Node node) {
  if (stack_.empty()) {
    root_ = std::move(node);
    last_completed_ = &*root_;
    return true;
  }
  Frame& parent = stack_.back();
  if (parent.node.kind == NodeKind::kList) {
    parent.node.items.push_back(std::move(node));
    last_completed_ = &parent.node.items.back();
  } else {
    parent.node.members.push_back(
        Member{std::move(parent.pending_key), parent.pending_key_position, std::move(node)});
    parent.has_key = false;
    last_completed_ = &parent.node.members.back().value;
  }
  return true;
}

std::optional<Node> TreeBuilder::Finish() {
  if (failed_) return std::nullopt;
  if (!root_) return Node{};
  return std::move(root_);
}

}  // namespace checker::documents
