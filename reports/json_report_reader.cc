// Reading a JSON report back (ParseJsonReport): an untrusted document, checked member by member,
// into the AuditResult it was written from (json_report.cc writes it).

#include <map>
#include <nlohmann/json.hpp>

#include "checker/report.h"

#include "reports/evidence_json.h"
#include "reports/grayzone_json.h"

namespace checker {

namespace {

using Json = nlohmann::ordered_json;

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

LocalizedText ReadText(const Json& j) {
  if (!j.is_object()) return {};
  return {j.value("ja", ""), j.value("en", "")};
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

}  // namespace

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
    // The compact form (fleets) keeps each rule's members once, in `rules`.
    const Json& form_name = Member(doc, "report_form");
    auto form =
        form_name.is_null()
            ? std::optional(ReportForm::kFull)
            : ParseReportForm(form_name.is_string() ? form_name.get<std::string>() : std::string());
    if (!form) {
      sink.Error(DiagCode::kInvalidValue, where, "report_form must be full or compact");
      return std::nullopt;
    }
    std::map<std::string, const Json*, std::less<>> rules;  // pack_id '\n' rule_id
    if (*form == ReportForm::kCompact)
      for (const auto& rule : Items(Member(doc, "rules")))
        if (rule.is_object())
          rules.emplace(rule.value("pack_id", "") + '\n' + rule.value("rule_id", ""), &rule);
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
      // A rule member: the finding's own, else (compact form) its rule's in the rules table.
      const Json* rule = nullptr;
      if (auto it = rules.find(f.pack_id + '\n' + f.rule_id); it != rules.end()) rule = it->second;
      auto rule_member = [&](const char* key) -> const Json& {
        const Json& own = Member(j, key);
        return own.is_null() && rule != nullptr ? Member(*rule, key) : own;
      };
      f.title = ReadText(rule_member("title"));
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
      for (const auto& e : Items(Member(j, "evidence"))) {
        const Json& location = Member(e, "location");
        SourceLocation at = ReadLocation(location);
        // The compact form leaves out the file of a location in the subject's manifest.
        if (*form == ReportForm::kCompact && location.is_object() && !location.contains("file"))
          at.file = r.subject.manifest_path;
        f.evidence.push_back({e.value("source", ""), e.value("path", ""), e.value("value", ""),
                              std::move(at), e.value("probe_id", "")});
      }
      f.missing_paths = j.value("missing_paths", std::vector<std::string>{});
      for (const auto& c : Items(rule_member("citations")))
        f.citations.push_back({c.value("document", ""), c.value("section", ""), c.value("url", ""),
                               c.value("confidence", "confirmed") == "unconfirmed"});
      f.remediation = ReadText(rule_member("remediation"));
      if (const Json& tags = rule_member("tags"); !tags.is_null())
        f.tags = tags.get<std::vector<std::string>>();
      f.rule_location = ReadLocation(rule_member("rule_location"));
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
