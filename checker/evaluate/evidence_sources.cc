// The evidence sources of an audit (auditor.h): offline, live probes and replayed evidence.
// Refusals are values with their sentences; the caller says them.

#include <algorithm>
#include <chrono>
#include <ctime>

#include "checker/auditor.h"
#include "checker/http_facts.h"

namespace checker {

namespace {

AuditInputProblem Usage(std::string message) {
  return {AuditInputProblem::Kind::kUsage, std::move(message), {}, {}};
}

AuditInputProblem Refusal(const std::string& what, std::vector<std::string> why) {
  return {AuditInputProblem::Kind::kRefusal, what + "; it cannot be replayed", std::move(why), {}};
}

// Targets as given; with `purposes`, a target naming a purpose that no rule or endpoint uses is
// refused (a typo would otherwise add an endpoint that no rule probes), and so is a second
// plain-HTTP address for one purpose.
std::variant<std::vector<Target>, AuditInputProblem> ParseTargets(
    const std::vector<std::string>& texts, const std::vector<std::string>* purposes) {
  std::vector<Target> targets;
  for (const auto& t : texts) {
    std::string error;
    auto target = ParseTarget(t, &error);
    if (!target) return Usage("--target " + error);
    if (purposes != nullptr && !target->purpose.empty() && target->purpose != "any" &&
        std::find(purposes->begin(), purposes->end(), target->purpose) == purposes->end()) {
      std::string known;
      for (const auto& p : *purposes) known += (known.empty() ? "" : ", ") + p;
      return Usage("--target '" + t + "': no rule or endpoint uses the purpose '" +
                   target->purpose + "'" + DidYouMean(target->purpose, *purposes) +
                   " (purposes: " + (known.empty() ? "none" : known) + ")");
    }
    for (const auto& other : targets) {
      if (target->http && other.http && other.purpose == target->purpose)
        return Usage("--target '" + t + "': " + target->purpose +
                     ".http is given twice; an endpoint purpose has one plain-HTTP address");
    }
    targets.push_back(*target);
  }
  return targets;
}

// The audited endpoints after the targets, checked against the purposes the audit knows; the
// evidence records them.
std::variant<GatheredEvidence, AuditInputProblem> EndpointsFor(
    const EvidenceRequest& request, const std::vector<std::string>& targets) {
  const std::vector<std::string> purposes = EndpointPurposes(request.selection, request.manifest);
  auto parsed = ParseTargets(targets, &purposes);
  if (auto* problem = std::get_if<AuditInputProblem>(&parsed)) return std::move(*problem);
  GatheredEvidence g;
  g.endpoints = AuditEndpoints(request.manifest, std::get<std::vector<Target>>(parsed));
  g.evidence.targets = targets;
  RecordEndpoints(request.manifest, g.endpoints, &g.evidence);
  return g;
}

}  // namespace

ProbeRunner& DefaultProbeRunner() {
  static EngineProbeRunner runner(ProcessProbeEngine());  // shared by every audit and thread
  return runner;
}

OfflineEvidenceSource::OfflineEvidenceSource(std::vector<std::string> targets)
    : targets_(std::move(targets)) {}

GatherOutcome OfflineEvidenceSource::Gather(const EvidenceRequest& request) {
  auto gathered = EndpointsFor(request, targets_);
  if (auto* problem = std::get_if<AuditInputProblem>(&gathered)) return std::move(*problem);
  return std::move(std::get<GatheredEvidence>(gathered));
}

LiveEvidenceSource::LiveEvidenceSource(std::vector<std::string> targets, ProbeOptions options,
                                       ProbeRunner* runner)
    : targets_(std::move(targets)),
      options_(std::move(options)),
      runner_(runner != nullptr ? runner : &DefaultProbeRunner()) {}

GatherOutcome LiveEvidenceSource::Gather(const EvidenceRequest& request) {
  auto endpoints = EndpointsFor(request, targets_);
  if (auto* problem = std::get_if<AuditInputProblem>(&endpoints)) return std::move(*problem);
  GatheredEvidence g = std::move(std::get<GatheredEvidence>(endpoints));
  ProbeOptions options = options_;
  // The auditor's own word puts an origin in reach whatever its address (docs/probes.md).
  for (const auto& t : targets_) {
    std::string unused;  // every target parsed above
    if (auto target = ParseTarget(t, &unused))
      options.trusted_origins.push_back(OriginOf(target->url));
  }
  g.scope = ScopeOf(g.endpoints, request.selection, request.manifest);
  options.scope.hosts = g.scope;
  ProbePlan plan = PlanProbes(request.selection, request.manifest, g.endpoints);
  auto started = std::chrono::steady_clock::now();
  options.deadline = started + std::chrono::milliseconds(options.limits.deadline_ms);
  g.evidence.collected_at = static_cast<int64_t>(std::time(nullptr));
  options.now_epoch_seconds = g.evidence.collected_at;
  options.cancel = request.cancel;
  // Each response's document is built as soon as it is final, from the parts of its body that
  // rules read; then only what the evidence keeps of the body stays (EvidenceBudget), so that an
  // audit never holds every body at once.
  auto documents = std::make_shared<std::map<std::string, Node>>();
  EvidenceBudget budget(options.limits.max_evidence_bytes);
  const int64_t collected_at = g.evidence.collected_at;
  options.observed = [&documents, &budget, collected_at](HttpObservation& o) {
    if (o.ok)
      documents->insert_or_assign(o.key, HttpObservationDocument(o, collected_at, o.spec.body_use));
    budget.Charge(o);
  };
  ProbeResults observed = runner_->Run(plan.http, plan.tls, options);
  for (auto& o : observed.http) g.evidence.http[o.key] = std::move(o);
  if (std::string note = budget.Note(); !note.empty()) g.evidence.notes.push_back(note);
  g.http_documents = std::move(documents);
  for (auto& o : observed.tls) g.evidence.tls[o.key] = std::move(o);
  g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  g.mode = "live";
  g.now = g.evidence.collected_at;
  return g;
}

ReplayEvidenceSource::ReplayEvidenceSource(ProbeEvidence evidence, std::string name,
                                           std::vector<std::string> targets)
    : evidence_(std::move(evidence)), name_(std::move(name)), targets_(std::move(targets)) {}

GatherOutcome ReplayEvidenceSource::Gather(const EvidenceRequest& request) {
  GatheredEvidence g;
  g.mode = "replay";
  g.evidence = std::move(evidence_);
  const std::vector<std::string> purposes = EndpointPurposes(request.selection, request.manifest);
  auto parsed = targets_.empty() ? ParseTargets(g.evidence.targets, nullptr)
                                 : ParseTargets(targets_, &purposes);
  if (auto* problem = std::get_if<AuditInputProblem>(&parsed)) return std::move(*problem);
  g.endpoints = AuditEndpoints(request.manifest, std::get<std::vector<Target>>(parsed));
  // Evidence decides only for the endpoints it was collected at: another vendor's evidence, or
  // an older manifest's, is refused rather than certified (docs/probes.md).
  auto mismatches = ReplayMismatches(g.evidence, request.manifest, g.endpoints);
  if (!mismatches.empty())
    return Refusal(name_ + " was not collected for this manifest's endpoints",
                   std::move(mismatches));
  // Matching endpoint lists do not make every observation theirs: one of a host outside the
  // scope a live run would reach is refused too.
  auto foreign =
      ReplayOutOfScope(g.evidence, ScopeOf(g.endpoints, request.selection, request.manifest));
  if (!foreign.empty())
    return Refusal(name_ + " holds observations outside this audit's scope", std::move(foreign));
  g.now = g.evidence.collected_at;
  return g;
}

std::vector<Diagnostic> DeclaredUrlProblems(const Document& manifest) {
  DiagnosticSink sink;
  const Node* list = manifest.root.Find("endpoints");
  if (list != nullptr && list->is_list()) {
    for (const auto& item : list->items) {
      for (const char* field : {"url", "http_url"}) {
        const Node* n = item.Find(field);
        if (n == nullptr || n->kind != NodeKind::kString) continue;
        std::string why;
        if (!ParseUrl(n->text, &why))
          sink.Error(DiagCode::kInvalidValue, manifest.Locate(n->position),
                     std::string("endpoint ") + field + " '" + n->text +
                         "' is not an http(s) URL: " + why);
      }
    }
  }
  const Node* origins = manifest.root.FindPath("scope.additional_origins");
  if (origins != nullptr && origins->is_list()) {
    for (const auto& item : origins->items) {
      if (item.kind != NodeKind::kString) continue;
      std::string why;
      auto url = ParseUrl(item.text, &why);
      size_t slash = item.text.find('/', item.text.find("://") + 3);
      bool path = slash != std::string::npos && slash + 1 < item.text.size();
      if (url && (path || item.text.find_first_of("#?") != std::string::npos))
        why = "an origin has no path, query or fragment (scheme://host[:port])";
      if (!why.empty())
        sink.Error(DiagCode::kInvalidValue, manifest.Locate(item.position),
                   "scope.additional_origins entry '" + item.text + "' is not an origin: " + why);
    }
  }
  return sink.diagnostics();
}

}  // namespace checker
