#pragma once
// The audit history: every audit recorded in one SQLite file (docs/history.md), so that a
// certification body sees each vendor's trend, which vendors regressed since their last audit,
// and can compare any two recorded audits. Several threads and several processes may record
// into the same file at once (WAL, busy timeout); each audit is one transaction, so a crash
// leaves either the whole audit or none of it.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/result.h"
#include "checker/rule_terms.h"

namespace checker {

/// The schema version this build writes (PRAGMA user_version). Older databases are migrated
/// when opened; a newer one is refused.
inline constexpr int kHistorySchemaVersion = 3;

/// A review file (attestations or waivers) an audit applied.
struct ReviewFileHash {
  std::string kind;  // "attestations" or "waivers"
  std::string path;
  std::string sha256;
};

/// What the database needs beyond the AuditResult itself.
struct AuditInputs {
  /// The exact bytes of report.json: its SHA-256 is the audit's id, and the report is archived
  /// (zlib) so that `checker diff` can compare recorded audits. Required.
  std::string report_json;
  std::string report_path;  // where report.json was written
  /// The vendor's key in the history. Empty: the manifest's service.id, else service.name, else
  /// the manifest path.
  std::string vendor_id;
  std::vector<ReviewFileHash> review_files;
  std::string evidence_sha256;  // SHA-256 of evidence.json when probed live; else empty
  /// The manifest's bytes, archived (deduplicated by hash) when they match the subject's
  /// SHA-256, so that a later edition of the packs can re-decide the audit. Optional.
  std::string manifest_text;
};

struct HistoryOptions {
  /// How long a writer waits for another process's transaction before giving up.
  int busy_timeout_ms = 10000;
  bool create = true;  // create the file when it does not exist (else: an error)
  /// Open for reading only (checker history, diff): works on a file or folder that cannot be
  /// written, such as a copy handed to a regulator. Recording then fails; an older schema is
  /// read only if no migration is needed.
  bool read_only = false;
  bool archive_reports = true;  // keep report.json compressed (checker diff --db needs it)
  /// Each recorded audit reaches the disk before Record returns (synchronous = FULL). Off
  /// (NORMAL), a power cut may lose the last audits recorded, never half of one, and recording
  /// is about 2.5 times faster: for a fleet that can record again (--resume).
  bool sync_each_audit = true;
  /// Testing only: called before each statement of a recording with the step's name; returning
  /// false aborts the recording there, as a crash or a full disk would.
  std::function<bool(std::string_view step)> fault_injection;
};

/// One rule's outcome in a recorded audit.
struct RuleOutcomeRecord {
  std::string rule_id;
  std::string pack_id;
  Level level = Level::kMust;
  Outcome outcome = Outcome::kError;
};

/// One audit as the database holds it.
struct AuditRecord {
  std::string audit_id;  // SHA-256 of report.json
  std::string vendor_id;
  std::string vendor_name;
  std::string service_id;
  std::string profile_id;
  std::string manifest_path;
  std::string manifest_format;
  std::string manifest_sha256;
  std::string evidence_sha256;
  std::string tool_version;
  std::string generated_at;
  std::string audit_date;
  std::string probe_mode;
  CertDecision decision = CertDecision::kIncomplete;
  Grade grade = Grade::kF;
  double score = 0;
  std::map<std::string, double> category_scores;
  OutcomeCounts counts;
  uint32_t failing_must = 0;  // must-level rules that fail, err or lack evidence
  std::vector<RuleSource> rule_sources;
  std::vector<ReviewFileHash> review_files;
  std::string report_path;
  std::string recorded_at;
  bool report_archived = false;
};

/// A rule whose outcome differs between two audits (absent: the rule was not in that audit).
struct OutcomeChange {
  std::string rule_id;
  Level level = Level::kMust;
  std::optional<Outcome> before, after;
};

/// What changed from one audit of a vendor to the next.
struct AuditChanges {
  std::vector<OutcomeChange> new_failures;  // now fails, errs or lacks evidence; did not before
  std::vector<OutcomeChange> fixed;         // failed before; not now
  std::vector<OutcomeChange> other;         // any other change of outcome, added or removed rules
  std::vector<std::string> pack_changes;    // "mhlw6 edition 6.0 -> 6.1", "appi added"
  bool decision_worse = false, grade_worse = false;
  bool decision_better = false, grade_better = false;
  bool regression() const { return decision_worse || grade_worse; }
  bool empty() const;
};
AuditChanges CompareAudits(const AuditRecord& before, const std::vector<RuleOutcomeRecord>& b,
                           const AuditRecord& after, const std::vector<RuleOutcomeRecord>& a);
/// The changes in words, one line each, unescaped (the caller escapes for where it shows them).
std::vector<std::string> DescribeChanges(const AuditRecord& before, const AuditRecord& after,
                                         const AuditChanges& changes);

/// A vendor's latest audit beside the one before it, when the decision or grade worsened.
struct Regression {
  AuditRecord previous, latest;
  AuditChanges changes;
};

struct VendorSummary {
  std::string vendor_id, vendor_name;
  uint32_t audits = 0;
  AuditRecord latest;
};

struct RecordResult {
  std::string audit_id;
  bool already_recorded = false;  // the same report.json was recorded before: nothing changed
};

/// One entry of the certificate log: an event as the canonical JSON line the registry's
/// transparency log publishes (the registry module gives it meaning).
struct CertificateLogEntry {
  int64_t seq = 0;  // 1, 2, ... in the order recorded
  std::string certificate_id;
  std::string entry;
  std::string recorded_at;
};

struct MergeResult {
  uint32_t audits_added = 0, audits_already_present = 0;
};

/// The history database. Movable; one object may be used from several threads (calls are
/// serialised); other processes may use the same file at the same time. Every error is a
/// message that starts with the database's path.
class HistoryDb {
 public:
  static std::optional<HistoryDb> Open(const std::string& path, const HistoryOptions& options,
                                       std::string* error);
  HistoryDb(HistoryDb&&) noexcept;
  HistoryDb& operator=(HistoryDb&&) noexcept;
  ~HistoryDb();

