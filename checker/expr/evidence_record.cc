// What an evaluation records as evidence: every path it read, once; and for a match found in a
// document list, the matching item in place of the list.

#include <algorithm>

#include "expr/evaluator.h"

namespace checker::expr {

namespace {

constexpr size_t kMaxEvidence = 4096;  // paths recorded per evaluation; reports show far fewer

}  // namespace

void Evaluator::Record(const Value& v) {
  if (evidence_ == nullptr || v.node == nullptr || v.node->kind == NodeKind::kMap) return;
  // A hash set: a comprehension over a large body records thousands of paths.
  if (recorded_.size() >= kMaxEvidence || !recorded_.emplace(v.node, v.path).second) return;
  evidence_->push_back({v.path, v.node});
}

// A match found in a document list is that item's doing: the evidence names the item (with its
// own line), where the whole list stood. The list is forgotten as read, so that a later read of
// it (a `false` elsewhere, which the whole list decides) records it again.
void Evaluator::RecordMatch(const Value& list, const Value& item) {
  if (evidence_ == nullptr || item.node == nullptr || item.node->kind == NodeKind::kMap) return;
  if (list.node != nullptr) {
    auto it = std::find_if(evidence_->begin(), evidence_->end(), [&](const EvidenceRef& e) {
      return e.node == list.node && e.path == list.path;
    });
    if (it != evidence_->end()) {
      recorded_.erase({list.node, list.path});
      if (recorded_.emplace(item.node, item.path).second) {
        *it = {item.path, item.node};
      } else {
        evidence_->erase(it);
      }
      return;
    }
  }
  Record(item);
}

}  // namespace checker::expr
