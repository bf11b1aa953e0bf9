#pragma once
// Evaluation: decides each selected rule against a manifest (and, later, probe evidence) and
// gathers the findings into an AuditResult. No global state: audits may run concurrently.

#include <span>
#include <string>

#include "checker/document.h"
#include "checker/result.h"
#include "checker/rule_set.h"

namespace checker {

struct AuditOptions {
  std::string profile_id;    // recorded in the result
  std::string generated_at;  // ISO 8601; empty = now (tests pass a fixed value)
};

/// Evaluates one rule against a manifest. Reentrant.
Finding EvaluateRule(const SelectedRule& selected, const Document& manifest);

/// Evaluates every selected rule. Reentrant.
AuditResult RunAudit(const RuleSet& rules, std::span<const SelectedRule> selection,
                     const Document& manifest, const AuditOptions& options);

}  // namespace checker
