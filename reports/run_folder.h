#pragma once
// Which files a signature covers: the files an audit wrote beside report.json, as the report
// records them (run_files), and nothing else in the folder (docs/integrity.md).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/integrity.h"
#include "checker/result.h"

namespace checker::reports {

// Covered files are read only if regular (never a FIFO, device or link) and at most this large.
inline constexpr uint64_t kMaxCoveredFile = uint64_t{1} << 32;
inline constexpr uint64_t kMaxReport = uint64_t{1} << 30;

/// The files report.json says its run wrote beside it; nullopt for a report written before
/// reports recorded them (no "run_files"), and on a malformed list (then `error` says why).
std::optional<std::vector<RunOutputFile>> RunFilesOf(const std::string& report_path,
                                                     std::string* error);

/// What a signature covers besides the report: the run's files (each checked against its
/// record) and `extra`; nullopt with `error` when one differs or the folder holds another file.
std::optional<std::vector<std::string>> CoveredFiles(const std::string& report_path,
                                                     const std::vector<std::string>& extra,
                                                     std::string* error);

/// Problems with a signed report's folder: a run file the signature does not cover, and any
/// file that is neither the report, its signature nor covered.
std::vector<std::string> FolderProblems(const std::string& report_path,
                                        const std::vector<SignedFile>& signed_files);

}  // namespace checker::reports
