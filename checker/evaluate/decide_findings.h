#pragma once
// The first step of an audit: every selected rule decided, the manifest's observable claims
// checked, nothing aggregated yet (reviews may still change outcomes; Aggregate follows them).

#include <span>

#include "checker/audit.h"

namespace checker::evaluate {

AuditResult DecideFindings(const RuleSet& rules, std::span<const SelectedRule> selection,
                           const Document& manifest, const AuditOptions& options,
                           const ProbeContext* probes);

}  // namespace checker::evaluate
