#pragma once
// checker fleet: the vendors of one run audited by a bounded pool of workers, each vendor's
// reports committed as soon as its audit ends, with a progress line (docs/fleet.md).

#include <functional>
#include <string>
#include <vector>

#include "checker/fleet.h"
#include "checker/history.h"
#include "checker/probe_engine.h"
#include "checker/report.h"

namespace checker::cli {

/// Settings of the run that are the same for every vendor (from the fleet file's defaults and the
/// command line); each vendor's selection, targets and review files come from its entry.
struct FleetSettings {
  std::string rules_dir;
  std::string ca_bundle;    // a vendor's own wins
  std::string client_cert;  // a vendor's own pair wins
  std::string client_key;
  std::vector<std::string> redact;  // every vendor's, before its own
  bool strict = false;              // --strict: every vendor strict
  std::string today;
  std::string generated_at;
  std::string fail_on = "must";
  std::vector<std::string> formats;               // besides json
  ReportForm report_form = ReportForm::kCompact;  // of each vendor's report.json
  /// Limits as `checker audit` spells them (option, value): probe limits, max-evidence-bytes,
  /// max-steps, max-waiver-days.
  std::vector<std::pair<std::string, std::string>> limits;
  std::string out_dir;
  size_t workers = 4;
  HistoryDb* history = nullptr;  // --history: each audited vendor recorded under its fleet id
  /// The run's probe engine, shared by every vendor (--max-in-flight, --per-host, --rate); the
  /// engine itself is made by RunFleetJobs.
  EngineLimits probe_limits;
  ProbeEngine* engine = nullptr;
};

/// One vendor to audit: its entry, its report folder and the hashes of its inputs.
struct FleetJob {
  const FleetVendor* vendor = nullptr;
  std::string folder;  // DIR/vendors/<safe name>
  VendorInputs inputs;
  FleetIndexEntry entry;       // filled as the job ends
  bool output_failed = false;  // its reports could not be written (exit 4)
};

/// The CA bundle, client identity and redaction a vendor's audit uses: its own over the run's.
std::string EffectiveCaBundle(const FleetVendor& vendor, const FleetSettings& settings);
std::pair<std::string, std::string> EffectiveClientIdentity(const FleetVendor& vendor,
                                                            const FleetSettings& settings);

/// The hashes of a vendor's inputs; false with `error` when one cannot be read.
bool HashVendorInputs(const FleetVendor& vendor, const FleetSettings& settings,
                      VendorInputs* inputs, std::string* error);

/// --resume: the entry of an earlier run whose report was made from the same inputs, if its
/// record (DIR/vendors/<safe>.fleet.json) and report.json are both intact.
std::optional<FleetIndexEntry> FinishedEarlier(const FleetJob& job);

/// Audits every job (those with a non-empty entry.status are skipped), `workers` at a time,
/// writing each vendor's reports and record as it ends. Stops starting vendors on SIGINT/SIGTERM;
/// their entries stay "not_run".
void RunFleetJobs(std::vector<FleetJob>& jobs, const FleetSettings& settings);

}  // namespace checker::cli
