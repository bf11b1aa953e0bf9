#pragma once
// What a fleet run and a merge of shards write and print: DIR/fleet.json, DIR/index.html, the
// summary table, and the exit code.

#include <span>
#include <string>
#include <vector>

#include "checker/fleet.h"

namespace checker::cli {

/// Exit code of a fleet run (docs/fleet.md#exit-codes), ignoring interruption and output errors.
inline constexpr int kExitNotAudited = 5;  // some vendors could not be audited
int FleetExitCode(const FleetIndex& index);

/// Writes DIR/fleet.json and DIR/index.html (linking each audited vendor's report.html when
/// `html` was written, else report.json); kExitOk or kExitOutput after a message.
int WriteFleetIndex(const std::string& dir, FleetIndex& index, bool html);

/// The table on stdout: vendor, decision, grade, score, failing rules.
void PrintFleetSummary(const FleetIndex& index);

/// checker fleet merge SHARD_DIR... --out DIR.
int RunFleetMerge(std::span<const std::string> args);

}  // namespace checker::cli
