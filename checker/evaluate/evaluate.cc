// Deciding rules against a manifest. Pure functions of their inputs: no global state, so audits
// of many vendors may run at once over one RuleSet.

#include <algorithm>
#include <chrono>
#include <ctime>
#include <unordered_set>

#include "checker/audit.h"

#include "evaluate/audited_endpoints.h"
#include "evaluate/claims.h"
#include "evaluate/decide_findings.h"
#include "evaluate/grayzone_case.h"
#include "evaluate/probe_checks.h"
#include "evaluate/reasons.h"

namespace checker {

namespace {

void AddEvidence(Decision& f, const EvalResult& r, const Document& manifest) {
  // A rule reads a few paths: searching them in place is cheaper than hashing, until it is not.
  constexpr size_t kSearchInPlace = 64;
  std::unordered_set<std::string_view> seen;
  const bool hashed = f.evidence.size() + r.evidence.size() > kSearchInPlace;
  f.evidence.reserve(f.evidence.size() + r.evidence.size());  // keeps the views in `seen` valid
  if (hashed)
    for (const auto& e : f.evidence) seen.insert(e.path);
  for (const auto& e : r.evidence) {
    if (hashed ? !seen.insert(e.path).second
               : std::any_of(f.evidence.begin(), f.evidence.end(),
                             [&](const Evidence& known) { return known.path == e.path; }))
      continue;
    f.evidence.push_back(
        {"manifest", e.path, NodeToJson(*e.node), manifest.Locate(e.node->position), ""});
  }
}

// "found a = 1, b = \"x\"": the values the verdict rests on, so a vendor sees what to change.
std::string Found(const Decision& f) {
  std::string out;
  size_t shown = 0;
  for (const auto& e : f.evidence) {
    if (shown++ == 4) {
      out += ", ...";
      break;
    }
    std::string value = e.value.size() > 80 ? e.value.substr(0, 77) + "..." : e.value;
    out += (out.empty() ? "; found " : ", ") + e.path + " = " + value;
  }
  return out;
}

std::string JoinPaths(const std::vector<std::string>& paths) {
  std::string out;
  for (const auto& p : paths) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// Applies a predicate's outcome to the finding; returns true when the predicate held.
bool Decide(Decision& f, const EvalResult& r, const Document& manifest, std::string_view what) {
  AddEvidence(f, r, manifest);
  switch (r.status) {
    case EvalStatus::kTrue:
      return true;
    case EvalStatus::kFalse:
      return false;
    case EvalStatus::kMissing:
      f.outcome = Outcome::kMissingEvidence;
      f.missing_paths = r.missing_paths;
      f.message = "the manifest does not declare " + JoinPaths(r.missing_paths) + " (needed by " +
                  std::string(what) + ")";
      return false;
    case EvalStatus::kError: {
      f.outcome = Outcome::kError;
      f.stopped = f.stopped || r.stopped;
      f.message = std::string(what) + ": " + r.error;
      if (r.error_position.line != 0) {
        f.message += " (" + manifest.Locate(r.error_position).ToString() + ")";
      }
      return false;
    }
  }
  return false;
}

// Every condition of a failing manifest check, each with the manifest line it read (or, for an
// absent value, the line where it would be declared).
void ExplainFailure(const Check& check, const Document& manifest, const EvalOptions& eval,
                    Decision& f) {
  for (const FailedCondition& c : check.expect->Explain(manifest.root, eval)) {
    const Node* at = c.node != nullptr ? c.node : c.nearest;
    evaluate::ReasonSource source;
    if (at != nullptr && at != &manifest.root && at->position.line != 0)
      source.location = manifest.Locate(at->position);
    f.reasons.push_back(evaluate::MakeReason(check, c, std::move(source)));
  }
  if (!f.reasons.empty()) f.message = evaluate::SummariseReasons(f.reasons);
}

std::string LawList(const Node& spec) {
  std::string out;
  if (const Node* laws = spec.Find("laws"); laws != nullptr && laws->is_list()) {
    for (const auto& law : laws->items) {
      const Node* name = law.Find("law");
      const Node* article = law.Find("article");
      if (name == nullptr) continue;
      out += (out.empty() ? "" : "; ") + name->text;
      if (article != nullptr) out += " " + article->text;
      if (const Node* c = law.Find("confidence"); c != nullptr && c->text == "unconfirmed")
        out += " [unconfirmed]";
    }
  }
  return out;
}

std::string LocalizedSpec(const Node& spec, std::string_view key) {
  const Node* n = spec.Find(key);
  if (n == nullptr) return "";
  if (const Node* en = n->Find("en")) return en->text;
  return n->text;
}

// A rule that declares absence a violation (`absent: {verdict: fail}`) fails where its check
// lacks manifest evidence; the message says so and names every absent path.
void JudgeAbsence(const Rule& rule, Decision& f) {
  if (!rule.absent || f.outcome != Outcome::kMissingEvidence || f.missing_paths.empty()) return;
  f.outcome = Outcome::kFail;
  f.message = "absence is a violation of this rule: the manifest does not declare " +
              JoinPaths(f.missing_paths) + " (" + rule.absent->reason.Get(Language::kEn) + ")";
}

}  // namespace

namespace {

Decision DecideUnnamed(const Rule& rule, const Document& manifest, const ProbeContext* probes,
                       const EvalOptions& eval) {
  Decision f;
  const Check& check = *rule.check;

  if (rule.applies_when) {
    EvalResult r = rule.applies_when->Evaluate(manifest.root, eval);
    bool applies = Decide(f, r, manifest, "applies_when");
    if (r.status == EvalStatus::kMissing || r.status == EvalStatus::kError) return f;
    if (!applies) {
      f.outcome = Outcome::kNotApplicable;
      f.message = "does not apply: " + rule.applies_when->one_line();
      return f;
    }
  }

  // The check's own evidence comes first (it is what a vendor must change); the facts that made
  // the rule apply follow.
  const size_t applicability_evidence = f.evidence.size();
  auto check_evidence_first = [&] {
    std::rotate(f.evidence.begin(), f.evidence.begin() + static_cast<long>(applicability_evidence),
                f.evidence.end());
  };
  switch (check.type) {
    case CheckType::kManifest: {
      EvalResult r = check.expect->Evaluate(manifest.root, eval);
      bool holds = Decide(f, r, manifest, "check");
      check_evidence_first();
      if (r.status == EvalStatus::kTrue || r.status == EvalStatus::kFalse) {
        f.outcome = holds ? Outcome::kPass : Outcome::kFail;
        f.message = holds ? "holds" : "does not hold: " + check.expect->one_line() + Found(f);
        if (!holds) ExplainFailure(check, manifest, eval, f);
      }
      JudgeAbsence(rule, f);
      return f;
    }
    case CheckType::kGrayzone: {
      EvalResult r = check.expect->Evaluate(manifest.root, eval);
      bool raised = Decide(f, r, manifest, "gray-zone facts");
      check_evidence_first();
      if (r.status == EvalStatus::kTrue || r.status == EvalStatus::kFalse) {
        f.outcome = raised ? Outcome::kLegalReview : Outcome::kNotApplicable;
        f.message =
            raised ? "legal question for the regulator: " + LocalizedSpec(check.spec, "question") +
                         " [" + LawList(check.spec) + "]"
                   : "the facts that raise this question are absent";
      }
      return f;
    }
    case CheckType::kAttestation:
      f.outcome = Outcome::kManual;
      f.message = "a reviewer must examine: " + LocalizedSpec(check.spec, "evidence");
      return f;
    case CheckType::kHttp:
    case CheckType::kTls:
    case CheckType::kDocument:
      evaluate::DecideProbeCheck(check, manifest, probes, eval, f);
      check_evidence_first();
      // Of a probe check, only the document URL is manifest evidence whose absence may fail.
      if (check.type == CheckType::kDocument && f.missing_paths.size() == 1 &&
          f.missing_paths[0] == check.url_path)
        JudgeAbsence(rule, f);
      return f;
  }
  return f;
}

}  // namespace

Decision DecideRule(const Rule& rule, const Document& manifest, const ProbeContext* probes,
                    const EvalOptions& eval) {
  Decision f = DecideUnnamed(rule, manifest, probes, eval);
  // A budget spent is the rule's doing (or the document's): say which rule, so that the pack's
  // author can find it.
  if (f.stopped) f.message = "rule " + rule.id + ": " + f.message;
  return f;
}

Finding EvaluateRule(const SelectedRule& selected, const Document& manifest,
                     const ProbeContext* probes, const EvalOptions& eval) {
  const Rule& rule = *selected.rule;
  Decision d = DecideRule(rule, manifest, probes, eval);
  Finding f;
  f.rule_id = rule.id;
  f.pack_id = rule.pack_id;
  f.title = rule.title;
  f.level = selected.level;
  f.severity = rule.severity;
  f.category = rule.category;
  f.check_type = rule.check->type;
  f.check_id = rule.check->id;
  f.outcome = d.outcome;
  f.message = std::move(d.message);
  f.reasons = std::move(d.reasons);
  if (d.outcome == Outcome::kFail && rule.check->expect)
    f.expression = rule.check->expect->one_line();
  f.evidence = std::move(d.evidence);
  f.missing_paths = std::move(d.missing_paths);
  f.endpoints = std::move(d.endpoints);
  f.citations = rule.citations;
  f.remediation = rule.remediation;
  f.tags = rule.tags;
  f.rule_location = rule.location;
  if (rule.check->type == CheckType::kGrayzone) evaluate::FillGrayzoneCase(rule.check->spec, f);
  return f;
}

std::string NowIso8601() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

namespace {

// service.operator.name, whole: in a flow mapping, `{name: Hinode Co., Ltd., country: JP}`
// cuts the name at its comma and makes `Ltd.` a key without a value. Dual control compares this
// name, so the keys without values that follow it are joined back as they were written.
std::string OperatorName(const Node& root) {
  const Node* op = root.FindPath("service.operator");
  if (op == nullptr || !op->is_map()) return "";
  std::string name;
  bool in_name = false;
  for (const auto& m : op->members) {
    if (m.key == "name") {
      name = m.value.text;
      in_name = m.value.kind == NodeKind::kString;
    } else if (in_name && m.value.is_null()) {
      name += ", " + m.key;
    } else {
      in_name = false;
    }
  }
  return name;
}

}  // namespace

namespace evaluate {

AuditResult DecideFindings(const RuleSet& rules, std::span<const SelectedRule> selection,
                           const Document& manifest, const AuditOptions& options,
                           const ProbeContext* probes) {
  AuditResult result;
  result.fail_on = options.fail_on;
  result.tool_version = options.tool_version;
  result.generated_at = options.generated_at.empty() ? NowIso8601() : options.generated_at;
  result.profile_id = options.profile_id;
  result.audit_date = options.today;
  EvalOptions eval;
  eval.today = options.today;
  eval.max_steps = options.max_eval_steps;
  eval.cancel = options.cancel;
  result.subject.manifest_path = manifest.source_name;
  result.subject.manifest_format = std::string(DocumentFormatName(manifest.format));
  result.subject.manifest_sha256 = manifest.sha256;
  if (const Node* id = manifest.root.FindPath("service.id")) result.subject.service_id = id->text;
  if (const Node* name = manifest.root.FindPath("service.name"))
    result.subject.service_name = name->text;
  result.subject.operator_name = OperatorName(manifest.root);
  if (const Node* d = manifest.root.FindPath("service.description");
      d != nullptr && d->kind == NodeKind::kString) {
    result.subject.service_description = d->text;
    result.subject.service_description_location = manifest.Locate(d->position);
  }
  ProbeContext context;
  if (probes != nullptr) {
    context = *probes;
    if (context.evidence != nullptr) {
      result.probes = *context.evidence;
      // One document per observation, shared by every rule and endpoint that reads it.
      if (!context.http_documents)
        context.http_documents = BuildHttpDocuments(*context.evidence, context.now);
    }
  }
  std::vector<std::string> packs_used;
  std::optional<Document> audited;
  if (probes != nullptr) audited = evaluate::WithAuditedEndpoints(manifest, probes->endpoints);
  auto add = [&](Finding f) {
    if (std::find(packs_used.begin(), packs_used.end(), f.pack_id) == packs_used.end())
      packs_used.push_back(f.pack_id);
    result.findings.push_back(std::move(f));
  };
  const ProbeContext* shared = probes != nullptr ? &context : nullptr;
  for (const auto& s : selection) {
    if (eval.cancel != nullptr && eval.cancel->load()) break;
    Finding f = EvaluateRule(s, audited ? *audited : manifest, shared, eval);
    if (audited) evaluate::MarkTargetEvidence(f);
    add(std::move(f));
  }
  // Declared versus observed (docs/claims.md): audits with endpoints (live, replayed or offline)
  // list the manifest's observable claims; contradicted ones are findings of their own.
  if (probes != nullptr) {
    auto claims = evaluate::CheckClaims(manifest, shared, result.findings, eval);
    result.claims = std::move(claims.records);
    for (auto& f : claims.contradictions) add(std::move(f));
  }
  for (const auto& id : packs_used) {
    if (const Pack* p = rules.FindPack(id))
      result.rule_sources.push_back({p->id, p->version, p->source.edition, p->sha256});
  }
  return result;
}

}  // namespace evaluate

void Aggregate(AuditResult& result, const std::map<std::string, double>& category_weights) {
  result.counts = {};
  for (const auto& f : result.findings) {
    result.counts.by_outcome[f.outcome]++;
    result.counts.total++;
  }
  result.certification = Certify(result.findings, category_weights);
}

AuditResult RunAudit(const RuleSet& rules, std::span<const SelectedRule> selection,
                     const Document& manifest, const AuditOptions& options,
                     const ProbeContext* probes) {
  AuditResult result = evaluate::DecideFindings(rules, selection, manifest, options, probes);
  Aggregate(result, options.category_weights);
  return result;
}

}  // namespace checker
