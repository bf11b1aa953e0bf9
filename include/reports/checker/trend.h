#pragma once
// A vendor's audit history as a page: score and grade over time (inline SVG) and a table of the
// audits with what changed since the one before (docs/history.md). The history database gives
// the points; this renders them with the reports' escaping, style and Content-Security-Policy.

#include <string>
#include <vector>

#include "checker/result.h"

namespace checker {

struct TrendPoint {
  std::string audit_id;  // SHA-256 of report.json
  std::string date;      // the audit date, YYYY-MM-DD
  std::string profile_id;
  CertDecision decision = CertDecision::kIncomplete;
  Grade grade = Grade::kF;
  double score = 0;
  uint32_t failing_must = 0;
  std::vector<std::string> changes;        // since the point before, one line each, unescaped
  std::vector<std::string> newly_failing;  // rule ids failing now and not at the point before
};

struct Trend {
  std::string vendor_id, vendor_name;
  std::vector<TrendPoint> points;  // oldest first
  uint32_t audits_recorded =
      0;  // all of the vendor's audits (points may hold only some); 0: not counted
};

/// The chart alone: score as a line over the points, each labelled with its grade and coloured
/// by its decision, the grade bands behind it (inline SVG; the registry's pages show it too).
std::string RenderTrendChart(const Trend& trend);

/// A self-contained HTML page: no script, no external resource, `default-src 'none'`; every
/// vendor string escaped.
std::string RenderTrendHtml(const Trend& trend);

/// The same as JSON for scripts (format "checker-history", docs/history.md): each vendor with its
/// points. `checker history --format json` writes it for every listing.
std::string RenderTrendsJson(const std::vector<Trend>& vendors);

}  // namespace checker
