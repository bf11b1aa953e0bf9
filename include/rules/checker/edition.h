#pragma once
// Two editions of the rule packs side by side (docs/impact.md): loading a new edition that may hold
// only the packs that change, and comparing it with the old one rule by rule. Plain values.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "checker/diagnostic.h"
#include "checker/edition_comparison.h"
#include "checker/rule_set.h"

namespace checker {

/// The old and the new edition. `to` holds the packs of the new edition's folders; every pack,
/// shared check file and profile file of the old edition that the new one does not replace
/// (matched by pack id) carries over unchanged, so a draft of one pack is an edition of its own.
struct Editions {
  RuleSet from;
  RuleSet to;
};

/// Loads both editions; every problem (a folder that does not exist, a file that does not parse, a
/// rule that does not load) is a positioned diagnostic in `sink`. Check sink.has_errors().
Editions LoadEditions(std::span<const std::string> from_paths,
                      std::span<const std::string> to_paths, DiagnosticSink& sink);

EditionComparison CompareEditions(const RuleSet& from, const RuleSet& to);

}  // namespace checker
