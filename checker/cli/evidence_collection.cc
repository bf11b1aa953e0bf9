// Collecting the evidence of an audit (evidence_collection.h).

#include "cli/evidence_collection.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "checker/http_facts.h"
#include "checker/report.h"
#include "checker/safe_text.h"
#include "checker/source.h"

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/interrupt.h"

namespace checker::cli {

namespace {

// Targets as given; with `purposes`, a target naming a purpose that no rule or endpoint uses is
// refused (a typo would otherwise add an endpoint that no rule probes), and so is a second
// plain-HTTP address for one purpose.
std::optional<std::vector<Target>> ParseTargets(const std::vector<std::string>& texts,
                                                const std::vector<std::string>* purposes) {
  std::vector<Target> targets;
  for (const auto& t : texts) {
    std::string error;
    auto target = ParseTarget(t, &error);
    if (!target) {
      UsageError("audit", "--target " + error);
      return std::nullopt;
    }
    if (purposes != nullptr && !target->purpose.empty() && target->purpose != "any" &&
        std::find(purposes->begin(), purposes->end(), target->purpose) == purposes->end()) {
      std::string known;
      for (const auto& p : *purposes) known += (known.empty() ? "" : ", ") + p;
      UsageError("audit", "--target '" + t + "': no rule or endpoint uses the purpose '" +
                              target->purpose + "'" + DidYouMean(target->purpose, *purposes) +
                              " (purposes: " + (known.empty() ? "none" : known) + ")");
      return std::nullopt;
    }
    for (const auto& other : targets) {
      if (target->http && other.http && other.purpose == target->purpose) {
        UsageError("audit", "--target '" + t + "': " + target->purpose +
                                ".http is given twice; an endpoint purpose has one plain-HTTP "
                                "address");
        return std::nullopt;
      }
    }
    targets.push_back(*target);
  }
  return targets;
}

// --client-cert and --client-key come together, and both files must be readable now: a typo
// would otherwise turn every rule at a client-certificate endpoint into missing evidence.
int ClientCertificate(const Args& args, ProbeOptions* options) {
  if (!args.Has("client-cert") && !args.Has("client-key")) return kExitOk;
  if (args.Has("client-cert") != args.Has("client-key"))
    return UsageError("audit", "--client-cert FILE and --client-key FILE go together");
  for (const char* name : {"client-cert", "client-key"}) {
    std::string text, error;
    if (!ReadFile(args.Get(name), 1u << 20, &text, &error)) {
      std::fprintf(stderr, "checker audit: cannot read --%s %s: %s\n", name, args.Get(name).c_str(),
                   error.c_str());
      return kExitUsage;
    }
  }
  options->client_cert = args.Get("client-cert");
  options->client_key = args.Get("client-key");
  return kExitOk;
}

// Every endpoint URL of the manifest parses as an http(s) URL, and every origin it declares in
// scope is an origin (live, offline and replay alike): a malformed one is the vendor's input
// error, at its position.
bool DeclaredUrlsValid(const Document& manifest) {
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
  for (const auto& d : sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stderr);
  return !sink.has_errors();
}

}  // namespace

int CollectEvidence(const Args& args, const std::vector<SelectedRule>& selection,
                    const Document& manifest, ProbeRun* run) {
  if (!DeclaredUrlsValid(manifest)) return kExitUsage;
  const std::vector<std::string> purposes = EndpointPurposes(selection, manifest);
  if (args.Has("replay")) {
    std::string text, error;
    if (!ReadFile(args.Get("replay"), 1u << 30, &text, &error)) {
      std::fprintf(stderr, "checker audit: cannot read %s: %s\n",
                   TerminalSafe(args.Get("replay")).c_str(), error.c_str());
      return kExitUsage;
    }
    auto evidence = ProbeEvidenceFromJson(text, &error);
    if (!evidence) {
      std::fprintf(stderr, "checker audit: %s: %s\n", TerminalSafe(args.Get("replay")).c_str(),
                   TerminalSafe(error).c_str());
      return kExitUsage;
    }
    run->mode = "replay";
    run->evidence = std::move(*evidence);
    auto targets = args.Has("target") ? ParseTargets(args.All("target"), &purposes)
                                      : ParseTargets(run->evidence.targets, nullptr);
    if (!targets) return kExitUsage;
    run->context.endpoints = AuditEndpoints(manifest, *targets);
    // Evidence decides only for the endpoints it was collected at: another vendor's evidence, or
    // an older manifest's, is refused rather than certified (docs/probes.md).
    auto mismatches = ReplayMismatches(run->evidence, manifest, run->context.endpoints);
    if (!mismatches.empty()) {
      std::fprintf(stderr,
                   "checker audit: %s was not collected for this manifest's endpoints; it cannot "
                   "be replayed:\n",
                   TerminalSafe(args.Get("replay")).c_str());
      for (const auto& m : mismatches) std::fprintf(stderr, "  - %s\n", TerminalSafe(m).c_str());
      return kExitUsage;
    }
    // Matching endpoint lists do not make every observation theirs: one of a host outside the
    // scope a live run would reach is refused too.
    auto foreign =
        ReplayOutOfScope(run->evidence, ScopeOf(run->context.endpoints, selection, manifest));
    if (!foreign.empty()) {
      std::fprintf(stderr,
                   "checker audit: %s holds observations outside this audit's scope; it cannot "
                   "be replayed:\n",
                   TerminalSafe(args.Get("replay")).c_str());
      for (const auto& f : foreign) std::fprintf(stderr, "  - %s\n", TerminalSafe(f).c_str());
      return kExitUsage;
    }
    run->context.evidence = &run->evidence;
    run->context.now = run->evidence.collected_at;
    return kExitOk;
  }
  auto targets = ParseTargets(args.All("target"), &purposes);
  if (!targets) return kExitUsage;
  run->context.endpoints = AuditEndpoints(manifest, *targets);
  run->evidence.targets = args.All("target");
  RecordEndpoints(manifest, run->context.endpoints, &run->evidence);
  if (args.Has("offline")) return kExitOk;
  ProbeOptions options;
  options.ca_bundle = args.Get("ca-bundle");
  // The auditor's own word puts an origin in reach whatever its address (docs/probes.md).
  for (const auto& t : *targets) options.trusted_origins.push_back(OriginOf(t.url));
  options.allow_private = args.Has("allow-private");
  if (int exit = ClientCertificate(args, &options); exit != kExitOk) return exit;
  for (auto [name, field] :
       {std::pair<const char*, int*>{"timeout", &options.limits.total_timeout_ms},
        {"concurrency", &options.limits.concurrency},
        {"deadline", &options.limits.deadline_ms}}) {
    if (!args.Has(name)) continue;
    auto v = ParseCount(args.Get(name));
    if (!v || *v > 600000)
      return UsageError("audit", std::string("--") + name + " needs a positive whole number");
    *field = static_cast<int>(*v);
  }
  options.limits.connect_timeout_ms =
      std::min(options.limits.connect_timeout_ms, options.limits.total_timeout_ms);
  if (args.Has("max-body")) {
    auto v = ParseCount(args.Get("max-body"));
    if (!v) return UsageError("audit", "--max-body needs a positive whole number");
    options.limits.max_body_bytes = *v;
  }
  if (args.Has("max-evidence-bytes")) {
    auto v = ParseCount(args.Get("max-evidence-bytes"));
    if (!v) return UsageError("audit", "--max-evidence-bytes needs a positive whole number");
    options.limits.max_evidence_bytes = *v;
  }
  for (const auto& pattern : args.All("redact")) {
    std::string error;
    if (!ValidRedactPattern(pattern, &error))
      return UsageError("audit", "--redact '" + pattern + "': " + error);
    options.redact_patterns.push_back(pattern);
  }
  run->scope = ScopeOf(run->context.endpoints, selection, manifest);
  options.scope.hosts = run->scope;
  ProbePlan plan = PlanProbes(selection, manifest, run->context.endpoints);
  auto started = std::chrono::steady_clock::now();
  options.deadline = started + std::chrono::milliseconds(options.limits.deadline_ms);
  run->evidence.collected_at = static_cast<int64_t>(std::time(nullptr));
  options.now_epoch_seconds = run->evidence.collected_at;
  options.cancel = &InterruptFlag();
  // Each response's document is built as soon as it is final, from the parts of its body that
  // rules read; then only what the evidence keeps of the body stays (EvidenceBudget), so that an
  // audit never holds every body at once.
  auto documents = std::make_shared<std::map<std::string, Node>>();
  EvidenceBudget budget(options.limits.max_evidence_bytes);
  options.observed = [&](HttpObservation& o) {
    if (o.ok)
      documents->insert_or_assign(
          o.key, HttpObservationDocument(o, run->evidence.collected_at, o.spec.body_use));
    budget.Charge(o);
  };
  for (auto& o : RunHttpProbes(plan.http, options)) run->evidence.http[o.key] = std::move(o);
  if (std::string note = budget.Note(); !note.empty()) run->evidence.notes.push_back(note);
  run->context.http_documents = std::move(documents);
  for (auto& o : RunTlsProbes(plan.tls, options)) run->evidence.tls[o.key] = std::move(o);
  run->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  run->mode = "live";
  run->context.evidence = &run->evidence;
  run->context.now = run->evidence.collected_at;
  return kExitOk;
}

}  // namespace checker::cli
