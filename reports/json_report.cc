// The JSON report: AuditResult <-> JSON. nlohmann::ordered_json keeps keys in the order written
// here, so the same audit always gives the same bytes.

#include <nlohmann/json.hpp>

#include "checker/report.h"

#include "reports/evidence_json.h"
#include "reports/grayzone_json.h"
#include "reports/json_text.h"

namespace checker {

namespace {

using Json = nlohmann::ordered_json;
using reports::JsonText;

Json Location(const SourceLocation& l) {
  if (l.file.empty() && !l.known()) return nullptr;
  return Json{{"file", l.file}, {"line", l.line}, {"column", l.column}};
}

void WriteLocation(JsonText& w, const SourceLocation& l) {
  if (l.file.empty() && !l.known()) return w.Null();
  w.BeginObject();
  w.Key("file");
  w.String(l.file);
  w.Key("line");
  w.Uint(l.line);
  w.Key("column");
  w.Uint(l.column);
  w.EndObject();
}

void WriteText(JsonText& w, const LocalizedText& t) {
  w.BeginObject();
  w.Key("ja");
  w.String(t.ja);
  w.Key("en");
  w.String(t.en);
  w.EndObject();
}

// Members of string values, in order.
void WriteStrings(JsonText& w, std::initializer_list<std::pair<const char*, std::string_view>> m) {
  for (const auto& [key, value] : m) {
    w.Key(key);
    w.String(value);
  }
}

void WriteReasons(JsonText& w, const std::vector<Reason>& reasons) {
  w.BeginArray();
  for (const auto& r : reasons) {
    w.BeginObject();
    w.Key("text");
    WriteText(w, r.text);
    WriteStrings(w, {{"condition", r.condition}, {"path", r.path}, {"observed", r.observed}});
    w.Key("absent");
    w.Bool(r.absent);
    WriteStrings(w, {{"item", r.item}});
    w.Key("location");
    WriteLocation(w, r.location);
    WriteStrings(w, {{"endpoint", r.endpoint}, {"header", r.header}});
    w.EndObject();
  }
  w.EndArray();
}

// Probe findings: the result at each endpoint (absent on manifest findings).
void WriteEndpoints(JsonText& w, const Finding& f) {
  if (f.endpoints.empty()) return;
  w.Key("endpoints");
  w.BeginArray();
  for (const auto& e : f.endpoints) {
    w.BeginObject();
    WriteStrings(w, {{"url", e.url},
                     {"purpose", e.purpose},
                     {"outcome", OutcomeName(e.outcome)},
                     {"detail", e.detail}});
    w.Key("probe_ids");
    w.Strings(e.probe_ids);
    w.EndObject();
  }
  w.EndArray();
}

// One finding, streamed: the members and their order are the report format's.
void WriteFinding(JsonText& w, const Finding& f) {
  w.BeginObject();
  WriteStrings(w, {{"rule_id", f.rule_id}, {"pack_id", f.pack_id}});
  w.Key("title");
  WriteText(w, f.title);
  WriteStrings(w, {{"outcome", OutcomeName(f.outcome)},
                   {"level", LevelName(f.level)},
                   {"severity", RuleSeverityName(f.severity)},
                   {"category", f.category},
                   {"check_type", CheckTypeName(f.check_type)},
                   {"check_id", f.check_id},
                   {"message", f.message}});
  // A failing check says every condition that failed; its expression stays in the details.
  if (!f.reasons.empty()) {
    w.Key("reasons");
    WriteReasons(w, f.reasons);
  }
  if (!f.expression.empty()) {
    w.Key("details");
    w.BeginObject();
    WriteStrings(w, {{"expression", f.expression}});
    w.EndObject();
  }
  w.Key("evidence");
  w.BeginArray();
  for (const auto& e : f.evidence) {
    w.BeginObject();
    WriteStrings(w, {{"source", e.source}, {"path", e.path}, {"value", e.value}});
    w.Key("location");
    WriteLocation(w, e.location);
    if (!e.probe_id.empty()) WriteStrings(w, {{"probe_id", e.probe_id}});
    w.EndObject();
  }
  w.EndArray();
  w.Key("missing_paths");
  w.Strings(f.missing_paths);
  w.Key("citations");
  w.BeginArray();
  for (const auto& c : f.citations) {
    w.BeginObject();
    WriteStrings(w, {{"document", c.document},
                     {"section", c.section},
                     {"url", c.url},
                     {"confidence", c.unconfirmed ? "unconfirmed" : "confirmed"}});
    w.EndObject();
  }
  w.EndArray();
  w.Key("remediation");
  WriteText(w, f.remediation);
  w.Key("tags");
  w.Strings(f.tags);
  w.Key("rule_location");
  WriteLocation(w, f.rule_location);
  WriteEndpoints(w, f);
  Json grayzone = Json::object();  // rare, and written by the gray-zone module
  reports::AddGrayzoneCase(f, grayzone);
  for (auto it = grayzone.begin(); it != grayzone.end(); ++it) {
    w.Key(it.key());
    w.Value(*it);
  }
  w.EndObject();
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
           {"findings", Json::array()},  // streamed below
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
  // The document in its order, the findings (most of it) streamed rather than built as a tree.
  std::string out;
  out.reserve(16384 + r.findings.size() * 2048);
  JsonText w(out);
  w.BeginObject();
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    w.Key(it.key());
    if (it.key() != "findings") {
      w.Value(*it);
      continue;
    }
    w.BeginArray();
    for (const auto& f : r.findings) WriteFinding(w, f);
    w.EndArray();
  }
  w.EndObject();
  out += '\n';
  return out;
}

}  // namespace checker
