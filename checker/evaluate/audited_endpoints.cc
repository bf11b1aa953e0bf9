// Manifest rules that read `endpoints` (web.endpoints.https-only) judge the endpoints the audit
// actually examined: when --target changed them, the rules see the targets, not the manifest's
// unaudited URLs, and their evidence says it came from a target.

#include "evaluate/audited_endpoints.h"

namespace checker::evaluate {

namespace {

Node Text(std::string s) {
  Node n;
  n.kind = NodeKind::kString;
  n.text = std::move(s);
  return n;
}

const Node* ManifestItem(const Node* list, const Endpoint& e) {
  if (list == nullptr || !list->is_list()) return nullptr;
  for (const auto& item : list->items) {
    const Node* url = item.Find("url");
    if (url != nullptr && url->text == e.url && url->position.line == e.location.line &&
        url->position.column == e.location.column)
      return &item;
  }
  return nullptr;
}

}  // namespace

std::optional<Document> WithAuditedEndpoints(const Document& manifest,
                                             const std::vector<Endpoint>& endpoints) {
  bool targeted = false;
  for (const auto& e : endpoints) targeted = targeted || !e.location.known();
  if (!targeted) return std::nullopt;
  const Node* declared = manifest.root.Find("endpoints");
  Node list;
  list.kind = NodeKind::kList;  // no position: the list is the audit's, not the manifest's
  for (const auto& e : endpoints) {
    if (const Node* item = ManifestItem(declared, e)) {
      list.items.push_back(*item);
      continue;
    }
    Node item;
    item.kind = NodeKind::kMap;
    item.members.push_back({"url", {}, Text(e.url)});
    if (!e.http_url.empty()) item.members.push_back({"http_url", {}, Text(e.http_url)});
    item.members.push_back({"purpose", {}, Text(e.purpose)});
    list.items.push_back(std::move(item));
  }
  Document audited = manifest;
  audited.root.kind = NodeKind::kMap;
  bool replaced = false;
  for (auto& m : audited.root.members) {
    if (m.key != "endpoints") continue;
    m.value = std::move(list);
    replaced = true;
  }
  if (!replaced) audited.root.members.push_back({"endpoints", {}, std::move(list)});
  return audited;
}

void MarkTargetEvidence(Finding& finding) {
  for (auto& e : finding.evidence)
    if (e.source == "manifest" && !e.location.known() && e.path.rfind("endpoints", 0) == 0)
      e.source = "target";
}

}  // namespace checker::evaluate
