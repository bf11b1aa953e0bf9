// The JSON report: AuditResult <-> JSON. nlohmann::ordered_json keeps keys in the order written
// here, so the same audit always gives the same bytes.

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

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

// `with_file` false: the file is the one the reader knows (the compact form's subject manifest).
void WriteLocation(JsonText& w, const SourceLocation& l, bool with_file = true) {
  if (l.file.empty() && !l.known()) return w.Null();
  w.BeginObject();
  if (with_file) {
    w.Key("file");
    w.String(l.file);
  }
  w.Key("line");
  w.Uint(l.line);
  w.Key("column");
  w.Uint(l.column);
  w.EndObject();
}

// Members of string values, in order.
void WriteStrings(JsonText& w, std::initializer_list<std::pair<const char*, std::string_view>> m) {
  for (const auto& [key, value] : m) {
    w.Key(key);
    w.String(value);
  }
}

void WriteText(JsonText& w, const LocalizedText& t) {
  w.BeginObject();
  WriteStrings(w, {{"ja", t.ja}, {"en", t.en}});
  w.EndObject();
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

// The compact form (fleets): a finding's rule members (title, citations, remediation, tags,
// rule location) are written once per rule in the report's `rules` table, and an evidence
// location in the subject's manifest leaves out the file. Reading it back gives the same result.
struct CompactForm {
  std::string_view manifest_path;
  std::vector<size_t> rules;     // the first finding of each rule, in order
  std::vector<bool> from_table;  // per finding: its rule members are its rule's entry
};

bool SameCitations(const std::vector<Citation>& a, const std::vector<Citation>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.document == y.document && x.section == y.section && x.url == y.url &&
           x.unconfirmed == y.unconfirmed;
  });
}

bool SameRuleMembers(const Finding& a, const Finding& b) {
  return a.title.ja == b.title.ja && a.title.en == b.title.en &&
         a.remediation.ja == b.remediation.ja && a.remediation.en == b.remediation.en &&
         a.tags == b.tags && a.rule_location == b.rule_location &&
         SameCitations(a.citations, b.citations);
}

// Which findings take their rule members from the table: the first of each rule, and those the
// same as it (one that differs keeps its own).
CompactForm PlanCompact(const AuditResult& r) {
  CompactForm c;
  c.manifest_path = r.subject.manifest_path;
  std::map<std::pair<std::string_view, std::string_view>, size_t> first;
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    auto [it, added] = first.try_emplace({f.pack_id, f.rule_id}, i);
    if (added) c.rules.push_back(i);
    c.from_table.push_back(added || SameRuleMembers(f, r.findings[it->second]));
  }
  return c;
}

void WriteCitations(JsonText& w, const std::vector<Citation>& citations) {
  w.BeginArray();
  for (const auto& c : citations) {
    w.BeginObject();
    WriteStrings(w, {{"document", c.document},
                     {"section", c.section},
                     {"url", c.url},
                     {"confidence", c.unconfirmed ? "unconfirmed" : "confirmed"}});
    w.EndObject();
  }
  w.EndArray();
}

// The members a finding takes from its rule, after `rule_id`, `pack_id` and `title`.
void WriteRuleRest(JsonText& w, const Finding& f) {
  w.Key("citations");
  WriteCitations(w, f.citations);
  w.Key("remediation");
  WriteText(w, f.remediation);
  w.Key("tags");
  w.Strings(f.tags);
  w.Key("rule_location");
  WriteLocation(w, f.rule_location);
}

void WriteRulesTable(JsonText& w, const AuditResult& r, const CompactForm& c) {
  w.BeginArray();
  for (size_t i : c.rules) {
    const Finding& f = r.findings[i];
    w.BeginObject();
    WriteStrings(w, {{"rule_id", f.rule_id}, {"pack_id", f.pack_id}});
    w.Key("title");
    WriteText(w, f.title);
    WriteRuleRest(w, f);
    w.EndObject();
  }
  w.EndArray();
}

void WriteEvidenceLocation(JsonText& w, const SourceLocation& l, const CompactForm* c) {
  WriteLocation(w, l, c == nullptr || l.file != c->manifest_path);
}

// One finding, streamed: the members and their order are the report format's. `compact`: the
// compact form, `from_table` saying whether the rule members are left to the rules table.
void WriteFinding(JsonText& w, const Finding& f, const CompactForm* compact = nullptr,
                  bool from_table = false) {
  w.BeginObject();
  WriteStrings(w, {{"rule_id", f.rule_id}, {"pack_id", f.pack_id}});
  if (!from_table) {
    w.Key("title");
    WriteText(w, f.title);
  }
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
    WriteEvidenceLocation(w, e.location, compact);
    if (!e.probe_id.empty()) WriteStrings(w, {{"probe_id", e.probe_id}});
    w.EndObject();
  }
  w.EndArray();
  w.Key("missing_paths");
  w.Strings(f.missing_paths);
  if (!from_table) WriteRuleRest(w, f);
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

std::string_view ReportFormName(ReportForm form) {
  return form == ReportForm::kCompact ? "compact" : "full";
}

std::optional<ReportForm> ParseReportForm(std::string_view name) {
  if (name == "full") return ReportForm::kFull;
  if (name == "compact") return ReportForm::kCompact;
  return std::nullopt;
}

std::string RenderJsonReport(const AuditResult& r, ReportForm form) {
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
  std::optional<CompactForm> compact;
  if (form == ReportForm::kCompact) compact = PlanCompact(r);
  JsonText w(out, /*one_line=*/compact.has_value());
  w.BeginObject();
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    w.Key(it.key());
    if (it.key() != "findings") {
      w.Value(*it);
      // The compact form names itself before anything else, and its rules follow their packs.
      if (compact && it.key() == "format_version") {
        w.Key("report_form");
        w.String("compact");
      }
      if (compact && it.key() == "rule_sources") {
        w.Key("rules");
        WriteRulesTable(w, r, *compact);
      }
      continue;
    }
    w.BeginArray();
    for (size_t i = 0; i < r.findings.size(); ++i)
      WriteFinding(w, r.findings[i], compact ? &*compact : nullptr,
                   compact && compact->from_table[i]);
    w.EndArray();
  }
  w.EndObject();
  out += '\n';
  return out;
}

}  // namespace checker
