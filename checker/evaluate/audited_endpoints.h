#pragma once
// The manifest as the audit saw it: its endpoints replaced by the audited ones (--target).

#include <optional>
#include <vector>

#include "checker/audit.h"

namespace checker::evaluate {

/// A copy of the manifest whose `endpoints` are the audited endpoints (manifest entries kept with
/// their positions, targets added without one); nullopt when no --target changed them.
std::optional<Document> WithAuditedEndpoints(const Document& manifest,
                                             const std::vector<Endpoint>& endpoints);

/// Evidence read from a target's synthesised entry says so (source "target", no manifest line).
void MarkTargetEvidence(Finding& finding);

}  // namespace checker::evaluate
