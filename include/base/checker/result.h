#pragma once
// Audit results: plain values that every report writer reads, and nothing else does.
// The JSON report (docs/report-json.md) is their serialised form.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/diagnostic.h"
#include "checker/observation.h"
#include "checker/rule_terms.h"

namespace checker {

enum class Outcome : uint8_t {
  kPass,
  kFail,
  kNotApplicable,
  kMissingEvidence,
  kError,
  kManual,       // needs a reviewer's judgement (attestation)
  kLegalReview,  // a gray-zone question only a regulator can settle
  kWaived,
};
std::string_view OutcomeName(Outcome o);  // "pass", "fail", "not_applicable", ...
std::optional<Outcome> ParseOutcome(std::string_view s);
/// True for the outcomes that count against a rule: fail, error, missing_evidence.
inline bool IsFailing(Outcome o) {
  return o == Outcome::kFail || o == Outcome::kError || o == Outcome::kMissingEvidence;
}

/// One piece of evidence behind a finding: a manifest value with its position, or (from probes)
/// an observation with the probe that made it.
struct Evidence {
  std::string source;       // "manifest", "http", "tls", "attestation"
  std::string path;         // manifest path or observation name, e.g. "storage.encryption.at_rest"
  std::string value;        // the value as compact JSON ("true", "\"JP\"", "365")
  SourceLocation location;  // manifest file:line:col (empty for probe evidence)
  std::string probe_id;     // for probe evidence: the key of the probe record in the report
};

/// What one endpoint (or fetched document) gave a probe rule: the rule's verdict is aggregated
/// from these, and reports show them side by side (docs/probes.md).
struct EndpointResult {
  std::string url;      // the endpoint (or document URL) probed
  std::string purpose;  // the endpoint's purpose ("web", "api", ...); "document" for documents
  Outcome outcome = Outcome::kError;
  std::string detail;                  // why this outcome here (empty for a pass)
  std::vector<std::string> probe_ids;  // keys of the probe records in the report
};

/// One condition of a failing check, in words (docs/reports.md, "Reasons"): which condition,
/// which item, what was seen and where.
struct Reason {
  LocalizedText text;       // the sentence: the rule's own template, or generated from the check
  std::string condition;    // the part of the check that failed, as an expression
  std::string path;         // what it read: a manifest path or an observation path
  std::string observed;     // the value seen, as compact JSON; "" when absent
  bool absent = false;      // the path does not exist
  std::string item;         // the item concerned: cookie or header name, certificate subject,
                            // a list element's id or name
  SourceLocation location;  // manifest file:line:col (absent: where it would be declared)
  std::string endpoint;     // probe checks: the request or endpoint observed
  std::string header;       // probe checks: the response header concerned ("Server: nginx/1.2")
};

/// A published gray-zone answer that a question can be compared with, cited by its public
/// identifier (docs/reports.md, "The gray-zone case file").
struct Precedent {
  std::string id;         // the public identifier (date and subject of the answer)
  LocalizedText summary;  // what was asked and answered, in the rule's words
  std::string url;
  bool unconfirmed = false;  // the identifier is not confirmed by the source facts
};

struct Finding {
  std::string rule_id;
  std::string pack_id;
  LocalizedText title;
  Level level = Level::kMust;  // effective level (after profile overrides)
  RuleSeverity severity = RuleSeverity::kMedium;
  std::string category;
  CheckType check_type = CheckType::kManifest;
  std::string check_id;  // shared check id, when the rule uses one
  Outcome outcome = Outcome::kError;
  std::string message;  // one line: why this outcome (which path is missing, what was found)
  std::vector<Reason> reasons;  // a failing check: every condition that failed
  std::string expression;       // a failing check: its expression as written (report details)
  std::vector<Evidence> evidence;
  std::vector<std::string> missing_paths;
  /// Probe rules: the result at each endpoint, in endpoint order (empty for manifest rules).
  std::vector<EndpointResult> endpoints;
  std::vector<Citation> citations;
  LocalizedText remediation;
  std::vector<std::string> tags;
  SourceLocation rule_location;
  /// Gray-zone findings only: the question a regulator must settle and the laws (document) and
  /// articles (section) that may apply, as the rule states them.
  LocalizedText legal_question;
  std::vector<Citation> laws;
  /// Gray-zone findings only, from the rule: the competent authorities (ministry and bureau),
  /// the facts still needed before an answer is possible, published precedents, and the options
  /// open to the regulator (what to ask the vendor, what the answer turns on).
  std::vector<LocalizedText> authorities;
  std::vector<LocalizedText> facts_needed;
  std::vector<Precedent> precedents;
  std::vector<LocalizedText> regulator_options;
};

/// What became of a manifest claim that a probe can observe (docs/claims.md).
enum class ClaimStatus : uint8_t {
  kDeclared,      // no probe confirmed or contradicted it: a claim, not verified
  kConfirmed,     // every endpoint it concerns was observed to agree
  kContradicted,  // some endpoint was observed to disagree (a finding of its own)
};
std::string_view ClaimStatusName(ClaimStatus s);  // "declared", "confirmed", "contradicted"
std::optional<ClaimStatus> ParseClaimStatus(std::string_view s);

/// A manifest claim set beside what the probes observed.
struct ClaimRecord {
  std::string path;         // manifest path, e.g. "transmission.tls_min_version"
  std::string value;        // the declared value as compact JSON
  SourceLocation location;  // where the manifest declares it
  std::string statement;    // the claim in words: "TLS 1.2 minimum"
  ClaimStatus status = ClaimStatus::kDeclared;
  /// What was observed, per endpoint ("TLS 1.0, 1.1, 1.2 accepted at https://..."), or why the
  /// claim could not be verified.
  std::string detail;
  std::string finding_id;  // kContradicted: the rule id of the contradiction finding
};

struct OutcomeCounts {
  std::map<Outcome, uint32_t> by_outcome;
  uint32_t total = 0;
  uint32_t Count(Outcome o) const;
};

/// The subject of an audit: the manifest and what identifies the service.
struct Subject {
  std::string manifest_path;
  std::string manifest_format;
  std::string manifest_sha256;
  std::string service_id;     // service.id from the manifest, if present
  std::string service_name;   // service.name
  std::string operator_name;  // service.operator.name: a waiver's approver must be someone else
  /// service.description: what the service does, in the vendor's words (the case file opens
  /// with it), and where the manifest says it. Defaulted, so that a subject written as a brace
  /// list of the fields above stays complete.
  std::string service_description = {};
  SourceLocation service_description_location = {};
};

/// A waiver in force, for the certificate page.
struct WaiverRecord {
  std::string rule_id;
  std::string justification;
  std::string approver;
  std::string approver_organisation;
  std::string expires;
};

struct RuleSource {
  std::string pack_id;
  std::string version;
  std::string edition;
  std::string sha256;
};

/// The certification decision (docs/certification.md), from best to worst. (A rule's own
/// decision is `Decision` in audit.h.)
enum class CertDecision : uint8_t { kCertified, kConditional, kIncomplete, kNotCertified };
std::string_view DecisionName(CertDecision d);  // "certified", "conditional", ...
std::optional<CertDecision> ParseDecision(std::string_view s);

/// The grade, from best to worst.
enum class Grade : uint8_t { kAPlus, kA, kB, kC, kD, kF };
std::string_view GradeName(Grade g);  // "A+", "A", "B", "C", "D", "F"
std::optional<Grade> ParseGrade(std::string_view s);

/// The certification outcome: the visible quality of the service (docs/certification.md).
/// Decision and grade are closed sets: a report read back with any other value is refused.
struct Certification {
  CertDecision decision = CertDecision::kIncomplete;
  Grade grade = Grade::kF;
  double score = 0;                               // 0..100, weighted over categories
  std::map<std::string, double> category_scores;  // 0..100 each
  std::vector<std::string> reasons;               // why this decision, one line each
};

/// A manifest key the schema does not know (docs/manifest.md): nothing read what the vendor wrote.
struct ManifestWarning {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string message;
};

/// A file an audit wrote beside report.json (evidence.json, report.html, ...), as report.json
/// records it: `checker sign` and `verify` cover exactly these (docs/integrity.md).
struct RunOutputFile {
  std::string name;  // in the report's folder
  uint64_t size = 0;
  std::string sha256;
};

struct AuditResult {
  std::string tool_version;
  std::string generated_at;  // ISO 8601 UTC
  std::string audit_date;    // YYYY-MM-DD that rules' dates were compared with (--today)
  Subject subject;
  std::string profile_id;  // empty when packs were selected directly
  std::vector<RuleSource> rule_sources;
  std::vector<Finding> findings;  // in rule selection order, then contradicted claims
  /// Every observable claim the manifest makes, confirmed, contradicted or only declared.
  std::vector<ClaimRecord> claims;
  /// Endpoint evidence: every probe made (or replayed) for this audit, by key.
  ProbeEvidence probes;
  std::string probe_mode;          // "live", "replay" or "offline"
  std::vector<std::string> scope;  // hosts probes were allowed to reach
  OutcomeCounts counts;
  Certification certification;
  std::vector<WaiverRecord> waivers;               // waivers applied to this audit
  std::vector<ManifestWarning> manifest_warnings;  // unknown keys, in document order
  std::vector<RunOutputFile> run_files;            // the other files written with report.json
  /// The laxest level whose failures fail the audit (--fail-on): FailsAt(result, fail_on) is the
  /// report's summary.exit_code.
  Level fail_on = Level::kMust;
};

/// True when a finding at `fail_on` or stricter (must < should < may) fails, errs or lacks
/// evidence: the audit fails at that level (the CLI exits 1).
bool FailsAt(const AuditResult& result, Level fail_on);

}  // namespace checker
