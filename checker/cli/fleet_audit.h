#pragma once
// The audit of one vendor of a fleet, its reports committed into its folder.

#include <string>
#include <vector>

#include "checker/fleet.h"

namespace checker::cli {

struct FleetSettings;

struct VendorAuditResult {
  bool audited = false;             // the reports were written
  bool interrupted = false;         // stopped by SIGINT/SIGTERM: nothing written
  int exit_code = 0;                // the audit's: 0 pass, 1 findings; 4 reports not written
  std::vector<std::string> errors;  // why it was not audited
  /// What the index says of an audited vendor (decision, grade, score, failing rules, service
  /// name, profile, outcome counts), taken from the result its report was written from.
  FleetIndexEntry summary;
};

/// Audits `vendor` with the fleet's `settings`, replacing `folder` with its reports (as
/// `checker audit --out folder` does) when the audit completes.
VendorAuditResult AuditVendor(const FleetVendor& vendor, const std::string& folder,
                              const FleetSettings& settings);

/// Kept for the runner: the audits run in this process and stop on its interrupt flag.
void ForwardInterruptToAudits();

}  // namespace checker::cli
