#include "evaluate/claims.h"

#include <algorithm>
#include <set>

#include "checker/http_facts.h"

#include "evaluate/probe_specs.h"

namespace checker::evaluate {

namespace {

// What one endpoint showed of a claim: agreement (pass), contradiction (fail), or nothing that
// decides it (missing_evidence, with the reason).
struct Seen {
  Outcome outcome = Outcome::kMissingEvidence;
  std::string url;
  std::string purpose;
  std::string detail;
  std::vector<Evidence> evidence;
  std::vector<std::string> probe_ids;
  std::string body_not_kept;  // a body path read that the evidence did not keep
};

std::string Render(const Node* n) {
  if (n == nullptr) return "(absent)";
  switch (n->kind) {
    case NodeKind::kString:
      return n->text;
    case NodeKind::kNumber:
      return FormatNumber(n->number);
    case NodeKind::kBool:
      return n->boolean ? "true" : "false";
    case NodeKind::kList: {
      if (n->items.empty()) return "none";
      std::string out;
      for (const auto& item : n->items) out += (out.empty() ? "" : ", ") + Render(&item);
      return out;
    }
    default:
      return NodeToJson(*n);
  }
}

// Fills "{path}" and "{path|if true|if false}" from `doc`.
std::string Fill(std::string_view text, const Node& doc) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('{', i);
    size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      out += text.substr(i);
      break;
    }
    out += text.substr(i, open - i);
    std::string_view inner = text.substr(open + 1, close - open - 1);
    size_t bar = inner.find('|');
    const Node* n = doc.FindPath(inner.substr(0, bar));
    if (bar == std::string_view::npos) {
      out += Render(n);
    } else {
      std::string_view choices = inner.substr(bar + 1);
      size_t second = choices.find('|');
      bool yes = n != nullptr && n->kind == NodeKind::kBool && n->boolean;
      out += yes ? choices.substr(0, second)
                 : (second == std::string_view::npos ? "" : choices.substr(second + 1));
    }
    i = close + 1;
  }
  return out;
}

Node Combined(const Node& declared, Node observed) {
  Node d;
  d.kind = NodeKind::kMap;
  d.members.push_back({"declared", {}, declared});
  d.members.push_back({"observed", {}, std::move(observed)});
  return d;
}

std::string Clip(std::string s) {
  if (s.size() > 300) s = s.substr(0, 297) + "...";
  return s;
}

void Judge(const ClaimSpec& c, const Node& declared, Node observed, const std::string& source,
           const std::string& probe_id, const EvalOptions& eval, Seen& seen) {
  Node doc = Combined(declared, std::move(observed));
  EvalResult r = c.check.expect->Evaluate(doc, eval);
  if (const Node* o = doc.Find("observed"))
    seen.body_not_kept = BodyPathNotKept(r, *o, "observed.");
  for (const auto& e : r.evidence) {
    if (e.path.rfind("observed.", 0) != 0) continue;
    Evidence ev;
    ev.source = source;
    ev.path = e.path.substr(9);
    ev.value = Clip(NodeToJson(*e.node));
    ev.probe_id = probe_id;
    seen.evidence.push_back(std::move(ev));
  }
  switch (r.status) {
    case EvalStatus::kTrue:
    case EvalStatus::kFalse:
      seen.outcome = r.status == EvalStatus::kTrue ? Outcome::kPass : Outcome::kFail;
      seen.detail = Fill(c.observation, doc) + " at " + seen.url;
      break;
    case EvalStatus::kMissing:
      seen.detail = "the observation of " + seen.url + " lacks " +
                    (r.missing_paths.empty() ? std::string("a field") : r.missing_paths[0]);
      break;
    case EvalStatus::kError:
      seen.outcome = Outcome::kError;
      seen.detail = seen.url + ": " + r.error;
      break;
  }
}

