// The index page: several audits side by side (decision, grade, score, outcome counts), each
// linked to its own HTML report. Same style and Content-Security-Policy as the report.

#include <sstream>

#include "checker/report.h"

#include "reports/text.h"

namespace checker {

using reports::EscapeHtml;

std::string RenderIndex(const std::vector<AuditResult>& results,
                        const std::vector<std::string>& links) {
  std::ostringstream out;
  out << reports::ScriptlessPageHead("en", "checker: audits compared")
      << "<body class=\"lang-en\"><header><h1>Audits compared</h1></header><main><table><thead><tr>"
      << "<th>Service</th><th>Profile</th><th>Decision</th><th>Grade</th><th>Score</th>";
  for (Outcome o : reports::kOutcomeOrder) out << "<th>" << OutcomeName(o) << "</th>";
  out << "</tr></thead><tbody>\n";
  for (size_t i = 0; i < results.size(); ++i) {
    const AuditResult& r = results[i];
    std::string name =
        r.subject.service_name.empty() ? r.subject.manifest_path : r.subject.service_name;
    out << "<tr><td><a href=\""
        << EscapeHtml(reports::RelativeLink(i < links.size() ? links[i] : "")) << "\">"
        << EscapeHtml(name) << "</a></td><td>" << EscapeHtml(r.profile_id)
        << "</td><td><span class=\"decision " << DecisionName(r.certification.decision) << "\">"
        << DecisionName(r.certification.decision) << "</span></td><td>"
        << EscapeHtml(GradeName(r.certification.grade)) << "</td><td>" << r.certification.score
        << "</td>";
    for (Outcome o : reports::kOutcomeOrder) out << "<td>" << r.counts.Count(o) << "</td>";
    out << "</tr>\n";
  }
  out << "</tbody></table></main></body></html>\n";
  return out.str();
}

}  // namespace checker
