#pragma once
// The evidence source `checker audit` options choose (--offline, --replay FILE, or live probes
// with the limits, CA bundle, client identity and redaction they give), and how the audit's input
// problems are said. The sources themselves are in the evaluate module (checker/auditor.h).

#include <memory>
#include <optional>
#include <string>

#include "checker/auditor.h"
#include "checker/probe_engine.h"

#include "cli/options.h"

namespace checker::cli {

/// The source the options ask for; nullptr after a message on stderr, with the exit code in
/// `exit`. A replay file is read and parsed here. Live probes run on `engine` (a fleet's, shared
/// by its vendors), or else on an engine of the source's own with the limits --concurrency,
/// --per-host and --rate give.
std::unique_ptr<EvidenceSource> EvidenceSourceFromOptions(const Args& args, int* exit,
                                                          ProbeEngine* engine = nullptr);

/// --rate: probes per second to one host and port, a number from 0 (unlimited) to 100000.
std::optional<double> ParseRate(const std::string& text);

/// Prints a problem the Auditor returned as `checker audit` says it; returns kExitUsage.
int PrintInputProblem(const AuditInputProblem& problem);

}  // namespace checker::cli