Seen Observe(const ClaimSpec& c, const Node& declared, const Endpoint& e, const ProbeContext& ctx,
             const EvalOptions& eval) {
  Seen seen;
  // A URL is shown as the evidence stores it: credentials in it masked (docs/probes.md).
  seen.url = RedactUrl(e.url);
  seen.purpose = e.purpose;
  const ProbeEvidence& evidence = *ctx.evidence;
  if (c.check.type == CheckType::kTls) {
    auto specs = TlsSpecsFor(e);
    if (specs.empty()) {
      seen.detail = seen.url + " is not an https endpoint";
      return seen;
    }
    std::vector<const TlsObservation*> handshakes;
    for (const auto& spec : specs)
      if (auto it = evidence.tls.find(spec.Key()); it != evidence.tls.end())
        handshakes.push_back(&it->second);
    if (handshakes.size() != specs.size()) {
      seen.detail = "no TLS observations of " + seen.url + " in the evidence";
      return seen;
    }
    const TlsObservation* negotiated = handshakes.front();
    seen.probe_ids.push_back(negotiated->key);
    if (!negotiated->handshake_ok) {
      seen.outcome = Outcome::kError;
      seen.detail = "TLS to " + seen.url + ": " + negotiated->error;
      return seen;
    }
    Judge(c, declared, TlsObservationDocument(handshakes), "tls", negotiated->key, eval, seen);
    return seen;
  }
  std::string why;
  auto spec = HttpSpecFor(c.check, e, &why);
  if (!spec) {
    seen.detail = why;
    return seen;
  }
  const HttpObservation* found = FindObservation(evidence, *spec);
  // The stored observation's URL has had --redact applied too.
  seen.url = found != nullptr ? found->spec.url : RedactUrl(spec->url);
  if (found == nullptr) {
    seen.detail = "no observation of " + spec->method + " " + seen.url + " in the evidence";
    return seen;
  }
  const HttpObservation& o = *found;
  seen.probe_ids.push_back(o.key);
  if (!o.ok) {
    seen.outcome = Outcome::kError;
    seen.detail = seen.url + ": " + o.error;
    return seen;
  }
  if (ClientCertificateGap(o, evidence) != nullptr) {
    seen.detail = seen.url + ": " + kClientCertificateNeeded;
    return seen;
  }
  const Node* shared = nullptr;
  if (ctx.http_documents)
    if (auto doc = ctx.http_documents->find(o.key); doc != ctx.http_documents->end())
      shared = &doc->second;
  Node observed = shared != nullptr ? *shared : HttpObservationDocument(o, ctx.now);
  Judge(c, declared, std::move(observed), "http", o.key, eval, seen);
  if (!seen.body_not_kept.empty()) {
    seen.outcome = Outcome::kMissingEvidence;
    seen.detail = seen.url + ": the claim reads " + seen.body_not_kept.substr(9) +
                  ", but the evidence keeps only the SHA-256, length and an excerpt of the body (" +
                  (o.body_omitted.empty() ? std::string("no rule read it") : o.body_omitted) + ")";
  }
  return seen;
}

std::string Join(const std::vector<Seen>& seen, Outcome which) {
  std::string out;
  for (const auto& s : seen)
    if (s.outcome == which) out += (out.empty() ? "" : "; ") + s.detail;
  return out;
}

bool Reads(const Finding& f, const std::string& path) {
  return std::any_of(f.evidence.begin(), f.evidence.end(), [&](const Evidence& e) {
    if (e.source != "manifest" || e.path.rfind(path, 0) != 0) return false;
    return e.path.size() == path.size() || e.path[path.size()] == '.' || e.path[path.size()] == '[';
  });
}

