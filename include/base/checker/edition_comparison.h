#pragma once
// The differences between two editions of the rule packs, as plain values (docs/impact.md):
// computed by the rules module (checker/edition.h), rendered by reports (checker/impact.h).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace checker {

enum class RuleChangeKind : uint8_t { kAdded, kRemoved, kChanged };
std::string_view RuleChangeKindName(RuleChangeKind kind);  // "added", "removed", "changed"

/// One property of a rule that differs: "level", "severity", "check", "applies_when", "citation",
/// "title", "description", "remediation", "absent"; `before`/`after` as written in the packs.
struct FieldChange {
  std::string field;
  std::string before;
  std::string after;
};

struct RuleDifference {
  std::string rule_id;
  RuleChangeKind kind = RuleChangeKind::kChanged;
  std::string title_en;             // of the new rule (of the old one when removed)
  std::vector<FieldChange> fields;  // kChanged only

  /// The level went up (should -> must, may -> should): a rule that passed nothing new may now
  /// block a decision it only advised on before.
  bool Tightened() const;
};

/// One pack in either edition. A pack only in the new edition has `in_from` false and every rule
/// added; one only in the old edition has `in_to` false and every rule removed.
struct PackComparison {
  std::string pack_id;
  bool in_from = false;
  bool in_to = false;
  std::string from_version, to_version;
  std::string from_edition, to_edition;  // the guideline's edition (pack.source.edition)
  std::vector<RuleDifference> rules;     // added, removed, then changed; each in file order

  bool Changed() const;  // any rule differs, or the version or edition does
};

struct EditionComparison {
  std::vector<PackComparison> packs;  // every pack that changed, in the new edition's load order
  size_t unchanged_packs = 0;

  bool empty() const { return packs.empty(); }
  size_t Count(RuleChangeKind kind) const;
  /// The difference recorded for a rule id, or nullptr.
  const RuleDifference* Find(std::string_view rule_id) const;
};

}  // namespace checker
