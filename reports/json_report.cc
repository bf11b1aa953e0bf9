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

SourceLocation ReadLocation(const Json& j) {
  if (!j.is_object()) return {};
  return {j.value("file", ""), reports::IntegerOr(j, "line", 0u),
          reports::IntegerOr(j, "column", 0u)};
}

// A report records whether the audit failed (summary.exit_code), not the --fail-on level: the
// level read back is one at which the findings agree with it (the strictest that fails, or the
// laxest that passes), so that the report is written back as it was read.
Level FailOnOf(const AuditResult& r, bool failed) {
  if (failed) {
    for (Level l : {Level::kMust, Level::kShould, Level::kMay})
      if (FailsAt(r, l)) return l;
    return Level::kMay;
  }
  for (Level l : {Level::kMay, Level::kShould, Level::kMust})
    if (!FailsAt(r, l)) return l;
  return Level::kMust;
}

Json Text(const LocalizedText& t) { return Json{{"ja", t.ja}, {"en", t.en}}; }
LocalizedText ReadText(const Json& j) {
  if (!j.is_object()) return {};
  return {j.value("ja", ""), j.value("en", "")};
}

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

std::vector<Reason> ReadReasons(const Json& j) {
  std::vector<Reason> out;
  if (!j.is_array()) return out;
  for (const auto& r : j) {
    if (!r.is_object()) continue;
    Reason reason;
    reason.text = ReadText(r.contains("text") ? r.at("text") : Json());
    reason.condition = r.value("condition", "");
    reason.path = r.value("path", "");
    reason.observed = r.value("observed", "");
    reason.absent = r.value("absent", false);
    reason.item = r.value("item", "");
    reason.location = ReadLocation(r.contains("location") ? r.at("location") : Json());
    reason.endpoint = r.value("endpoint", "");
    reason.header = r.value("header", "");
    out.push_back(std::move(reason));
  }
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

// Reading an untrusted report: a missing member or a value of the wrong kind reads as null or as
// an empty list (const operator[] on a missing key is undefined behaviour in nlohmann::json).
const Json& Member(const Json& j, const char* key) {
  static const Json null_value;
  if (!j.is_object()) return null_value;
  auto it = j.find(key);
  return it == j.end() ? null_value : *it;
}
const Json& Items(const Json& j) {
  static const Json empty_list = Json::array();
  return j.is_array() ? j : empty_list;
}

std::optional<AuditResult> ParseJsonReport(std::string_view text, std::string_view source_name,
                                           DiagnosticSink& sink) {
  SourceLocation where{std::string(source_name), 0, 0};
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    sink.Error(DiagCode::kSyntax, where, "not a JSON report (malformed JSON)");
    return std::nullopt;
  }
  try {
    if (doc.value("format", "") != "checker-report") {
      sink.Error(DiagCode::kInvalidValue, where, "not a checker report (\"format\" is missing)");
      return std::nullopt;
    }
    if (reports::IntegerOr(doc, "format_version", 0) != kReportFormatVersion) {
      sink.Error(DiagCode::kInvalidValue, where,
                 "unsupported report format_version; this checker reads version " +
                     std::to_string(kReportFormatVersion));
      return std::nullopt;
    }
    AuditResult r;
    r.tool_version = Member(doc, "tool").value("version", "");
    r.generated_at = doc.value("generated_at", "");
    r.audit_date = doc.value("audit_date", "");
    const Json& s = Member(doc, "subject");
    r.subject = {s.value("manifest_path", ""),
                 s.value("manifest_format", ""),
                 s.value("manifest_sha256", ""),
                 s.value("service_id", ""),
                 s.value("service_name", ""),
                 s.value("operator_name", ""),
                 s.value("service_description", ""),
                 ReadLocation(Member(s, "service_description_location"))};
    r.profile_id = doc.value("profile", "");
    for (const auto& src : Items(Member(doc, "rule_sources")))
      r.rule_sources.push_back({src.value("pack_id", ""), src.value("version", ""),
                                src.value("edition", ""), src.value("sha256", "")});
    const int exit_code = reports::IntegerOr(Member(doc, "summary"), "exit_code", 0);
    {
      // A closed set each: anything else (or nothing) is refused here, so no writer sees it.
      const Json& certification = Member(doc, "certification");
      const Json& decision = Member(certification, "decision");
      const Json& grade = Member(certification, "grade");
      auto d = ParseDecision(decision.is_string() ? decision.get<std::string>() : "");
      auto g = ParseGrade(grade.is_string() ? grade.get<std::string>() : "");
      if (!d) {
        sink.Error(DiagCode::kInvalidValue, where,
                   "certification.decision must be certified, conditional, incomplete or "
                   "not_certified");
        return std::nullopt;
      }
      if (!g) {
        sink.Error(DiagCode::kInvalidValue, where,
                   "certification.grade must be A+, A, B, C, D or F");
        return std::nullopt;
      }
      r.certification.decision = *d;
      r.certification.grade = *g;
      r.certification.score = certification.value("score", 0.0);
      r.certification.category_scores =
          certification.value("category_scores", std::map<std::string, double>{});
      r.certification.reasons = certification.value("reasons", std::vector<std::string>{});
    }
    for (const auto& j : Items(Member(doc, "findings"))) {
      Finding f;
      f.rule_id = j.value("rule_id", "");
      f.pack_id = j.value("pack_id", "");
      f.title = ReadText(Member(j, "title"));
      auto outcome = ParseOutcome(j.value("outcome", ""));
      auto level = ParseLevel(j.value("level", ""));
      auto severity = ParseRuleSeverity(j.value("severity", ""));
      auto type = ParseCheckType(j.value("check_type", ""));
      if (!outcome || !level || !severity || !type) {
        sink.Error(DiagCode::kInvalidValue, where,
                   "finding '" + f.rule_id + "' has an unknown outcome, level, severity or type");
        return std::nullopt;
      }
      f.outcome = *outcome;
      f.level = *level;
      f.severity = *severity;
      f.check_type = *type;
      f.category = j.value("category", "");
      f.check_id = j.value("check_id", "");
      f.message = j.value("message", "");
      f.reasons = ReadReasons(Member(j, "reasons"));
      if (const auto d = j.find("details"); d != j.end() && d->is_object())
        f.expression = d->value("expression", "");
      for (const auto& e : Items(Member(j, "evidence")))
        f.evidence.push_back({e.value("source", ""), e.value("path", ""), e.value("value", ""),
                              ReadLocation(Member(e, "location")), e.value("probe_id", "")});
      f.missing_paths = j.value("missing_paths", std::vector<std::string>{});
      for (const auto& c : Items(Member(j, "citations")))
        f.citations.push_back({c.value("document", ""), c.value("section", ""), c.value("url", ""),
                               c.value("confidence", "confirmed") == "unconfirmed"});
      f.remediation = ReadText(Member(j, "remediation"));
      f.tags = j.value("tags", std::vector<std::string>{});
      f.rule_location = ReadLocation(Member(j, "rule_location"));
      for (const auto& e : Items(Member(j, "endpoints"))) {
        auto at = ParseOutcome(e.value("outcome", ""));
        if (!at) {
          sink.Error(DiagCode::kInvalidValue, where,
                     "finding '" + f.rule_id + "' has an endpoint with an unknown outcome");
          return std::nullopt;
        }
        f.endpoints.push_back({e.value("url", ""), e.value("purpose", ""), *at,
                               e.value("detail", ""),
                               e.value("probe_ids", std::vector<std::string>{})});
      }
      reports::ReadGrayzoneCase(j, f);
      r.counts.by_outcome[f.outcome]++;
      r.counts.total++;
      r.findings.push_back(std::move(f));
    }
    for (const auto& c : Items(Member(doc, "claims"))) {
      auto status = ParseClaimStatus(c.value("status", ""));
      if (!status) {
        sink.Error(DiagCode::kInvalidValue, where,
                   "claim '" + c.value("path", "") + "' has an unknown status");
        return std::nullopt;
      }
      r.claims.push_back({c.value("path", ""), c.value("value", ""),
                          ReadLocation(Member(c, "location")), c.value("statement", ""), *status,
                          c.value("detail", ""), c.value("finding_id", "")});
    }
    if (const auto it = doc.find("waivers"); it != doc.end() && it->is_array())
      for (const auto& w : *it)
        r.waivers.push_back({w.value("rule_id", ""), w.value("justification", ""),
                             w.value("approver", ""), w.value("approver_organisation", ""),
                             w.value("expires", "")});
    if (const auto it = doc.find("manifest_warnings"); it != doc.end() && it->is_array())
      for (const auto& w : *it)
        if (w.is_object())
          r.manifest_warnings.push_back(
              {w.value("file", ""), reports::IntegerOr(w, "line", uint32_t{0}),
               reports::IntegerOr(w, "column", uint32_t{0}), w.value("message", "")});
    for (const auto& f : Items(Member(doc, "run_files")))
      r.run_files.push_back(
          {f.value("name", ""), reports::IntegerOr(f, "size", uint64_t{0}), f.value("sha256", "")});
    if (const auto it = doc.find("probes"); it != doc.end() && it->is_object()) {
      r.probe_mode = it->value("mode", "");
      r.scope = it->value("scope", std::vector<std::string>{});
      r.probes.collected_at = reports::IntegerOr(*it, "collected_at", int64_t{0});
      for (const auto& note : Items(Member(*it, "notes")))
        if (note.is_string()) r.probes.notes.push_back(note.get<std::string>());
      for (const auto& j : Items(Member(*it, "http"))) {
        HttpObservation o = reports::ReadHttpJson(j);
        r.probes.http[o.key] = std::move(o);
      }
      for (const auto& j : Items(Member(*it, "tls"))) {
        TlsObservation o = reports::ReadTlsJson(j);
        r.probes.tls[o.key] = std::move(o);
      }
    }
    r.fail_on = FailOnOf(r, exit_code != 0);
    return r;
  } catch (const nlohmann::json::exception& e) {
    sink.Error(DiagCode::kWrongType, where, std::string("malformed report: ") + e.what());
    return std::nullopt;
  }
}

}  // namespace checker
