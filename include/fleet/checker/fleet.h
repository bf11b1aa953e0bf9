#pragma once
// Fleet audits (docs/fleet.md): the fleet file that lists the vendors to audit in one run, the
// safe folder names of vendor ids, the stable partition of a fleet into shards, the hashes of
// each vendor's inputs (for --resume) and the fleet index (fleet.json) a run and a merge write.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/diagnostic.h"

namespace checker {

/// Settings every vendor shares unless its own entry says otherwise. Paths are resolved against
/// the fleet file's folder. Empty strings and nullopt mean "not given" (the CLI's default).
struct FleetDefaults {
  std::string profile;
  std::vector<std::string> packs;
  std::string rules_dir;
  std::string ca_bundle;
  std::optional<bool> allow_private;
  std::optional<bool> offline;
  std::string today;         // YYYY-MM-DD
  std::string generated_at;  // ISO 8601 UTC
  std::string fail_on;       // must, should or may
  // Probe limits, as `checker audit` spells them (whole numbers).
  std::optional<uint64_t> timeout_ms;
  std::optional<uint64_t> deadline_ms;
  std::optional<uint64_t> concurrency;
  std::optional<uint64_t> max_body;
  std::optional<uint64_t> max_evidence_bytes;
  std::optional<uint64_t> max_steps;
  std::optional<uint64_t> max_waiver_days;
  std::optional<bool> strict;  // a manifest key outside the manifest schema keeps the vendor out
  std::string client_cert;     // PEM files, as --client-cert and --client-key
  std::string client_key;
  std::vector<std::string> redact;  // RE2 patterns, as --redact
};

/// One vendor of the fleet, as the fleet file gives it, defaults applied.
struct FleetVendor {
  std::string id;
  std::string safe_name;  // the folder under DIR/vendors (SafeVendorName)
  SourceLocation where;   // the entry (or the glob that found its manifest)
  bool from_glob = false;
  std::string manifest;  // path
  std::string profile;
  std::vector<std::string> packs;
  std::vector<std::string> targets;  // "[PURPOSE=]URL", as --target takes them
  std::vector<std::string> attestations;
  std::vector<std::string> waivers;
  bool allow_private = false;
  bool offline = false;
  bool strict = false;
  /// The vendor's own; empty: the run's (defaults or command line).
  std::string ca_bundle;
  std::string client_cert;
  std::string client_key;
  std::string replay;               // evidence.json to decide from instead of probing
  std::vector<std::string> redact;  // added to the run's patterns
  /// Why this vendor cannot be audited (positioned errors); empty when it can.
  std::vector<Diagnostic> problems;
  bool auditable() const { return problems.empty(); }
};

struct FleetFile {
  std::string path;
  std::string sha256;  // of the file's bytes
  FleetDefaults defaults;
  std::vector<FleetVendor> vendors;  // in file order; glob matches sorted by path
};

/// Reads and validates a fleet file (YAML or JSON). Problems of the file as a whole (syntax, an
/// unknown or mistyped top-level or default key) go to `sink` and return nullopt: nothing can be
/// audited. Problems of one vendor (a missing manifest, a duplicate id, an id that cannot be made
/// a safe name, an unreadable review file, a bad key in its entry) go to that vendor's `problems`
/// (and to `sink`), so that the rest of the fleet is still audited.
std::optional<FleetFile> LoadFleetFile(const std::string& path, DiagnosticSink& sink);

/// The folder name of a vendor id: ASCII letters (lowercased), digits, '-', '_' and '.' kept,
/// anything else replaced by '-'; when that changed the id (or lost its case), a short hash of
/// the id is appended so that distinct ids never share a folder. nullopt (with `why`) for ids
/// that cannot be made safe: empty, longer than 128 bytes, invalid UTF-8 or control characters.
std::optional<std::string> SafeVendorName(std::string_view id, std::string* why);

/// Which of `count` shards audits the vendor `id`: rendezvous (highest-random-weight) hashing
/// over SHA-256(id, shard). A vendor's shard depends on its id and `count` only, so adding or
/// removing vendors moves no other vendor, and going from N to N+1 shards moves about 1/(N+1).
uint32_t ShardOf(std::string_view id, uint32_t count);

struct ShardSpec {
  uint32_t index = 0;
  uint32_t count = 1;
};
/// Parses "I/N" (0 <= I < N <= 10000); nullopt with `why` otherwise.
std::optional<ShardSpec> ParseShard(std::string_view text, std::string* why);
/// The shard Kubernetes gives an Indexed Job's pod: JOB_COMPLETION_INDEX with the completion
/// count from CHECKER_SHARDS (the Job spec sets it: the downward API does not expose
/// .spec.completions). nullopt when JOB_COMPLETION_INDEX is unset; `why` set when the variables
/// are present but wrong (a missing count, an index out of range).
std::optional<ShardSpec> ShardFromEnvironment(std::string* why);

/// The hashes that identify one vendor's audit: a report made from the same hashes is the same
/// audit, so --resume keeps it.
struct VendorInputs {
  std::string manifest_sha256;
  std::string rules_sha256;    // of the selected packs (their files' hashes)
  std::string review_sha256;   // of the review files, in order
  std::string options_sha256;  // of every option that changes the report
  std::string Combined() const;
};

/// A vendor's line in fleet.json.
struct FleetIndexEntry {
  std::string id;
  std::string folder;        // relative to the index: vendors/<safe name>
  std::string status;        // "audited", "error" (not audited: see errors), "not_run"
  std::string service_name;  // as the report names the service (its manifest path when unnamed)
  std::string profile;
  std::string decision, grade;
  double score = 0;
  std::map<std::string, uint32_t> outcome_counts;  // "pass" -> 120, ... (the report's counts)
  int exit_code = 0;                               // of the vendor's audit: 0 pass, 1 findings
  std::vector<std::string> failing_rules;
  std::string inputs_sha256;
  VendorInputs inputs;
  std::string report_sha256;  // of report.json as written
  std::vector<std::string> errors;
  bool resumed = false;  // kept from an earlier run by --resume
};

struct FleetIndex {
  std::string tool_version;
  std::string fleet_file;
  std::string fleet_sha256;
  std::string generated_at;
  std::optional<ShardSpec> shard;  // absent for an unsharded run and a merge
  std::vector<std::string> merged_from;
  std::string history;  // the history database the vendors were recorded in (absolute path)
  std::vector<FleetIndexEntry> vendors;  // sorted by id
};

std::string FleetIndexToJson(const FleetIndex& index);
/// Reads fleet.json back (hostile: every field checked); nullopt with `error`.
std::optional<FleetIndex> FleetIndexFromJson(std::string_view text, std::string* error);

}  // namespace checker
