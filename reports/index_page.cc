// The index page: several audits side by side (decision, grade, score, outcome counts), each
// linked to its own HTML report. Same style and Content-Security-Policy as the report.

#include <sstream>

#include "checker/report.h"

#include "reports/text.h"

namespace checker {

using reports::EscapeHtml;

IndexRow IndexRowOf(const AuditResult& r, std::string link) {
  return {r.subject.service_name.empty() ? r.subject.manifest_path : r.subject.service_name,
          r.profile_id,
          r.certification.decision,
          r.certification.grade,
          r.certification.score,
          r.counts,
          std::move(link)};
}

std::string RenderIndex(const std::vector<AuditResult>& results,
                        const std::vector<std::string>& links) {
  std::vector<IndexRow> rows;
  rows.reserve(results.size());
  for (size_t i = 0; i < results.size(); ++i)
    rows.push_back(IndexRowOf(results[i], i < links.size() ? links[i] : ""));
  return RenderIndex(rows);
}

std::string RenderIndex(std::span<const IndexRow> rows) {
  std::ostringstream out;
  out << reports::ScriptlessPageHead("en", "checker: audits compared")
      << "<body class=\"lang-en\"><header><h1>Audits compared</h1></header><main><table><thead><tr>"
      << "<th>Service</th><th>Profile</th><th>Decision</th><th>Grade</th><th>Score</th>";
  for (Outcome o : reports::kOutcomeOrder) out << "<th>" << OutcomeName(o) << "</th>";
  out << "</tr></thead><tbody>\n";
  for (const IndexRow& r : rows) {
    out << "<tr><td><a href=\"" << EscapeHtml(reports::RelativeLink(r.link)) << "\">"
        << EscapeHtml(r.service) << "</a></td><td>" << EscapeHtml(r.profile_id)
        << "</td><td><span class=\"decision " << DecisionName(r.decision) << "\">"
        << DecisionName(r.decision) << "</span></td><td>" << EscapeHtml(GradeName(r.grade))
        << "</td><td>" << r.score << "</td>";
    for (Outcome o : reports::kOutcomeOrder) out << "<td>" << r.counts.Count(o) << "</td>";
    out << "</tr>\n";
  }
  out << "</tbody></table></main></body></html>\n";
  return out.str();
}

}  // namespace checker
