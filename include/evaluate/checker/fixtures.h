#pragma once
// Rule fixtures: every machine-checked rule ships cases that must pass and cases that must fail
// (docs/rule-format.md, "Fixtures"). `checker test-rules` runs them all, as Falco and Checkov test
// their rules, so a rule that silently stops deciding what it should is caught.

#include <string>
#include <string_view>
#include <vector>

#include "checker/diagnostic.h"
#include "checker/document.h"
#include "checker/manifest_schema.h"
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

/// A case generated from a passing fixture: one path the rule read is removed from the fixture's
/// manifest (or from its observation, for http, tls and document checks) and the rule decided
/// again. Absent evidence must never pass: a manifest path's absence must give
/// `missing_evidence` (or `fail` when the rule declares `absent: {verdict: fail}`); an
/// observation field's absence must give `fail` (an absent response field is an absent feature)
/// or `missing_evidence`.
struct AbsenceCase {
  std::string rule_id;
  SourceLocation location;        // of the passing fixture the case was made from
  std::string removed_path;       // as the evaluation named it, e.g. "auth.password.min_length"
  bool from_observation = false;  // removed from the response/tls document, not the manifest
  Outcome actual = Outcome::kError;
  std::string message;  // the rule's message for the case
  bool ok = false;
};

struct FixtureRun {
  std::vector<FixtureResult> results;
  std::vector<AbsenceCase> absence_cases;
  /// Machine-checked rules (manifest, grayzone, http, tls, document) lacking a passing or a
  /// failing fixture ("not_applicable" and "legal_review" count for gray-zone rules).
  std::vector<std::string> rules_without_pass;
  std::vector<std::string> rules_without_fail;
  size_t failures() const;  // wrong fixtures, failing absence cases, rules lacking a case
};

/// The absence cases of one passing fixture: every path the rule read (in applies_when and in the
/// check) is removed in turn. `observation` is the fixture's response or tls document (probe
/// checks), else nullptr. The fixture's own location is left for the caller to fill in.
std::vector<AbsenceCase> GenerateAbsenceCases(const Rule& rule, const Document& manifest,
                                              const Node* observation,
                                              const EvalOptions& eval = {});

/// Removes the node at an evaluation path ("a.b", "a[\"k-1\"].c", "a[2].b") from `root`.
/// Returns false when the path does not exist, or ends at a list element or a projection.
bool RemovePath(Node& root, std::string_view path);

/// Reads every `fixtures/*.yaml` of each loaded pack's folder and runs it. Malformed fixture
/// files are diagnostics. With a schema, every fixture's manifest is checked against it as
/// `checker audit --strict` would (a key or value outside the vocabulary is an error at its
/// position), so fixtures cannot test what no real manifest may say.
FixtureRun RunRuleFixtures(const RuleSet& rules, DiagnosticSink& sink,
                           const ManifestSchema* schema = nullptr);

}  // namespace checker
