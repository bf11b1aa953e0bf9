#pragma once
// The CLI's side of the audit history (docs/history.md): opening the database named by --db or
// --history with errors that name it, and recording an audit after its reports are written.

#include <optional>
#include <string>

#include "checker/history.h"
#include "checker/result.h"

#include "cli/options.h"

namespace checker::cli {

/// Opens the history database; `create` for writers (checker audit), not for readers (a
/// missing file is then an error naming it).
std::optional<HistoryDb> OpenHistory(const std::string& path, bool create, std::string* error);

/// The inputs of an audit whose report is `report_path`: its bytes (false when it cannot be
/// read), the SHA-256 of the evidence.json beside it when probed live, and the manifest's bytes.
bool ReadAuditInputs(const std::string& report_path, const AuditResult& result,
                     const std::string& manifest_path, AuditInputs* inputs, std::string* error);

/// `checker diff --db FILE REF`: the archived report of the audit REF names (HistoryDb::Resolve),
/// read back; nullopt after a message naming the database.
std::optional<AuditResult> ReadRecordedAudit(const std::string& db_path, const std::string& ref);

/// `checker audit ... --history DB`: records `result`, whose reports are in `out_dir` (report.json
/// as written, evidence.json when probed), with the hashes of the manifest and the review files
/// named in `args`. kExitOk, or kExitOutput after a message naming the database.
int RecordInHistory(const Args& args, const AuditResult& result, const std::string& out_dir);

}  // namespace checker::cli
