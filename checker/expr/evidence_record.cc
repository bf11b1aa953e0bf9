// What an evaluation records as evidence: every path it read, once; and for a match found in a
// document list, the matching item in place of the list.

#include <algorithm>

#include "expr/evaluator.h"

namespace checker::expr {

namespace {

constexpr size_t kMaxEvidence = 4096;  // paths recorded per evaluation; reports show far fewer

}  // namespace

bool ReadSet::Insert(const Node* node, const PathText& path) {
  if (!index_.empty()) {
    if (!index_.emplace(node, path.view()).second) return false;
  } else {
    for (const auto& [n, p] : entries_)
      if (n == node && p == path) return false;
    if (entries_.size() + 1 >= kIndexFrom)
      for (const auto& [n, p] : entries_) index_.emplace(n, p.view());
    if (!index_.empty()) index_.emplace(node, path.view());
  }
  entries_.emplace_back(node, path);
  return true;
}

void ReadSet::Erase(const Node* node, std::string_view path) {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const auto& e) { return e.first == node && e.second.view() == path; });
  if (it == entries_.end()) return;
  index_.erase({node, path});  // before the entry that keeps `path` alive goes
  entries_.erase(it);
}

void Evaluator::Record(const Value& v) {
  if (evidence_ == nullptr || v.node == nullptr || v.node->kind == NodeKind::kMap) return;
  if (recorded_.size() >= kMaxEvidence || !recorded_.Insert(v.node, v.path)) return;
  evidence_->push_back({v.path.str(), v.node});
}

// A match found in a document list is that item's doing: the evidence names the item (with its
// own line), where the whole list stood. The list is forgotten as read, so that a later read of
// it (a `false` elsewhere, which the whole list decides) records it again.
void Evaluator::RecordMatch(const Value& list, const Value& item) {
  if (evidence_ == nullptr || item.node == nullptr || item.node->kind == NodeKind::kMap) return;
  if (list.node != nullptr) {
    auto it = std::find_if(evidence_->begin(), evidence_->end(), [&](const EvidenceRef& e) {
      return e.node == list.node && e.path == list.path.view();
    });
    if (it != evidence_->end()) {
      recorded_.Erase(list.node, list.path.view());
      if (recorded_.Insert(item.node, item.path)) {
        *it = {item.path.str(), item.node};
      } else {
        evidence_->erase(it);
      }
      return;
    }
  }
  Record(item);
}

}  // namespace checker::expr
