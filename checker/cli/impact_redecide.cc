// Re-deciding recorded audits against a new edition (docs/impact.md, "With a history database").
// Replay only: the probe evidence is the one the report kept, nothing is probed. A rule that the
// new edition leaves as it was keeps its recorded finding (with the review and waivers the audit
// applied); every added or changed rule is decided again, and an endpoint rule whose evidence the
// report did not keep is missing_evidence.

#include "cli/impact_redecide.h"

#include <cstdio>
#include <map>

#include "checker/audit.h"
#include "checker/certificate_events.h"
#include "checker/certificate_store.h"
#include "checker/dates.h"
#include "checker/document.h"
#include "checker/history.h"
#include "checker/report.h"
#include "checker/safe_text.h"

#include "cli/commands.h"

namespace checker::cli {

namespace {

struct Basis {
  std::string vendor_id;
  std::string audit_id;
  std::string label;                  // "certificate CHK-..." or "audit 1234abcd..."
  std::optional<AuditRecord> record;  // when already read
};

void ReasonsOf(const Finding& f, std::vector<std::string>* out) {
  for (const auto& r : f.reasons)
    out->push_back(!r.text.en.empty() ? r.text.en : r.condition + " (saw " + r.observed + ")");
  if (out->empty() && !f.message.empty()) out->push_back(f.message);
}

// The audit re-decided; nullopt with a note when it cannot be.
std::optional<VendorImpact> Redecide(HistoryDb& db, const Basis& basis, const Editions& editions,
                                     const EditionComparison& comparison, std::string* note) {
  std::string error;
  auto json = db.ReportJson(basis.audit_id, &error);
  if (!json) return *note = error, std::nullopt;
  DiagnosticSink sink;
  auto old = ParseJsonReport(*json, basis.audit_id, sink);
  if (!old) return *note = "its archived report does not read back", std::nullopt;
  std::optional<AuditRecord> record = basis.record;
  if (!record)
    if (auto audits = db.Audits(basis.vendor_id, &error))
      for (auto& a : *audits)
        if (a.audit_id == basis.audit_id) record = std::move(a);
  if (!record)  // recorded under another vendor id than the certificate's service id
    if (auto vendors = db.Vendors(&error))
      for (const auto& v : *vendors)
        if (auto audits = db.Audits(v.vendor_id, &error))
          for (auto& a : *audits)
            if (a.audit_id == basis.audit_id) record = std::move(a);
  if (!record) return *note = "its audit is not in the database", std::nullopt;
  auto manifest_text = db.ManifestText(record->manifest_sha256, &error);
  if (!manifest_text) return *note = error, std::nullopt;
  auto format = FormatFromName("manifest." + record->manifest_format);
  if (!format) return *note = "unknown manifest format " + record->manifest_format, std::nullopt;
  auto manifest = ParseDocument({record->manifest_path, *manifest_text}, *format, {}, sink);
  if (!manifest) return *note = "its archived manifest does not parse", std::nullopt;

  std::vector<SelectedRule> selection;
  std::map<std::string, double> weights;
  if (!old->profile_id.empty()) {
    const Profile* profile = editions.to.FindProfile(old->profile_id);
    if (profile == nullptr)
      return *note = "profile " + old->profile_id + " is not in the new edition", std::nullopt;
    selection = editions.to.Select(*profile);
    weights = profile->category_weights;
  } else {
    std::vector<std::string> packs;
    for (const auto& s : old->rule_sources) packs.push_back(s.pack_id);
    selection = editions.to.SelectPacks(packs);
  }

  ProbeContext context;
  if (old->probe_mode != "offline") {
    context.endpoints = AuditEndpoints(*manifest, {});
    context.evidence = &old->probes;
    context.now = old->probes.collected_at;
  }
  std::map<std::string, const Finding*> recorded;
  for (const auto& f : old->findings) recorded.emplace(f.rule_id, &f);

  VendorImpact impact;
  impact.vendor_id = basis.vendor_id;
  impact.service_name = old->subject.service_name;
  impact.basis = basis.label;
  impact.decision_before = std::string(DecisionName(old->certification.decision));
  impact.grade_before = std::string(GradeName(old->certification.grade));
  std::vector<Finding> findings;
  for (const auto& selected : selection) {
    auto it = recorded.find(selected.rule->id);
    bool unchanged = comparison.Find(selected.rule->id) == nullptr;
    if (it != recorded.end() && unchanged && it->second->level == selected.level) {
      findings.push_back(*it->second);
      continue;
    }
    findings.push_back(EvaluateRule(selected, *manifest, &context));
    const Finding& now = findings.back();
    std::string before = it == recorded.end() ? "" : std::string(OutcomeName(it->second->outcome));
    std::string after(OutcomeName(now.outcome));
    bool passes = now.outcome == Outcome::kPass || now.outcome == Outcome::kNotApplicable;
    if (it != recorded.end() && before == after && (passes || it->second->level == selected.level))
      continue;
    std::string level(LevelName(selected.level));
    if (it != recorded.end() && it->second->level != selected.level)
      level = std::string(LevelName(it->second->level)) + " -> " + level;
    RuleImpact rule{now.rule_id, before, after, level, {}, {}};
    if (!passes) {
      ReasonsOf(now, &rule.reasons);
      rule.remediation = now.remediation.en;
    }
    impact.rules.push_back(std::move(rule));
  }
  Certification after = Certify(findings, weights);
  impact.decision_after = std::string(DecisionName(after.decision));
  impact.grade_after = std::string(GradeName(after.grade));
  return impact;
}

}  // namespace

int RedecideFromHistory(const std::string& db_path, const std::string& today,
                        const Editions& editions, ImpactReport* report) {
  HistoryOptions options;
  options.create = false;
  options.read_only = true;
  std::string error;
  auto db = HistoryDb::Open(db_path, options, &error);
  if (!db) {
    std::fprintf(stderr, "checker impact: %s\n", TerminalSafe(error).c_str());
    return kExitUsage;
  }
  auto events = ReadCertificateEvents(*db, &error);
  auto vendors = db->Vendors(&error);
  if (!events || !vendors) {
    std::fprintf(stderr, "checker impact: %s\n", TerminalSafe(error).c_str());
    return kExitUsage;
  }
  std::string day = today.empty() ? NowIso8601().substr(0, 10) : today;
  std::vector<Basis> bases;
  for (const auto& e : *events) {
    if (e.kind != CertificateEventKind::kIssue) continue;
    auto status = StatusOn(e.certificate_id, *events, day);
    if (!status || status->state != CertificateState::kValid || !status->certificate) continue;
    bases.push_back({status->certificate->service_id, status->certificate->report_sha256,
                     "certificate " + e.certificate_id, std::nullopt});
  }
  if (!bases.empty()) {
    report->history_basis = std::to_string(bases.size()) + " certificate(s) in force on " + day +
                            ": each re-decides the audit it was issued for";
  } else {
    report->history_basis = "no certificate in force on " + day +
                            ": every vendor's latest recorded audit is re-decided instead";
    for (const auto& v : *vendors)
      bases.push_back(
          {v.vendor_id, v.latest.audit_id, "audit " + v.latest.audit_id.substr(0, 12), v.latest});
  }
  for (const auto& basis : bases) {
    std::string note;
    auto impact = Redecide(*db, basis, editions, report->editions, &note);
    if (impact)
      report->vendors.push_back(std::move(*impact));
    else
      report->notes.push_back(basis.vendor_id + " (" + basis.label + "): not re-decided: " + note);
  }
  return kExitOk;
}

}  // namespace checker::cli
