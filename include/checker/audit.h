#pragma once
// Evaluation: decides each selected rule against a manifest (and, later, probe evidence) and
// gathers the findings into an AuditResult. No global state: audits may run concurrently.

#include <span>
#include <string>
#include <vector>

#include "checker/document.h"
#include "checker/result.h"
#include "checker/rule_set.h"

namespace checker {

struct AuditOptions {
  std::string profile_id;    // recorded in the result
  std::string generated_at;  // ISO 8601; empty = now (tests pass a fixed value)
  std::string tool_version;
  /// Findings at this level or stricter (must < should < may) make the exit code 1 when they
  /// fail, err or lack evidence.
  Level fail_on = Level::kMust;
};

/// True for the outcomes that count against a rule: fail, error, missing_evidence.
bool IsFailing(Outcome o);
/// The current time as ISO 8601 UTC ("2026-01-31T12:00:00Z").
std::string NowIso8601();

/// The verdict on one rule, without the rule's descriptive fields.
struct Decision {
  Outcome outcome = Outcome::kError;
  std::string message;
  std::vector<Evidence> evidence;
  std::vector<std::string> missing_paths;
};

/// Decides one rule against a manifest (the hot path of an audit). Reentrant.
Decision DecideRule(const Rule& rule, const Document& manifest);

/// Evaluates one rule against a manifest into a finding for reports. Reentrant.
Finding EvaluateRule(const SelectedRule& selected, const Document& manifest);

/// Evaluates every selected rule. Reentrant.
AuditResult RunAudit(const RuleSet& rules, std::span<const SelectedRule> selection,
                     const Document& manifest, const AuditOptions& options);

}  // namespace checker
