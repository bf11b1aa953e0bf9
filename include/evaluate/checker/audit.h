#pragma once
// Evaluation: decides each selected rule against a manifest (and, later, probe evidence) and
// gathers the findings into an AuditResult. No global state: audits may run concurrently.

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "checker/document.h"
#include "checker/expr.h"
#include "checker/result.h"
#include "checker/rule_set.h"

namespace checker {

struct AuditOptions {
  std::string profile_id;    // recorded in the result
  std::string generated_at;  // ISO 8601; empty = now (tests pass a fixed value)
  std::string tool_version;
  /// Findings at this level or stricter (must < should < may) make the audit fail when they
  /// fail, err or lack evidence; recorded in the result (FailsAt).
  Level fail_on = Level::kMust;
  std::map<std::string, double> category_weights;  // the profile's scoring weights
  /// The audit date (YYYY-MM-DD) rules compare dates with; recorded in the result. Empty = none:
  /// a rule that needs it errs.
  std::string today;
  /// A budget of evaluation steps for each expression of each rule (exceeded: the rule is an
  /// `error` naming it; 0 = unlimited), and the run's cancel flag (checked inside evaluation).
  uint64_t max_eval_steps = kDefaultMaxEvalSteps;
  const std::atomic<bool>* cancel = nullptr;
  static constexpr uint64_t kDefaultMaxEvalSteps = 1'000'000;
};

/// The certification decision, category and overall scores and grade for a set of findings
/// (docs/certification.md). `category_weights` come from the profile (missing = 1).
Certification Certify(const std::vector<Finding>& findings,
                      const std::map<std::string, double>& category_weights = {});

/// The current time as ISO 8601 UTC ("2026-01-31T12:00:00Z").
std::string NowIso8601();

/// A live endpoint of the audited service: from the manifest's `endpoints[]`, or a --target.
struct Endpoint {
  std::string url;       // https://host[:port][/base]
  std::string http_url;  // the plain-HTTP address, when declared (for redirect checks)
  std::string purpose;   // web, api, fhir, admin ... ("any" matches every check)
  SourceLocation location;
};

/// A --target: "[PURPOSE=]URL" adds an endpoint; the targets of a PURPOSE together replace the
/// manifest's endpoints of that purpose (one endpoint each). "PURPOSE.http=URL" sets the plain-HTTP
/// address of PURPOSE's endpoints.
struct Target {
  std::string purpose;
  std::string url;
  bool http = false;
};
std::optional<Target> ParseTarget(std::string_view text, std::string* error);

/// The endpoints an audit probes: the manifest's, with targets applied.
std::vector<Endpoint> AuditEndpoints(const Document& manifest, const std::vector<Target>& targets);

/// Records in `evidence` the endpoints it is collected for: the manifest's as declared, and the
/// audited ones (after the targets).
void RecordEndpoints(const Document& manifest, const std::vector<Endpoint>& audited,
                     ProbeEvidence* evidence);

/// Why recorded evidence cannot be replayed with this manifest and these audited endpoints: each
/// endpoint the manifest declares (or the replay audits) that the evidence was not collected for,
/// and each the evidence was collected for that the manifest does not declare (or the replay does
/// not audit), in a sentence; a refusal when the evidence does not record its endpoints. Empty
/// when they match.
std::vector<std::string> ReplayMismatches(const ProbeEvidence& evidence, const Document& manifest,
                                          const std::vector<Endpoint>& audited);

/// Why recorded evidence cannot be replayed within `scope` (ScopeOf, as a live run computes it):
/// each HTTP observation whose URL, redirect hop followed or final URL, and each TLS observation
/// whose host:port, lies outside it, in a sentence. Empty when every observation is in scope.
std::vector<std::string> ReplayOutOfScope(const ProbeEvidence& evidence,
                                          const std::vector<std::string>& scope);

/// The endpoint purposes that mean something to this audit: those the selected rules' checks
/// name and those of the manifest's endpoints, sorted, without repeats.
std::vector<std::string> EndpointPurposes(std::span<const SelectedRule> selection,
                                          const Document& manifest);

/// The hosts ("host:port") of the endpoints and of the URLs that document checks fetch.
std::vector<std::string> ScopeOf(const std::vector<Endpoint>& endpoints,
                                 std::span<const SelectedRule> selection, const Document& manifest);

/// Everything probe checks need: the endpoints and the evidence collected (or replayed).
/// A null `evidence` means offline: probe checks become missing_evidence.
struct ProbeContext {
  std::vector<Endpoint> endpoints;
  const ProbeEvidence* evidence = nullptr;
  int64_t now = 0;  // epoch seconds, for expiry dates in observations
  /// The documents http checks read, by probe key, built once per audit (RunAudit fills it when
  /// empty) and shared by every rule and endpoint.
  std::shared_ptr<const std::map<std::string, Node>> http_documents;
};

/// Builds the document of every successful HTTP observation once.
std::shared_ptr<const std::map<std::string, Node>> BuildHttpDocuments(const ProbeEvidence& evidence,
                                                                      int64_t now);

/// Every probe the selected rules need, deduplicated (one GET / serves every header rule).
struct ProbePlan {
  std::vector<HttpProbeSpec> http;
  std::vector<TlsProbeSpec> tls;
};
ProbePlan PlanProbes(std::span<const SelectedRule> selection, const Document& manifest,
                     const std::vector<Endpoint>& endpoints);

/// The verdict on one rule, without the rule's descriptive fields.
struct Decision {
  Outcome outcome = Outcome::kError;
  std::string message;
  std::vector<Reason> reasons;  // kFail: every condition that failed
  std::vector<Evidence> evidence;
  std::vector<std::string> missing_paths;
  std::vector<EndpointResult> endpoints;  // probe rules: the result at each endpoint
  bool stopped = false;  // an evaluation ran out of steps or was interrupted (outcome: error)
};

/// Decides one rule against a manifest (the hot path of an audit). Reentrant.
Decision DecideRule(const Rule& rule, const Document& manifest,
                    const ProbeContext* probes = nullptr, const EvalOptions& eval = {});

/// Evaluates one rule against a manifest into a finding for reports. Reentrant.
Finding EvaluateRule(const SelectedRule& selected, const Document& manifest,
                     const ProbeContext* probes = nullptr, const EvalOptions& eval = {});

/// Counts the outcomes and certifies the findings: the one aggregation of an audit, run once
/// its findings are final (after every review). Whether the audit fails is FailsAt(result,
/// result.fail_on), read from the findings.
void Aggregate(AuditResult& result, const std::map<std::string, double>& category_weights);

/// Evaluates every selected rule and aggregates (no review: the Auditor, auditor.h, runs whole
/// audits). Reentrant.
AuditResult RunAudit(const RuleSet& rules, std::span<const SelectedRule> selection,
                     const Document& manifest, const AuditOptions& options,
                     const ProbeContext* probes = nullptr);

}  // namespace checker
