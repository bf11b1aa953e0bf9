#pragma once
// HistoryDb's state, shared by the files that implement its calls.

#include <mutex>
#include <optional>
#include <string>

#include "checker/history.h"

#include "history/sqlite.h"

namespace checker {

struct HistoryDb::Impl {
  Impl(std::string path, HistoryOptions options, history::Connection db)
      : path(std::move(path)), options(std::move(options)), db(std::move(db)) {}
  /// The connection, read-write or read-only as `options` say; throws SqlError.
  static std::unique_ptr<Impl> Open(const std::string& path, const HistoryOptions& options);
  std::string path;
  HistoryOptions options;
  history::Connection db;
  int schema_version = 0;
  std::mutex mutex;  // one call at a time on the connection

  /// Runs `work` under the lock; a SqlError becomes "PATH: what it means" in `error`.
  template <class Work>
  auto Guarded(std::string* error, Work work) -> std::optional<decltype(work())> {
    std::lock_guard lock(mutex);
    try {
      return work();
    } catch (const history::SqlError& e) {
      *error = path + ": " + history::DescribeSqlError(e.code, e.what(), options.busy_timeout_ms);
      return std::nullopt;
    }
  }
};

namespace history {

/// zlib at the best compression level; throws SqlError on failure.
std::string Compress(std::string_view bytes);
/// The bytes of Compress's output of `size` bytes; throws SqlError when damaged.
std::string Decompress(std::string_view compressed, uint64_t size);

/// Reads the audit row(s) of a SELECT that starts with kAuditColumns; `rowid_out` gets audits.id.
inline constexpr const char* kAuditColumns =
    "a.audit_id, a.vendor_id, a.vendor_name, a.service_id, a.profile_id, a.manifest_path, "
    "a.manifest_format, a.manifest_sha256, a.evidence_sha256, a.tool_version, a.generated_at, "
    "a.audit_date, a.probe_mode, a.decision, a.grade, a.score, a.rules_total, a.n_pass, a.n_fail, "
    "a.n_missing_evidence, a.n_error, a.n_manual, a.n_legal_review, a.n_waived, "
    "a.n_not_applicable, a.failing_must, a.report_path, a.recorded_at, a.id";
AuditRecord ReadAuditRow(const Statement& s, int64_t* rowid_out);
/// Fills the packs, categories, review files and archive flag of `record` (audits.id `rowid`).
void ReadAuditDetails(Connection& db, int64_t rowid, AuditRecord* record);

}  // namespace history
}  // namespace checker
