#pragma once
// Audit results made up for the history tests: a vendor, a date, a decision and grade, and the
// outcome of each rule; report.json is rendered from them as `checker audit` writes it.

#include <string>
#include <utility>
#include <vector>

#include "checker/history.h"
#include "checker/report.h"

namespace checker::test {

struct MadeAudit {
  AuditResult result;
  AuditInputs inputs;
};

inline MadeAudit MakeAudit(const std::string& vendor, const std::string& date,
                           CertDecision decision, Grade grade, double score,
                           const std::vector<std::pair<std::string, Outcome>>& rules,
                           const std::string& edition = "6.0") {
  MadeAudit m;
  AuditResult& r = m.result;
  r.tool_version = "0.1.0";
  r.generated_at = date + "T09:00:00Z";
  r.audit_date = date;
  r.subject = {"manifests/" + vendor + ".yaml",
               "yaml",
               std::string(64, 'a'),
               vendor,
               vendor + " service",
               "operator",
               "",
               {}};
  r.profile_id = "starter";
  r.rule_sources = {{"mhlw6", "1.0", edition, std::string(64, 'b')}};
  r.probe_mode = "offline";
  for (const auto& [id, outcome] : rules) {
    Finding f;
    f.rule_id = id;
    f.pack_id = "mhlw6";
    f.title = LocalizedText{"title", "title"};
    f.level = id.find("should") != std::string::npos ? Level::kShould : Level::kMust;
    f.category = "security";
    f.outcome = outcome;
    r.findings.push_back(f);
    ++r.counts.by_outcome[outcome];
    ++r.counts.total;
  }
  r.certification.decision = decision;
  r.certification.grade = grade;
  r.certification.score = score;
  r.certification.category_scores = {{"security", score}};
  m.inputs.report_json = RenderJsonReport(r);
  m.inputs.report_path = "out/" + vendor + "/report.json";
  return m;
}

}  // namespace checker::test
