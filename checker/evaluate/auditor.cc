// One audit, whole (auditor.h): evidence gathered, rules decided, reviews merged, then the one
// aggregation.

#include "checker/auditor.h"

#include "evaluate/decide_findings.h"

namespace checker {

namespace {

// What the rules and the reports see of a live run's evidence: the observations with their
// bodies cut to the report's excerpts (rules read the documents built as responses arrived, so
// no body is needed any more). The whole bodies stay in `whole` for evidence.json.
ProbeEvidence WithExcerpts(ProbeEvidence& whole) {
  constexpr size_t kKept = kBodyExcerptBytes + 4;  // the report's excerpt is cut from these
  // Everything but the HTTP observations is copied as it is (a member added later comes along).
  auto http = std::move(whole.http);
  ProbeEvidence shown = whole;
  whole.http = std::move(http);
  for (auto& [key, o] : whole.http) {
    // The body is set aside while the rest is copied: never two whole copies of it at once.
    std::string body = std::move(o.body);
    HttpObservation copy = o;
    o.body = std::move(body);
    copy.body = o.body.substr(0, std::min(o.body.size(), kKept));
    shown.http.emplace(key, std::move(copy));
  }
  return shown;
}

}  // namespace

AuditOutcome Auditor::Run(const AuditRequest& request, EvidenceSource& source) const {
  AuditOutcome out;
  // Malformed endpoint URLs are the vendor's input errors, whatever the source (live, offline
  // and replay alike).
  if (auto problems = DeclaredUrlProblems(request.manifest); !problems.empty()) {
    out.problem =
        AuditInputProblem{AuditInputProblem::Kind::kDiagnostics, "", {}, std::move(problems)};
    return out;
  }
  GatherOutcome gathered =
      source.Gather({request.manifest, request.selection, request.options.cancel});
  if (auto* problem = std::get_if<AuditInputProblem>(&gathered)) {
    out.problem = std::move(*problem);
    return out;
  }
  GatheredEvidence& g = std::get<GatheredEvidence>(gathered);

  ProbeContext context;
  context.endpoints = std::move(g.endpoints);
  context.now = g.now;
  context.http_documents = std::move(g.http_documents);
  ProbeEvidence excerpts;
  if (g.mode == "live") {
    excerpts = WithExcerpts(g.evidence);
    context.evidence = &excerpts;
  } else if (g.mode == "replay") {
    context.evidence = &g.evidence;
  }
  out.result = evaluate::DecideFindings(rules_, request.selection, request.manifest,
                                        request.options, &context);
  out.result.probe_mode = g.mode;
  out.result.scope = std::move(g.scope);
  out.result.manifest_warnings = request.manifest_warnings;
  for (const Review& review : request.reviews) {
    DiagnosticSink& sink = out.review_diagnostics.emplace_back();
    MergeReview(out.result, review, request.options.today, sink);
  }
  Aggregate(out.result, request.options.category_weights);
  out.evidence = std::move(g.evidence);
  out.probe_seconds = g.seconds;
  return out;
}

}  // namespace checker
