#pragma once
// The evidence behind endpoint rules for `checker audit`: probed live (within the declared scope
// and the address policy), replayed from a recorded evidence.json bound to the manifest's
// endpoints, or none (offline).

#include <string>
#include <vector>

#include "checker/audit.h"
#include "checker/document.h"
#include "checker/probe.h"

#include "cli/options.h"

namespace checker::cli {

struct ProbeRun {
  std::string mode = "offline";
  ProbeEvidence evidence;
  ProbeContext context;
  std::vector<std::string> scope;
  double seconds = 0;
};

/// Fills `run` as the options say (--offline, --replay, or live probes); kExitOk, or an exit code
/// after a message on stderr.
int CollectEvidence(const Args& args, const std::vector<SelectedRule>& selection,
                    const Document& manifest, ProbeRun* run);

}  // namespace checker::cli
