#pragma once
// The evidence source `checker audit` options choose (--offline, --replay FILE, or live probes
// with the limits, CA bundle, client identity and redaction they give), and how the audit's input
// problems are said. The sources themselves are in the evaluate module (checker/auditor.h).

#include <memory>

#include "checker/auditor.h"

#include "cli/options.h"

namespace checker::cli {

/// The source the options ask for; nullptr after a message on stderr, with the exit code in
/// `exit`. A replay file is read and parsed here.
std::unique_ptr<EvidenceSource> EvidenceSourceFromOptions(const Args& args, int* exit);

/// Prints a problem the Auditor returned as `checker audit` says it; returns kExitUsage.
int PrintInputProblem(const AuditInputProblem& problem);

}  // namespace checker::cli