  const std::string& path() const;
  int schema_version() const;  // as found on opening (before any migration)

  /// Records one audit in one transaction. Recording the same report.json again changes nothing.
  std::optional<RecordResult> Record(const AuditResult& result, const AuditInputs& inputs,
                                     std::string* error);

  /// Every vendor with its latest audit, by vendor id.
  std::optional<std::vector<VendorSummary>> Vendors(std::string* error);
  /// A vendor's audits, oldest first (by generated_at, then audit id).
  std::optional<std::vector<AuditRecord>> Audits(std::string_view vendor_id, std::string* error);
  std::optional<std::vector<RuleOutcomeRecord>> Outcomes(std::string_view audit_id,
                                                         std::string* error);
  /// Vendors whose latest audit has a worse decision or grade than the one before, by vendor id.
  std::optional<std::vector<Regression>> Regressions(std::string* error);

  /// An audit named on the command line: `VENDOR@N` (the N-th audit of VENDOR, 1 = oldest, as
  /// `checker history VENDOR` numbers them), `VENDOR@latest`, `VENDOR@previous`,
  /// `VENDOR@YYYY-MM-DD` (its last audit of that day), or an audit id or a unique prefix of at
  /// least 8 hex digits. Returns the audit id.
  std::optional<std::string> Resolve(std::string_view ref, std::string* error);
  /// The archived report.json of an audit, as it was written.
  std::optional<std::string> ReportJson(std::string_view audit_id, std::string* error);
  /// The archived manifest whose SHA-256 an audit recorded (AuditRecord::manifest_sha256), for
  /// re-deciding the audit against another edition of the packs.
  std::optional<std::string> ManifestText(std::string_view sha256, std::string* error);

  /// The certificate log, in the order recorded.
  std::optional<std::vector<CertificateLogEntry>> CertificateLog(std::string* error);
  /// Appends an entry in one transaction, after `refuse` (given every entry recorded so far,
  /// read inside the transaction, so that two writers cannot both pass it) returns "". A refusal
  /// is returned in `error` as it is. Returns the entry's seq.
  std::optional<int64_t> AppendCertificateEntry(
      std::string_view certificate_id, std::string_view entry,
      const std::function<std::string(const std::vector<CertificateLogEntry>&)>& refuse,
      std::string* error);

  /// Imports every audit of the shard databases that this one does not hold (by audit id, so a
  /// merge can be repeated), each shard in one transaction. An older shard is migrated first.
  std::optional<MergeResult> Merge(const std::vector<std::string>& shard_dbs, std::string* error);

 private:
  struct Impl;
  // The archived bytes of `kind` with this SHA-256; else `missing` in `error`.
  std::optional<std::string> Archived(std::string_view kind, std::string_view sha256,
                                      const std::string& missing, std::string* error);
  explicit HistoryDb(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace checker
