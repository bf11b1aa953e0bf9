// SARIF 2.1.0 (OASIS), for code-scanning tools: the rules as reportingDescriptors and one result
// per finding that fails, errs or lacks evidence, located at the manifest's line and column.

#include <map>
#include <nlohmann/json.hpp>

#include "checker/report.h"

#include "reports/text.h"

namespace checker {

namespace {

using Json = nlohmann::ordered_json;

const char* SarifLevel(const Finding& f) {
  if (f.outcome == Outcome::kFail) return f.level == Level::kMust ? "error" : "warning";
  return f.level == Level::kMust ? "warning" : "note";
}

}  // namespace

std::string RenderSarif(const AuditResult& r) {
  Json rules = Json::array();
  std::map<std::string, size_t> index;
  for (const auto& f : r.findings) {
    if (index.count(f.rule_id)) continue;
    index[f.rule_id] = rules.size();
    std::string citation;
    for (const auto& c : f.citations) citation += (citation.empty() ? "" : "; ") + c.Label();
    rules.push_back(
        {{"id", f.rule_id},
         {"name", f.rule_id},
         {"shortDescription", {{"text", f.title.Get(Language::kEn)}}},
         {"fullDescription", {{"text", f.title.Get(Language::kEn) + " (" + citation + ")"}}},
         {"help", {{"text", f.remediation.Get(Language::kEn)}}},
         {"properties",
          {{"tags", f.tags},
           {"level", LevelName(f.level)},
           {"severity", RuleSeverityName(f.severity)},
           {"category", f.category},
           {"title_ja", f.title.ja}}}});
  }
  Json results = Json::array();
  for (const auto& f : r.findings) {
    if (!IsFailing(f.outcome)) continue;
    Json result{{"ruleId", f.rule_id},
                {"ruleIndex", index[f.rule_id]},
                {"level", SarifLevel(f)},
                {"kind", "fail"},
                {"message", {{"text", f.message}}}};
    Json locations = Json::array();
    for (const auto& e : f.evidence) {
      if (!e.location.known()) continue;
      locations.push_back(
          {{"physicalLocation",
            {{"artifactLocation", {{"uri", reports::RelativeLink(e.location.file)}}},
             {"region",
              {{"startLine", e.location.line}, {"startColumn", std::max(1u, e.location.column)}}}}},
           {"message", {{"text", e.path + " = " + e.value}}}});
      break;
    }
    if (locations.empty() && !r.subject.manifest_path.empty())
      locations.push_back(
          {{"physicalLocation",
            {{"artifactLocation", {{"uri", reports::RelativeLink(r.subject.manifest_path)}}}}}});
    result["locations"] = std::move(locations);
    Json evidence = Json::array();
    for (const auto& e : f.evidence)
      evidence.push_back(
          {{"source", e.source}, {"path", e.path}, {"value", e.value}, {"probe", e.probe_id}});
    result["properties"] = {{"outcome", OutcomeName(f.outcome)},
                            {"evidence", std::move(evidence)},
                            {"missing_paths", f.missing_paths}};
    results.push_back(std::move(result));
  }
  Json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
           {"version", "2.1.0"},
           {"runs", Json::array({{{"tool",
                                   {{"driver",
                                     {{"name", "checker"},
                                      {"version", r.tool_version},
                                      {"informationUri", "https://checker.example/docs/reports.md"},
                                      {"rules", std::move(rules)}}}}},
                                  {"invocations", Json::array({{{"executionSuccessful", true},
                                                                {"endTimeUtc", r.generated_at}}})},
                                  {"results", std::move(results)},
                                  {"properties",
                                   {{"decision", DecisionName(r.certification.decision)},
                                    {"grade", GradeName(r.certification.grade)},
                                    {"score", r.certification.score}}}}})}};
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace checker
