// The JSON report: AuditResult <-> JSON. nlohmann::ordered_json keeps keys in the order written
// here, so the same audit always gives the same bytes.

#include <nlohmann/json.hpp>

#include "checker/report.h"

#include "reports/evidence_json.h"
#include "reports/grayzone_json.h"

namespace checker {

namespace {

using Json = nlohmann::ordered_json;

Json Location(const SourceLocation& l) {
  if (l.file.empty() && !l.known()) return nullptr;
  return Json{{"file", l.file}, {"line", l.line}, {"column", l.column}};
}

Json Text(const LocalizedText& t) { return Json{{"ja", t.ja}, {"en", t.en}}; }
// Probe findings: the result at each endpoint (absent on manifest findings).
void AddEndpoints(const Finding& f, Json& j) {
  if (f.endpoints.empty()) return;
  Json out = Json::array();
  for (const auto& e : f.endpoints)
    out.push_back({{"url", e.url},
                   {"purpose", e.purpose},
                   {"outcome", OutcomeName(e.outcome)},
                   {"detail", e.detail},
                   {"probe_ids", e.probe_ids}});
  j["endpoints"] = std::move(out);
}

Json ReasonsJson(const std::vector<Reason>& reasons) {
  Json out = Json::array();
  for (const auto& r : reasons)
    out.push_back({{"text", Text(r.text)},
                   {"condition", r.condition},
                   {"path", r.path},
                   {"observed", r.observed},
                   {"absent", r.absent},
                   {"item", r.item},
                   {"location", Location(r.location)},
                   {"endpoint", r.endpoint},
                   {"header", r.header}});
  return out;
}

Json FindingJson(const Finding& f) {
  Json citations = Json::array();
  for (const auto& c : f.citations)
    citations.push_back({{"document", c.document},
                         {"section", c.section},
                         {"url", c.url},
                         {"confidence", c.unconfirmed ? "unconfirmed" : "confirmed"}});
  Json evidence = Json::array();
  for (const auto& e : f.evidence) {
    Json item{{"source", e.source},
              {"path", e.path},
              {"value", e.value},
              {"location", Location(e.location)}};
    if (!e.probe_id.empty()) item["probe_id"] = e.probe_id;
    evidence.push_back(std::move(item));
  }
  Json j{{"rule_id", f.rule_id},        {"pack_id", f.pack_id},
         {"title", Text(f.title)},      {"outcome", OutcomeName(f.outcome)},
         {"level", LevelName(f.level)}, {"severity", RuleSeverityName(f.severity)},
         {"category", f.category},      {"check_type", CheckTypeName(f.check_type)},
         {"check_id", f.check_id},      {"message", f.message}};
  // A failing check says every condition that failed; its expression stays in the details.
  if (!f.reasons.empty()) j["reasons"] = ReasonsJson(f.reasons);
  if (!f.expression.empty()) j["details"] = {{"expression", f.expression}};
  Json rest{{"evidence", std::move(evidence)},
            {"missing_paths", f.missing_paths},
            {"citations", std::move(citations)},
            {"remediation", Text(f.remediation)},
            {"tags", f.tags},
            {"rule_location", Location(f.rule_location)}};
  for (auto it = rest.begin(); it != rest.end(); ++it) j[it.key()] = std::move(*it);
  AddEndpoints(f, j);
  reports::AddGrayzoneCase(f, j);
  return j;
}

Json WaiversJson(const AuditResult& r) {
  Json out = Json::array();
  for (const auto& w : r.waivers)
    out.push_back({{"rule_id", w.rule_id},
                   {"justification", w.justification},
                   {"approver", w.approver},
                   {"approver_organisation", w.approver_organisation},
                   {"expires", w.expires}});
  return out;
}

// The files written with the report, so that signing covers exactly one run's files.
Json RunFilesJson(const AuditResult& r) {
  Json out = Json::array();
  for (const auto& f : r.run_files)
    out.push_back({{"name", f.name}, {"size", f.size}, {"sha256", f.sha256}});
  return out;
}

// The report keeps every observation with a body excerpt; evidence.json keeps the full bodies.
constexpr size_t kReportBodyExcerpt = 1024;

Json ManifestWarningsJson(const AuditResult& r) {
  Json out = Json::array();
  for (const auto& w : r.manifest_warnings)
    out.push_back(
        {{"file", w.file}, {"line", w.line}, {"column", w.column}, {"message", w.message}});
  return out;
}

Json ProbesJson(const AuditResult& r) {
  Json http = Json::array(), tls = Json::array();
  for (const auto& [key, o] : r.probes.http)
    http.push_back(reports::HttpJson(o, kReportBodyExcerpt));
  for (const auto& [key, o] : r.probes.tls) tls.push_back(reports::TlsJson(o));
  Json out{{"mode", r.probe_mode},
           {"scope", r.scope},
           {"collected_at", r.probes.collected_at},
           {"http", std::move(http)},
           {"tls", std::move(tls)}};
  if (!r.probes.notes.empty()) out["notes"] = r.probes.notes;  // what the evidence leaves out
  return out;
}

}  // namespace

std::string RenderJsonReport(const AuditResult& r) {
  Json counts = Json::object();
  for (Outcome o :
       {Outcome::kPass, Outcome::kFail, Outcome::kNotApplicable, Outcome::kMissingEvidence,
        Outcome::kError, Outcome::kManual, Outcome::kLegalReview, Outcome::kWaived})
    counts[std::string(OutcomeName(o))] = r.counts.Count(o);
  counts["total"] = r.counts.total;
  Json sources = Json::array();
  for (const auto& s : r.rule_sources)
    sources.push_back({{"pack_id", s.pack_id},
                       {"version", s.version},
                       {"edition", s.edition},
                       {"sha256", s.sha256}});
  Json findings = Json::array();
  for (const auto& f : r.findings) findings.push_back(FindingJson(f));
  const int exit_code = FailsAt(r, r.fail_on) ? 1 : 0;
  Json doc{{"format", "checker-report"},
           {"format_version", kReportFormatVersion},
           {"tool", {{"name", "checker"}, {"version", r.tool_version}}},
           {"generated_at", r.generated_at},
           {"audit_date", r.audit_date},
           {"subject",
            {{"manifest_path", r.subject.manifest_path},
             {"manifest_format", r.subject.manifest_format},
             {"manifest_sha256", r.subject.manifest_sha256},
             {"service_id", r.subject.service_id},
             {"service_name", r.subject.service_name},
             {"operator_name", r.subject.operator_name},
             {"service_description", r.subject.service_description},
             {"service_description_location", Location(r.subject.service_description_location)}}},
           {"profile", r.profile_id},
           {"rule_sources", std::move(sources)},
           {"summary", {{"counts", std::move(counts)}, {"exit_code", exit_code}}},
           {"certification",
            {{"decision", DecisionName(r.certification.decision)},
             {"grade", GradeName(r.certification.grade)},
             {"score", r.certification.score},
             {"category_scores", r.certification.category_scores},
             {"reasons", r.certification.reasons}}},
           {"waivers", WaiversJson(r)},
           {"run_files", RunFilesJson(r)},
           {"findings", std::move(findings)},
           {"probes", ProbesJson(r)}};
  // Declared versus observed (docs/claims.md); written when the audit had claims to check.
  if (!r.claims.empty()) {
    Json claims = Json::array();
    for (const auto& c : r.claims)
      claims.push_back({{"path", c.path},
                        {"value", c.value},
                        {"location", Location(c.location)},
                        {"statement", c.statement},
                        {"status", ClaimStatusName(c.status)},
                        {"detail", c.detail},
                        {"finding_id", c.finding_id}});
    doc["claims"] = std::move(claims);
  }
  // Present only when there is something to say, so reports of clean manifests keep their shape.
  if (!r.manifest_warnings.empty()) doc["manifest_warnings"] = ManifestWarningsJson(r);
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace checker
