// The trend page of `checker history VENDOR --html FILE`: the score as a line over the audits,
// each point labelled with its grade and coloured by its decision, the grade bands behind it,
// and the audits in a table. Same style and Content-Security-Policy as the other pages.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "checker/trend.h"

#include "reports/text.h"

namespace checker {

namespace {

using reports::EscapeHtml;

constexpr int kWidth = 720, kHeight = 260, kLeft = 60, kRight = 40, kTop = 24, kBottom = 40;

const char* DecisionColor(CertDecision d) {
  return d == CertDecision::kCertified      ? "#1a7f37"
         : d == CertDecision::kNotCertified ? "#cf222e"
                                            : "#9a6700";
}

std::string Number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

double X(size_t i, size_t n) {
  double span = kWidth - kLeft - kRight;
  return n <= 1 ? kLeft + span / 2
                : kLeft + span * static_cast<double>(i) / static_cast<double>(n - 1);
}

// The score axis runs from `floor` (a multiple of 10 below the lowest score, at most 50) to 100.
struct Axis {
  double floor = 50;
  double Y(double score) const {
    double s = std::clamp(score, floor, 100.0);
    return kTop + (kHeight - kTop - kBottom) * (100.0 - s) / (100.0 - floor);
  }
};

Axis AxisFor(const Trend& t) {
  Axis axis;
  for (const auto& p : t.points)
    axis.floor = std::min(axis.floor, std::max(0.0, std::floor(p.score / 10) * 10 - 10));
  return axis;
}

const char* DecisionBadge(CertDecision d) {
  return d == CertDecision::kCertified      ? "badge pass"
         : d == CertDecision::kNotCertified ? "badge fail"
                                            : "badge missing_evidence";
}

}  // namespace

std::string RenderTrendChart(const Trend& t) {
  const Axis axis = AxisFor(t);
  auto Y = [&axis](double score) { return axis.Y(score); };
  std::ostringstream svg;
  svg << "<svg role=\"img\" aria-label=\"score and grade over time\" width=\"" << kWidth
      << "\" height=\"" << kHeight << "\" viewBox=\"0 0 " << kWidth << ' ' << kHeight
      << "\" xmlns=\"http://www.w3.org/2000/svg\">";
  // The grade thresholds of docs/certification.md as bands.
  const std::pair<double, const char*> bands[] = {{90, "A"}, {80, "B"}, {70, "C"}, {60, "D"}};
  for (const auto& [score, grade] : bands)
    if (score > axis.floor)
      svg << "<line x1=\"" << kLeft << "\" x2=\"" << kWidth - kRight << "\" y1=\"" << Y(score)
          << "\" y2=\"" << Y(score)
          << "\" stroke=\"#d0d7de\" stroke-dasharray=\"4 4\"/><text x=\"4\" y=\"" << Y(score) + 4
          << "\" font-size=\"11\" fill=\"#57606a\">" << Number(score) << ' ' << grade << "</text>";
  svg << "<line x1=\"" << kLeft << "\" x2=\"" << kWidth - kRight << "\" y1=\"" << Y(axis.floor)
      << "\" y2=\"" << Y(axis.floor) << "\" stroke=\"#57606a\"/><text x=\"4\" y=\""
      << Y(axis.floor) + 4 << "\" font-size=\"11\" fill=\"#57606a\">" << Number(axis.floor)
      << "</text>";
  std::string path;
  const size_t n = t.points.size();
  for (size_t i = 0; i < n; ++i)
    path += (i == 0 ? "M" : " L") + Number(X(i, n)) + " " + Number(Y(t.points[i].score));
  if (n > 1)
    svg << "<path d=\"" << path << "\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\"/>";
  for (size_t i = 0; i < n; ++i) {
    const TrendPoint& p = t.points[i];
    double x = X(i, n), y = Y(p.score);
    svg << "<g><title>" << EscapeHtml(p.date) << ": " << DecisionName(p.decision) << ", grade "
        << EscapeHtml(GradeName(p.grade)) << ", score " << Number(p.score)
        << "</title><circle cx=\"" << Number(x) << "\" cy=\"" << Number(y) << "\" r=\"5\" fill=\""
        << DecisionColor(p.decision) << "\"/><text x=\"" << Number(x) << "\" y=\"" << Number(y - 9)
        << "\" font-size=\"12\" text-anchor=\"middle\">" << EscapeHtml(GradeName(p.grade))
        << "</text>";
    // Dates under the axis: all of them when they fit, else the first, the last and every k-th.
    size_t every = std::max<size_t>(1, n / 8);
    if (i % every == 0 || i + 1 == n)
      svg << "<text x=\"" << Number(x) << "\" y=\"" << kHeight - kBottom + 16
          << "\" font-size=\"11\" text-anchor=\"middle\">" << EscapeHtml(p.date) << "</text>";
    svg << "</g>";
  }
  svg << "</svg>";
  return svg.str();
}

namespace {}  // namespace

std::string RenderTrendHtml(const Trend& t) {
  std::string name = t.vendor_name.empty() ? t.vendor_id : t.vendor_name;
  std::ostringstream out;
  out << reports::ScriptlessPageHead("en", "checker: audit history of " + name)
      << "<body class=\"lang-en\"><header><h1>Audit history: " << EscapeHtml(name)
      << "</h1></header><main><p class=\"muted\">vendor id <code>" << EscapeHtml(t.vendor_id)
      << "</code>, " << t.points.size() << " audit(s)</p><section><h2>Score and grade</h2>"
      << RenderTrendChart(t)
      << "</section><section><h2>Audits</h2><table><thead><tr><th>#</th><th>Date</th>"
      << "<th>Profile</th><th>Decision</th><th>Grade</th><th>Score</th><th>Failing must-rules</th>"
      << "<th>Changes since the audit before</th><th>Audit id</th></tr></thead><tbody>\n";
  for (size_t i = 0; i < t.points.size(); ++i) {
    const TrendPoint& p = t.points[i];
    // Short cells stay on one line (class level); the changes take the rest of the width.
    out << "<tr><td>" << i + 1 << "</td><td class=\"level\">" << EscapeHtml(p.date)
        << "</td><td class=\"level\">" << EscapeHtml(p.profile_id)
        << "</td><td class=\"level\"><span class=\"" << DecisionBadge(p.decision) << "\">"
        << DecisionName(p.decision) << "</span></td><td class=\"level\">"
        << EscapeHtml(GradeName(p.grade)) << "</td><td class=\"level\">" << Number(p.score)
        << "</td><td>" << p.failing_must << "</td><td>";
    if (p.changes.empty())
      out << (i == 0 ? "first audit" : "no change");
    else {
      out << "<ul class=\"reasons\">";
      for (const auto& c : p.changes) out << "<li>" << EscapeHtml(c) << "</li>";
      out << "</ul>";
    }
    out << "</td><td><code>" << EscapeHtml(p.audit_id.substr(0, 12)) << "</code></td></tr>\n";
  }
  out << "</tbody></table></section></main></body></html>\n";
  return out.str();
}

std::string RenderTrendsJson(const std::vector<Trend>& vendors) {
  using Json = nlohmann::ordered_json;
  Json list = Json::array();
  for (const Trend& t : vendors) {
    Json points = Json::array();
    for (const TrendPoint& p : t.points)
      points.push_back({{"audit_id", p.audit_id},
                        {"date", p.date},
                        {"profile", p.profile_id},
                        {"decision", DecisionName(p.decision)},
                        {"grade", GradeName(p.grade)},
                        {"score", p.score},
                        {"failing_must_rules", p.failing_must},
                        {"newly_failing", p.newly_failing},
                        {"changes", p.changes}});
    Json vendor{{"vendor_id", t.vendor_id}, {"vendor_name", t.vendor_name}};
    if (t.audits_recorded != 0) vendor["audits_recorded"] = t.audits_recorded;
    vendor["audits"] = std::move(points);
    list.push_back(std::move(vendor));
  }
  Json doc{{"format", "checker-history"}, {"format_version", 1}, {"vendors", list}};
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace checker
