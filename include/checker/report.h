#pragma once
// Report writers. The JSON report is the source of truth: every other format is rendered from an
// AuditResult, which can always be read back from its JSON form (docs/report-json.md).

#include <optional>
#include <string>
#include <string_view>

#include "checker/diagnostic.h"
#include "checker/result.h"

namespace checker {

inline constexpr int kReportFormatVersion = 1;

/// Probe evidence as JSON (evidence.json beside the report), for replay and review: every field
/// of every observation, full (capped, redacted) bodies included.
std::string ProbeEvidenceToJson(const ProbeEvidence& evidence);
std::optional<ProbeEvidence> ProbeEvidenceFromJson(const std::string& text, std::string* error);

/// Deterministic JSON (stable key order, two-space indent, UTF-8, trailing newline).
std::string RenderJsonReport(const AuditResult& result);

/// Reads a report written by RenderJsonReport. Problems become diagnostics naming `source_name`.
std::optional<AuditResult> ParseJsonReport(std::string_view text, std::string_view source_name,
                                           DiagnosticSink& sink);

}  // namespace checker
