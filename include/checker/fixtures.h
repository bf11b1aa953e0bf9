#pragma once
// Rule fixtures: every machine-checked rule ships cases that must pass and cases that must fail
// (docs/rule-format.md, "Fixtures"). `checker test-rules` runs them all, as Falco and Checkov test
// their rules, so a rule that silently stops deciding what it should is caught.

#include <string>
#include <string_view>
#include <vector>

#include "checker/diagnostic.h"
#include "checker/result.h"
#include "checker/rule_set.h"

namespace checker {

/// The audit date fixtures are evaluated against, unless a fixture names its own (`today:`).
inline constexpr std::string_view kFixtureAuditDate = "2026-01-31";

struct FixtureResult {
  std::string rule_id;
  SourceLocation location;  // of the fixture
  Outcome expected = Outcome::kPass;
  Outcome actual = Outcome::kError;
  std::string message;  // the rule's message for the fixture
  bool ok() const { return expected == actual; }
};

struct FixtureRun {
  std::vector<FixtureResult> results;
  /// Machine-checked rules (manifest, grayzone, http, tls, document) lacking a passing or a
  /// failing fixture ("not_applicable" and "legal_review" count for gray-zone rules).
  std::vector<std::string> rules_without_pass;
  std::vector<std::string> rules_without_fail;
  size_t failures() const;
};

/// Reads every `fixtures/*.yaml` of each loaded pack's folder and runs it. Malformed fixture
/// files are diagnostics.
FixtureRun RunRuleFixtures(const RuleSet& rules, DiagnosticSink& sink);

}  // namespace checker
