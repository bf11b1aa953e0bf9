#include "evaluate/probe_checks.h"

#include <algorithm>

#include "checker/http_facts.h"

#include "evaluate/probe_reasons.h"
#include "evaluate/probe_specs.h"
#include "evaluate/reasons.h"

namespace checker::evaluate {

namespace {

// One target of a probe check (an endpoint, or the document URL) and what it gave.
struct Part {
  Outcome outcome = Outcome::kPass;
  std::string url;      // the endpoint (or document URL), for the per-endpoint results
  std::string purpose;  // the endpoint's purpose, "document" for a document check
  std::string target;   // what was probed, for messages ("GET https://...")
  std::string detail;   // the reason for a non-pass outcome
  std::vector<std::string> missing;
  std::vector<std::string> probe_ids;
};

Evidence Observed(std::string source, std::string path, std::string value, std::string probe_id) {
  Evidence e;
  e.source = std::move(source);
  e.path = std::move(path);
  e.value = std::move(value);
  e.probe_id = std::move(probe_id);
  return e;
}

std::string Clip(std::string s) {
  if (s.size() > 300) s = s.substr(0, 297) + "...";
  return s;
}

void Evaluate(const Check& check, const Node& doc, const std::string& source,
              const std::string& probe_id, const EvalOptions& eval, Part& part, Decision& d,
              const HttpObservation* http = nullptr) {
  EvalResult r = check.expect->Evaluate(doc, eval);
  std::string found;
  for (const auto& e : r.evidence) {
    std::string value = Clip(NodeToJson(*e.node));
    if (found.size() < 200) found += (found.empty() ? "; found " : ", ") + e.path + " = " + value;
    d.evidence.push_back(Observed(source, e.path, value, probe_id));
  }
  // A rule that read the body where the evidence kept only its digest and excerpt did not see
  // its evidence, whatever the expression made of the absence.
  if (std::string path = http ? BodyPathNotKept(r, doc) : ""; !path.empty()) {
    part.outcome = Outcome::kMissingEvidence;
    part.detail = part.target + ": the rule reads " + path +
                  ", but the evidence keeps only the SHA-256, length and an excerpt of the body (" +
                  (http->body_omitted.empty() ? std::string("no rule was planned to read it")
                                              : http->body_omitted) +
                  ")";
    part.missing.push_back(path);
    return;
  }
  switch (r.status) {
    case EvalStatus::kTrue:
      part.outcome = Outcome::kPass;
      break;
    case EvalStatus::kFalse: {
      part.outcome = Outcome::kFail;
      std::vector<Reason> reasons = ProbeReasons(check, doc, part.target, eval);
      part.detail =
          "does not hold at " + part.target + ": " +
          (reasons.empty() ? check.expect->one_line() + found : SummariseReasons(reasons));
      d.reasons.insert(d.reasons.end(), reasons.begin(), reasons.end());
      break;
    }
    case EvalStatus::kMissing:
      part.outcome = Outcome::kFail;  // an absent field of a response is an absent feature
      part.detail = "does not hold at " + part.target + ": the response lacks " +
                    (r.missing_paths.empty() ? std::string("a field") : r.missing_paths[0]);
      break;
    case EvalStatus::kError:
      part.outcome = Outcome::kError;
      part.detail = part.target + ": " + r.error;
      if (r.stopped) d.stopped = true;
      break;
  }
}

void HttpPart(const Check& check, const HttpProbeSpec& spec, const ProbeContext& ctx,
              const EvalOptions& eval, Part& part, Decision& d) {
  part.target = spec.method + " " + RedactUrl(spec.url);
  size_t candidates = 0;
  const HttpObservation* found = FindObservation(*ctx.evidence, spec, &candidates);
  if (found == nullptr) {
    part.outcome = Outcome::kMissingEvidence;
    part.detail = candidates > 1 ? "the evidence holds " + std::to_string(candidates) +
                                       " observations of " + part.target +
                                       " that differ only in masked credentials; which one "
                                       "this rule's request made cannot be told"
                                 : "no observation of " + part.target + " in the evidence";
    return;
  }
  const HttpObservation& o = *found;
  part.target = o.spec.method + " " + o.spec.url;  // as stored: --redact applied
  part.probe_ids.push_back(o.key);
  if (!o.ok) {
    part.outcome = Outcome::kError;
    part.detail = part.target + ": " + o.error;
    d.evidence.push_back(Observed("http", "error", Clip("\"" + o.error + "\""), o.key));
    return;
  }
  if (const TlsObservation* tls = ClientCertificateGap(o, *ctx.evidence)) {
    part.outcome = Outcome::kMissingEvidence;
    part.detail = part.target + ": " + kClientCertificateNeeded;
    part.probe_ids.push_back(tls->key);
    d.evidence.push_back(Observed("tls", "client_certificate.requested", "true", tls->key));
    return;
  }
  if (ctx.http_documents) {
    if (auto doc = ctx.http_documents->find(o.key); doc != ctx.http_documents->end()) {
      Evaluate(check, doc->second, "http", o.key, eval, part, d, &o);
      return;
    }
  }
  Evaluate(check, HttpObservationDocument(o, ctx.now), "http", o.key, eval, part, d, &o);
}

// The rule's outcome over its parts: a definite fail anywhere fails the rule, whatever the other
// endpoints gave (an endpoint that timed out cannot excuse one that was seen to fail). Without a
// fail, an error outranks missing evidence, and the rule passes only when every part passed.
Outcome Overall(const std::vector<Part>& parts) {
  auto any = [&](Outcome o) {
    return std::any_of(parts.begin(), parts.end(), [&](const Part& p) { return p.outcome == o; });
  };
  for (Outcome o : {Outcome::kFail, Outcome::kError, Outcome::kMissingEvidence})
    if (any(o)) return o;
  return Outcome::kPass;
}

void Aggregate(std::vector<Part>& parts, Decision& d) {
  d.outcome = Overall(parts);
  for (auto& p : parts)
    d.endpoints.push_back({p.url, p.purpose, p.outcome, p.detail, std::move(p.probe_ids)});
  if (d.outcome == Outcome::kPass) {
    d.message =
        "holds at " + std::to_string(parts.size()) + " endpoint" + (parts.size() == 1 ? "" : "s");
    return;
  }
  // Every part with the rule's outcome speaks first; the parts left undecided follow, so a
  // reader sees that a fail stands although another endpoint erred or lacked evidence.
  std::string decided, undecided;
  for (const auto& p : parts) {
    if (p.outcome == d.outcome) {
      decided += (decided.empty() ? "" : "; ") + p.detail;
      for (const auto& m : p.missing)
        if (std::find(d.missing_paths.begin(), d.missing_paths.end(), m) == d.missing_paths.end())
          d.missing_paths.push_back(m);
    } else if (IsFailing(p.outcome)) {
      undecided +=
          (undecided.empty() ? "" : "; ") + std::string(OutcomeName(p.outcome)) + ": " + p.detail;
    }
  }
  d.message = decided + (undecided.empty() ? "" : "; besides, " + undecided);
}

}  // namespace

void DecideProbeCheck(const Check& check, const Document& manifest, const ProbeContext* probes,
                      const EvalOptions& eval, Decision& d) {
  if (probes == nullptr || probes->evidence == nullptr) {
    d.outcome = Outcome::kMissingEvidence;
    d.message = "needs endpoint evidence; probes were not run (offline)";
    return;
  }
  std::vector<Part> parts;
  if (check.type == CheckType::kDocument) {
    Part& part = parts.emplace_back();
    part.purpose = "document";
    std::string why;
    DocumentGap gap;
    if (auto spec = DocumentSpecFor(check, manifest, probes->endpoints, &why, &gap)) {
      part.url = RedactUrl(spec->url);
      HttpPart(check, *spec, *probes, eval, part, d);
    } else {
      bool missing = gap == DocumentGap::kMissing;
      part.outcome = gap == DocumentGap::kInvalid ? Outcome::kError : Outcome::kMissingEvidence;
      part.detail = missing ? "the manifest does not declare " + why : why;
      if (missing) part.missing.push_back(why);
    }
  } else {
    auto endpoints = EndpointsFor(check, probes->endpoints);
    if (endpoints.empty()) {
      d.outcome = Outcome::kMissingEvidence;
      d.missing_paths = {"endpoints"};
      std::string purposes;
      for (const auto& p : check.endpoint_purposes)
        purposes += (purposes.empty() ? "" : " or ") + p;
      d.message = "the manifest declares no endpoint" +
                  (purposes.empty() ? "" : " for " + purposes) + " to probe";
      return;
    }
    for (const Endpoint* e : endpoints) {
      Part& part = parts.emplace_back();
      part.url = RedactUrl(e->url);
      part.purpose = e->purpose;
      part.target = RedactUrl(e->url);
      if (check.type == CheckType::kHttp) {
        std::string why;
        if (auto spec = HttpSpecFor(check, *e, &why)) {
          HttpPart(check, *spec, *probes, eval, part, d);
        } else {
          part.outcome = Outcome::kMissingEvidence;
          part.detail = why;
        }
        continue;
      }
      auto specs = TlsSpecsFor(*e);
      if (specs.empty()) {
        part.outcome = Outcome::kFail;
        part.detail = e->url + " is not an https endpoint";
        continue;
      }
      std::vector<const TlsObservation*> handshakes;
      for (const auto& spec : specs) {
        auto it = probes->evidence->tls.find(spec.Key());
        if (it != probes->evidence->tls.end()) handshakes.push_back(&it->second);
      }
      for (const TlsObservation* h : handshakes) part.probe_ids.push_back(h->key);
      if (handshakes.size() != specs.size()) {
        part.outcome = Outcome::kMissingEvidence;
        part.detail = "no TLS observations of " + e->url + " in the evidence";
        continue;
      }
      const TlsObservation* negotiated = handshakes.front();
      if (!negotiated->handshake_ok) {
        part.outcome = Outcome::kError;
        part.detail = "TLS to " + e->url + ": " + negotiated->error;
        d.evidence.push_back(
            Observed("tls", "error", Clip("\"" + negotiated->error + "\""), negotiated->key));
        continue;
      }
      Evaluate(check, TlsObservationDocument(handshakes), "tls", negotiated->key, eval, part, d);
    }
  }
  Aggregate(parts, d);
}

}  // namespace checker::evaluate

namespace checker {

std::shared_ptr<const std::map<std::string, Node>> BuildHttpDocuments(const ProbeEvidence& evidence,
                                                                      int64_t now) {
  auto out = std::make_shared<std::map<std::string, Node>>();
  for (const auto& [key, o] : evidence.http)
    if (o.ok) out->emplace(key, HttpObservationDocument(o, now));
  return out;
}

}  // namespace checker
