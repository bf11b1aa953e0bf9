#pragma once
// Report writers. The JSON report is the source of truth: every other format is rendered from an
// AuditResult, which can always be read back from its JSON form (docs/report-json.md).

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "checker/diagnostic.h"
#include "checker/result.h"
#include "checker/rule_terms.h"

namespace checker {

inline constexpr int kReportFormatVersion = 1;

/// Probe evidence as JSON (evidence.json beside the report), for replay and review: every field
/// of every observation, full (capped, redacted) bodies included.
std::string ProbeEvidenceToJson(const ProbeEvidence& evidence);
std::optional<ProbeEvidence> ProbeEvidenceFromJson(const std::string& text, std::string* error);

/// The JSON report's forms (docs/report-json.md): the full form, and the compact form for
/// fleets (no indentation; each rule's title, citations, remediation, tags and location once in
/// a `rules` table instead of in every finding; evidence in the subject's manifest without the
/// file). Both read back into the same AuditResult.
enum class ReportForm { kFull, kCompact };
std::string_view ReportFormName(ReportForm form);  // "full", "compact"
std::optional<ReportForm> ParseReportForm(std::string_view name);

/// Deterministic JSON (stable key order, UTF-8, trailing newline; the full form with a
/// two-space indent).
std::string RenderJsonReport(const AuditResult& result, ReportForm form = ReportForm::kFull);

/// Reads a report written by RenderJsonReport, in either form. Problems become diagnostics naming
/// `source_name`.
std::optional<AuditResult> ParseJsonReport(std::string_view text, std::string_view source_name,
                                           DiagnosticSink& sink);

/// Human and machine formats, each rendered from an AuditResult alone.
std::string RenderMarkdown(const AuditResult& result, Language lang);
/// JUnit XML: one test case per finding (docs/reports.md).
std::string RenderJunit(const AuditResult& result);
/// SARIF 2.1.0: one result per finding that fails, errs or lacks evidence.
std::string RenderSarif(const AuditResult& result);
/// A self-contained HTML page: no external resources, a strict Content-Security-Policy, a ja/en
/// switch, charts as inline SVG, filters, expandable evidence; printable.
std::string RenderHtml(const AuditResult& result);
/// OSCAL 1.1.2 assessment-results JSON.
std::string RenderOscal(const AuditResult& result);
/// An SVG badge of the grade and decision.
std::string RenderBadge(const AuditResult& result);
/// The gray-zone case file on its own: the facts (with manifest positions), the laws and articles
/// that may apply, and the questions for the regulator (docs/reports.md).
std::string RenderCaseFileMarkdown(const AuditResult& result, Language lang);
std::string RenderCaseFileHtml(const AuditResult& result);
/// One audit's line on the index page: what the page shows of it, so that a fleet's page is
/// rendered from its index without holding (or re-reading) every report.
struct IndexRow {
  std::string service;  // its name, else its manifest path
  std::string profile_id;
  CertDecision decision = CertDecision::kNotCertified;
  Grade grade = Grade::kF;
  double score = 0;
  OutcomeCounts counts;
  std::string link;  // the path of its HTML (or JSON) report
};
IndexRow IndexRowOf(const AuditResult& result, std::string link);

/// An HTML page comparing several audits; `links` are the paths of their HTML reports.
std::string RenderIndex(const std::vector<AuditResult>& results,
                        const std::vector<std::string>& links);
std::string RenderIndex(std::span<const IndexRow> rows);

}  // namespace checker
