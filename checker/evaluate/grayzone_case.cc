#include "evaluate/grayzone_case.h"

namespace checker::evaluate {

namespace {

std::string TextOf(const Node* n) { return n != nullptr ? n->text : ""; }

bool Unconfirmed(const Node& item) { return TextOf(item.Find("confidence")) == "unconfirmed"; }

LocalizedText Localized(const Node& n) {
  if (n.kind == NodeKind::kString) return {n.text, n.text};
  return {TextOf(n.Find("ja")), TextOf(n.Find("en"))};
}

std::vector<LocalizedText> TextList(const Node& spec, std::string_view key) {
  std::vector<LocalizedText> out;
  if (const Node* list = spec.Find(key); list != nullptr && list->is_list())
    for (const auto& item : list->items) out.push_back(Localized(item));
  return out;
}

}  // namespace

void FillGrayzoneCase(const Node& spec, Finding& f) {
  if (const Node* q = spec.Find("question")) f.legal_question = Localized(*q);
  if (const Node* laws = spec.Find("laws"); laws != nullptr && laws->is_list()) {
    for (const auto& law : laws->items) {
      const Node* name = law.Find("law");
      if (name == nullptr) continue;
      f.laws.push_back(
          {name->text, TextOf(law.Find("article")), TextOf(law.Find("url")), Unconfirmed(law)});
    }
  }
  f.authorities = TextList(spec, "authority");
  f.facts_needed = TextList(spec, "facts_needed");
  f.regulator_options = TextList(spec, "options");
  if (const Node* list = spec.Find("precedents"); list != nullptr && list->is_list()) {
    for (const auto& p : list->items) {
      const Node* summary = p.Find("summary");
      f.precedents.push_back({TextOf(p.Find("id")), summary ? Localized(*summary) : LocalizedText{},
                              TextOf(p.Find("url")), Unconfirmed(p)});
    }
  }
}

}  // namespace checker::evaluate
