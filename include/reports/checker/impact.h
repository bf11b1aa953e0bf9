#pragma once
// What `checker impact` reports (docs/impact.md): the comparison of two editions (and, with a
// history database, the audits it would change) as a terminal table, a checker-impact JSON document
// or an HTML page.

#include <string>
#include <vector>

#include "checker/edition_comparison.h"

namespace checker {

/// One rule whose decision a vendor's last audit changes under the new edition.
struct RuleImpact {
  std::string rule_id;
  std::string before;  // the rule's status in the recorded audit ("" if it was not selected)
  std::string after;   // its status when re-decided against the new edition
  std::string level;   // its level under the new edition
  std::vector<std::string> reasons;  // why it fails now
  std::string remediation;           // what the vendor has to change
};

/// A vendor's last certificate or audit re-decided against the new edition.
struct VendorImpact {
  std::string vendor_id;
  std::string service_name;
  std::string basis;  // "certificate ID" or "audit ID"
  std::string decision_before, decision_after;
  std::string grade_before, grade_after;
  std::vector<RuleImpact> rules;
  bool Changes() const { return decision_before != decision_after || grade_before != grade_after; }
};

struct ImpactReport {
  std::vector<std::string> from, to;  // the folders as given
  EditionComparison editions;
  bool with_history = false;
  std::string history_basis;  // which audits were re-decided, and why
  std::vector<VendorImpact> vendors;
  std::vector<std::string> notes;  // vendors that could not be re-decided, with why

  bool AnyChange() const;
};

std::string RenderImpactText(const ImpactReport& report);
std::string RenderImpactJson(const ImpactReport& report);
std::string RenderImpactHtml(const ImpactReport& report);

}  // namespace checker
