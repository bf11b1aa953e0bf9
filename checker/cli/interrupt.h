#pragma once
// SIGINT and SIGTERM. The first one asks the running command to stop at its next safe point:
// probes stop within about 100 ms and no report is committed, so an interrupted run leaves the
// output folder as it was. A second one ends the process at once (the default action), except
// while reports are being committed (CommitGuard): then right after the commit or its rollback.
// SIGXFSZ is ignored, so that a file size limit fails the write (exit 4) instead of the process.

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

/// While one lives, a second SIGINT/SIGTERM is held back until it is destroyed, so that a commit
/// of the reports (or its rollback) is never cut half-way.
class CommitGuard {
 public:
  CommitGuard();
  ~CommitGuard();
  CommitGuard(const CommitGuard&) = delete;
  CommitGuard& operator=(const CommitGuard&) = delete;
};

}  // namespace checker::cli
