#pragma once
// Deciding http, tls and document checks from probe evidence.

#include "checker/audit.h"

namespace checker::evaluate {

/// Fills `d` for a probe check. Without evidence (offline) the outcome is missing_evidence.
void DecideProbeCheck(const Check& check, const Document& manifest, const ProbeContext* probes,
                      const EvalOptions& eval, Decision& d);

}  // namespace checker::evaluate
