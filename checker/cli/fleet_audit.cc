// One vendor of a fleet audited in this process through the Auditor: the rule packs are loaded
// and compiled once per set of rule paths and shared by every vendor (the Auditor is reentrant
// over one RuleSet); each vendor's manifest, reviews and evidence source are its own.

#include "cli/fleet_audit.h"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "checker/audit.h"
#include "checker/auditor.h"
#include "checker/document.h"
#include "checker/report.h"
#include "checker/review.h"
#include "checker/safe_text.h"

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/evidence_collection.h"
#include "cli/fleet_runner.h"
#include "cli/interrupt.h"

namespace checker::cli {

namespace {

// The rule sets of the run and their manifest schemas, by rule paths: loaded on first use, then
// shared read-only.
struct RuleCache {
  std::mutex mu;
  std::map<std::vector<std::string>, std::unique_ptr<RuleSet>> sets;
  std::map<std::vector<std::string>, bool> failed;
  std::map<std::vector<std::string>, std::unique_ptr<LoadedManifestSchema>> schemas;

  const LoadedManifestSchema& Schema(const std::vector<std::string>& paths) {
    std::lock_guard lock(mu);
    auto& schema = schemas[paths];
    if (!schema) schema = std::make_unique<LoadedManifestSchema>(LoadManifestSchemaOnce(paths));
    return *schema;
  }

  const RuleSet* Get(const std::vector<std::string>& paths) {
    std::lock_guard lock(mu);
    if (auto it = sets.find(paths); it != sets.end()) return it->second.get();
    if (failed.count(paths)) return nullptr;
    auto rules = LoadRules(paths);
    if (!rules) {
      failed[paths] = true;
      return nullptr;
    }
    return (sets[paths] = std::make_unique<RuleSet>(std::move(*rules))).get();
  }
};
RuleCache g_rules;

// The audit options of one vendor as `checker audit` spells them, for the evidence source.
Args AuditArgs(const FleetVendor& v, const FleetSettings& s) {
  Args a;
  if (!v.targets.empty()) a.values["target"] = v.targets;
  if (v.allow_private) a.values["allow-private"] = {""};
  if (v.offline) a.values["offline"] = {""};
  if (!v.replay.empty()) a.values["replay"] = {v.replay};
  if (std::string ca = EffectiveCaBundle(v, s); !ca.empty()) a.values["ca-bundle"] = {ca};
  if (auto [cert, key] = EffectiveClientIdentity(v, s); !cert.empty()) {
    a.values["client-cert"] = {cert};
    a.values["client-key"] = {key};
  }
  for (const auto* patterns : {&s.redact, &v.redact})
    for (const auto& p : *patterns) a.values["redact"].push_back(p);
  for (const auto& [name, value] : s.limits) a.values[name] = {value};
  a.values["per-host"] = {std::to_string(s.probe_limits.per_host)};
  return a;
}

std::string Lines(const DiagnosticSink& sink) {
  std::string out;
  for (const auto& d : sink.diagnostics())
    if (d.severity == Severity::kError)
      out += (out.empty() ? "" : "\n") + d.location.ToString() + ": " + d.message;
  return out;
}

// The index line's view of a result, as the report written from it says.
void Summarise(const AuditResult& r, FleetIndexEntry& e) {
  e.decision = std::string(DecisionName(r.certification.decision));
  e.grade = std::string(GradeName(r.certification.grade));
  e.score = r.certification.score;
  e.service_name = IndexRowOf(r, "").service;
  e.profile = r.profile_id;
  for (const auto& [outcome, n] : r.counts.by_outcome)
    e.outcome_counts[std::string(OutcomeName(outcome))] = n;
  for (const auto& f : r.findings)
    if (f.outcome == Outcome::kFail) e.failing_rules.push_back(f.rule_id);
}

}  // namespace

void ForwardInterruptToAudits() {}  // the audits run in this process and stop on its flag

VendorAuditResult AuditVendor(const FleetVendor& v, const std::string& folder,
                              const FleetSettings& s) {
  VendorAuditResult out;
  auto fail = [&](std::string why) {
    out.errors.push_back("vendor '" + v.id + "': " + std::move(why));
    return out;
  };
  std::vector<std::string> rule_paths =
      v.packs.empty() ? std::vector<std::string>{s.rules_dir} : WithSharedChecks(v.packs);
  const RuleSet* rules = g_rules.Get(rule_paths);
  if (rules == nullptr) return fail("its rule packs have errors (printed above)");
  std::vector<SelectedRule> selection;
  AuditOptions options;
  if (!v.profile.empty()) {
    const Profile* profile = rules->FindProfile(v.profile);
    if (profile == nullptr) return fail("unknown profile '" + v.profile + "'");
    selection = rules->Select(*profile);
    options.category_weights = profile->category_weights;
  } else {
    selection = rules->SelectPacks({});
  }
  DiagnosticSink sink;
  auto manifest = LoadDocument(v.manifest, DocumentLimits{}, sink);
  if (!manifest) return fail(Lines(sink));
  std::vector<ManifestWarning> warnings;
  if (!ApplyManifestSchema(g_rules.Schema(rule_paths), *manifest, v.strict || s.strict, &warnings))
    return fail("its manifest does not follow the manifest schema (printed above)");
  Args args = AuditArgs(v, s);
  std::vector<Review> reviews;
  for (const auto* files : {&v.attestations, &v.waivers})
    for (const auto& file : *files) {
      auto review = LoadReview(file, sink);
      if (!review) return fail(Lines(sink));
      if (args.Has("max-waiver-days"))
        review->max_waiver_days = static_cast<int>(*ParseCount(args.Get("max-waiver-days")));
      reviews.push_back(std::move(*review));
    }
  int exit = kExitOk;
  auto source = EvidenceSourceFromOptions(args, &exit, s.engine);
  if (!source) return fail("its evidence options are refused (printed above)");
  options.profile_id = v.profile;
  options.generated_at = s.generated_at;
  options.tool_version = std::string(Version());
  options.fail_on = *ParseLevel(s.fail_on);
  options.today = s.today;
  if (args.Has("max-steps")) options.max_eval_steps = *ParseCount(args.Get("max-steps"));
  options.cancel = &InterruptFlag();
  AuditRequest request{*manifest, selection, reviews, std::move(warnings), options};
  AuditOutcome audit = Auditor(*rules).Run(request, *source);
  if (Interrupted()) {
    out.interrupted = true;
    return out;
  }
  if (audit.problem) {
    std::string why = audit.problem->message;
    for (const auto& item : audit.problem->items) why += "; " + item;
    for (const auto& d : audit.problem->diagnostics)
      why += "\n" + d.location.ToString() + ": " + d.message;
    return fail(why);
  }
  std::vector<OutputFile> extra;
  if (audit.probed()) extra.push_back({"evidence.json", ProbeEvidenceToJson(audit.evidence)});
  std::vector<std::string> formats = {"json"};
  formats.insert(formats.end(), s.formats.begin(), s.formats.end());
  int written = WriteReports(audit.result, formats, folder, Language::kEn, /*quiet=*/true,
                             std::move(extra), FolderMode::kReplace, s.report_form);
  if (written != kExitOk) {
    out.interrupted = Interrupted();
    out.exit_code = written;
    if (!out.interrupted) out.errors.push_back("vendor '" + v.id + "': reports not written");
    return out;
  }
  out.audited = true;
  Summarise(audit.result, out.summary);
  out.exit_code = FailsAt(audit.result, audit.result.fail_on) ? kExitFindings : kExitOk;
  return out;
}

}  // namespace checker::cli