Finding Contradiction(const ClaimSpec& c, const ClaimRecord& record, std::vector<Seen>& seen,
                      std::span<const Finding> findings) {
  Finding f;
  f.rule_id = "claim." + c.path;
  f.pack_id = "claims";
  f.title = c.title;
  f.level = c.level;
  f.category = c.category;
  f.check_type = c.check.type;
  f.outcome = Outcome::kFail;
  f.evidence.push_back({"manifest", c.path, record.value, record.location, ""});
  std::string relied;
  std::set<std::string> cited;
  for (const auto& rule : findings) {
    if (!Reads(rule, c.path)) continue;
    relied += (relied.empty() ? "" : ", ") + rule.rule_id;
    f.level = std::min(f.level, rule.level);  // must < should < may
    for (const auto& citation : rule.citations)
      if (cited.insert(citation.document + "|" + citation.section).second)
        f.citations.push_back(citation);
  }
  f.severity = f.level == Level::kMust ? RuleSeverity::kHigh : RuleSeverity::kMedium;
  f.message = "declared: " + record.statement + " (" + record.location.ToString() +
              "); observed: " + Join(seen, Outcome::kFail) +
              (relied.empty() ? "" : "; relied on by " + relied);
  for (auto& s : seen) {
    if (s.outcome == Outcome::kFail)
      for (auto& e : s.evidence) f.evidence.push_back(std::move(e));
    f.endpoints.push_back(
        {s.url, s.purpose, s.outcome, s.outcome == Outcome::kPass ? "" : s.detail, s.probe_ids});
  }
  f.remediation = {
      "マニフェストの宣言と実際のエンドポイントを一致させてください(宣言を訂正するか、"
      "エンドポイントの設定を直してください)。",
      "Make the manifest and the endpoint agree: correct the declaration, or fix the "
      "endpoint's configuration."};
  f.tags = {"claim", "declared-vs-observed"};
  return f;
}

}  // namespace

ProbePlan ClaimProbes(const Document& manifest, const std::vector<Endpoint>& endpoints) {
  ProbePlan plan;
  for (const auto& c : ClaimTable()) {
    if (manifest.root.FindPath(c.path) == nullptr) continue;
    for (const Endpoint* e : EndpointsFor(c.check, endpoints)) {
      std::string why;
      if (c.check.type == CheckType::kTls) {
        for (auto& spec : TlsSpecsFor(*e)) plan.tls.push_back(std::move(spec));
      } else if (auto spec = HttpSpecFor(c.check, *e, &why)) {
        spec->body_use =
            c.check.expect ? BodyUseOf(*c.check.expect, "observed.") : uint8_t{kBodyAll};
        plan.http.push_back(std::move(*spec));
      }
    }
  }
  return plan;
}

ClaimResults CheckClaims(const Document& manifest, const ProbeContext* probes,
                         std::span<const Finding> findings, const EvalOptions& eval) {
  ClaimResults out;
  for (const auto& c : ClaimTable()) {
    const Node* declared = manifest.root.FindPath(c.path);
    if (declared == nullptr) continue;
    ClaimRecord record;
    record.path = c.path;
    record.value = NodeToJson(*declared);
    record.location = manifest.Locate(declared->position);
    Node statement_doc = Combined(*declared, Node{});
    record.statement = Fill(c.statement, statement_doc);
    if (probes == nullptr || probes->evidence == nullptr) {
      record.detail = "not verified: probes were not run (offline)";
      out.records.push_back(std::move(record));
      continue;
    }
    std::vector<Seen> seen;
    for (const Endpoint* e : EndpointsFor(c.check, probes->endpoints))
      seen.push_back(Observe(c, *declared, *e, *probes, eval));
    auto count = [&](Outcome o) {
      return std::count_if(seen.begin(), seen.end(), [&](const Seen& s) { return s.outcome == o; });
    };
    if (seen.empty()) {
      record.detail = "not verified: no audited endpoint to observe it";
    } else if (count(Outcome::kFail) > 0) {
      record.status = ClaimStatus::kContradicted;
      record.detail = Join(seen, Outcome::kFail);
      record.finding_id = "claim." + c.path;
      out.contradictions.push_back(Contradiction(c, record, seen, findings));
    } else if (count(Outcome::kPass) == static_cast<long>(seen.size())) {
      record.status = ClaimStatus::kConfirmed;
      record.detail = Join(seen, Outcome::kPass);
    } else {
      std::string unverified = Join(seen, Outcome::kMissingEvidence);
      std::string errors = Join(seen, Outcome::kError);
      record.detail = "not verified: " + unverified +
                      (unverified.empty() || errors.empty() ? "" : "; ") + errors;
      if (std::string agreed = Join(seen, Outcome::kPass); !agreed.empty())
        record.detail += "; agrees: " + agreed;
    }
    out.records.push_back(std::move(record));
  }
  return out;
}

}  // namespace checker::evaluate
