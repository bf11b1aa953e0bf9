#pragma once
// SIGINT and SIGTERM. The first one asks the running command to stop at its next safe point:
// probes stop within about 100 ms and no report is committed, so an interrupted run leaves the
// output folder as it was. A second one ends the process at once (the default action).

#include <atomic>
#include <string>

namespace checker::cli {

void InstallInterruptHandlers();
/// Becomes true when SIGINT or SIGTERM arrives (for ProbeOptions::cancel).
const std::atomic<bool>& InterruptFlag();
bool Interrupted();
/// 128 + the signal's number (130 for SIGINT, 143 for SIGTERM), the shell's convention.
int InterruptExitCode();
/// "SIGINT" or "SIGTERM".
std::string InterruptName();

}  // namespace checker::cli
