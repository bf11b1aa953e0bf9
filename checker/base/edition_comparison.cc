// The differences between two editions of the rule packs: small queries over the plain values.

#include "checker/edition_comparison.h"

#include <algorithm>

#include "checker/rule_terms.h"

namespace checker {

std::string_view RuleChangeKindName(RuleChangeKind kind) {
  switch (kind) {
    case RuleChangeKind::kAdded:
      return "added";
    case RuleChangeKind::kRemoved:
      return "removed";
    case RuleChangeKind::kChanged:
      return "changed";
  }
  return "changed";
}

bool RuleDifference::Tightened() const {
  for (const auto& f : fields)
    if (f.field == "level") {
      auto before = ParseLevel(f.before), after = ParseLevel(f.after);
      return before && after && static_cast<int>(*after) < static_cast<int>(*before);
    }
  return false;
}

bool PackComparison::Changed() const {
  return !rules.empty() || in_from != in_to || from_version != to_version ||
         from_edition != to_edition;
}

size_t EditionComparison::Count(RuleChangeKind kind) const {
  size_t n = 0;
  for (const auto& p : packs)
    n += static_cast<size_t>(std::count_if(
        p.rules.begin(), p.rules.end(), [&](const RuleDifference& r) { return r.kind == kind; }));
  return n;
}

const RuleDifference* EditionComparison::Find(std::string_view rule_id) const {
  for (const auto& p : packs)
    for (const auto& r : p.rules)
      if (r.rule_id == rule_id) return &r;
  return nullptr;
}

}  // namespace checker
