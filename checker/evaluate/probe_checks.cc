#include "evaluate/probe_checks.h"

#include "checker/http_facts.h"

#include "evaluate/probe_specs.h"

namespace checker::evaluate {

namespace {

// One target of a probe check (an endpoint, or the document URL) and what it gave.
struct Part {
  Outcome outcome = Outcome::kPass;
  std::string target;
  std::string detail;  // the reason for a non-pass outcome
  std::vector<std::string> missing;
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

int Severity(Outcome o) {
  switch (o) {
    case Outcome::kError:
      return 3;
    case Outcome::kFail:
      return 2;
    case Outcome::kMissingEvidence:
      return 1;
    default:
      return 0;
  }
}

void Evaluate(const Check& check, const Node& doc, const std::string& source,
              const std::string& probe_id, Part& part, Decision& d) {
  EvalResult r = check.expect->Evaluate(doc);
  std::string found;
  for (const auto& e : r.evidence) {
    std::string value = Clip(NodeToJson(*e.node));
    if (found.size() < 200) found += (found.empty() ? "; found " : ", ") + e.path + " = " + value;
    d.evidence.push_back(Observed(source, e.path, value, probe_id));
  }
  switch (r.status) {
    case EvalStatus::kTrue:
      part.outcome = Outcome::kPass;
      break;
    case EvalStatus::kFalse:
      part.outcome = Outcome::kFail;
      part.detail = "does not hold at " + part.target + ": " + check.expect->one_line() + found;
      break;
    case EvalStatus::kMissing:
      part.outcome = Outcome::kFail;  // an absent field of a response is an absent feature
      part.detail = "does not hold at " + part.target + ": the response lacks " +
                    (r.missing_paths.empty() ? std::string("a field") : r.missing_paths[0]);
      break;
    case EvalStatus::kError:
      part.outcome = Outcome::kError;
      part.detail = part.target + ": " + r.error;
      break;
  }
}

void HttpPart(const Check& check, const HttpProbeSpec& spec, const ProbeContext& ctx, Part& part,
              Decision& d) {
  part.target = spec.method + " " + spec.url;
  auto it = ctx.evidence->http.find(spec.Key());
  if (it == ctx.evidence->http.end()) {
    part.outcome = Outcome::kMissingEvidence;
    part.detail = "no observation of " + part.target + " in the evidence";
    return;
  }
  const HttpObservation& o = it->second;
  if (!o.ok) {
    part.outcome = Outcome::kError;
    part.detail = part.target + ": " + o.error;
    d.evidence.push_back(Observed("http", "error", Clip("\"" + o.error + "\""), o.key));
    return;
  }
  Evaluate(check, HttpObservationDocument(o, ctx.now), "http", o.key, part, d);
}

}  // namespace

void DecideProbeCheck(const Check& check, const Document& manifest, const ProbeContext* probes,
                      Decision& d) {
  if (probes == nullptr || probes->evidence == nullptr) {
    d.outcome = Outcome::kMissingEvidence;
    d.message = "needs endpoint evidence; probes were not run (offline)";
    return;
  }
  std::vector<Part> parts;
  if (check.type == CheckType::kDocument) {
    Part& part = parts.emplace_back();
    std::string why;
    bool missing = false;
    if (auto spec = DocumentSpecFor(check, manifest, probes->endpoints, &why, &missing)) {
      HttpPart(check, *spec, *probes, part, d);
    } else {
      part.outcome = missing ? Outcome::kMissingEvidence : Outcome::kError;
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
      part.target = e->url;
      if (check.type == CheckType::kHttp) {
        std::string why;
        if (auto spec = HttpSpecFor(check, *e, &why)) {
          HttpPart(check, *spec, *probes, part, d);
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
      Evaluate(check, TlsObservationDocument(handshakes), "tls", negotiated->key, part, d);
    }
  }
  const Part* worst = &parts.front();
  for (const auto& p : parts)
    if (Severity(p.outcome) > Severity(worst->outcome)) worst = &p;
  d.outcome = worst->outcome;
  if (d.outcome == Outcome::kPass) {
    d.message =
        "holds at " + std::to_string(parts.size()) + " endpoint" + (parts.size() == 1 ? "" : "s");
  } else {
    d.message = worst->detail;
    d.missing_paths = worst->missing;
  }
}

}  // namespace checker::evaluate
