#pragma once
// Comparing two audits of the same service: what regressed, what was fixed, what evidence changed,
// and whether the decision moved. A vendor's CI fails on a regression; a certification body sees
// what changed between surveillance audits.

#include <string>
#include <vector>

#include "checker/result.h"

namespace checker {

struct FindingChange {
  std::string rule_id;
  std::string title;
  Outcome before = Outcome::kPass;
  Outcome after = Outcome::kPass;
  std::string message;  // the new finding's message
};

struct AuditDiff {
  std::vector<FindingChange> new_failures;  // was not failing, now fails, errs or lacks evidence
  std::vector<FindingChange> fixed;         // was failing, now passes, is waived or does not apply
  std::vector<FindingChange> changed;       // other outcome changes
  std::vector<FindingChange> evidence_changed;  // same outcome, different evidence values
  std::vector<std::string> added_rules, removed_rules;
  CertDecision decision_before = CertDecision::kIncomplete,
               decision_after = CertDecision::kIncomplete;
  Grade grade_before = Grade::kF, grade_after = Grade::kF;
  bool regression() const;  // new failures, or a worse decision
};

AuditDiff DiffAudits(const AuditResult& before, const AuditResult& after);
std::string RenderDiffText(const AuditDiff& d);
std::string RenderDiffJson(const AuditDiff& d);
std::string RenderDiffMarkdown(const AuditDiff& d);

}  // namespace checker
