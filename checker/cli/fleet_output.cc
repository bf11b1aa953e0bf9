#include "cli/fleet_output.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "checker/report.h"
#include "checker/safe_text.h"
#include "checker/source.h"

#include "cli/commands.h"

namespace checker::cli {

int FleetExitCode(const FleetIndex& index) {
  bool findings = false;
  for (const auto& v : index.vendors) {
    if (v.status != "audited") return kExitNotAudited;
    findings = findings || v.exit_code != kExitOk;
  }
  return findings ? kExitFindings : kExitOk;
}

int WriteFleetIndex(const std::string& dir, FleetIndex& index, bool html) {
  std::sort(index.vendors.begin(), index.vendors.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  // The page is rendered from the index's own lines: a fleet of thousands is never held (or
  // re-read) report by report. A line from an older index without counts reads its report.
  std::vector<IndexRow> rows;
  for (const auto& v : index.vendors) {
    if (v.status != "audited") continue;
    std::string link = v.folder + (html ? "/report.html" : "/report.json");
    if (v.outcome_counts.empty()) {
      std::string path = dir + "/" + v.folder + "/report.json", text, error;
      DiagnosticSink sink;
      std::optional<AuditResult> r;
      if (ReadFile(path, size_t{1} << 30, &text, &error)) r = ParseJsonReport(text, path, sink);
      if (r) rows.push_back(IndexRowOf(*r, std::move(link)));
      continue;  // unreadable: its line in fleet.json still names it
    }
    IndexRow row;
    row.service = v.service_name.empty() ? v.id : v.service_name;
    row.profile_id = v.profile;
    row.decision = ParseDecision(v.decision).value_or(CertDecision::kNotCertified);
    row.grade = ParseGrade(v.grade).value_or(Grade::kF);
    row.score = v.score;
    for (const auto& [name, n] : v.outcome_counts)
      if (auto outcome = ParseOutcome(name)) {
        row.counts.by_outcome[*outcome] = n;
        row.counts.total += n;
      }
    row.link = std::move(link);
    rows.push_back(std::move(row));
  }
  std::string error;
  FileBatch batch;
  if (!batch.Stage(dir + "/fleet.json", FleetIndexToJson(index), &error) ||
      !batch.Stage(dir + "/index.html", RenderIndex(rows), &error) || !batch.Commit(&error)) {
    std::fprintf(stderr, "checker fleet: cannot write the fleet index: %s\n",
                 TerminalSafe(error).c_str());
    return kExitOutput;
  }
  return kExitOk;
}

void PrintFleetSummary(const FleetIndex& index) {
  size_t width = 6;
  for (const auto& v : index.vendors) width = std::max(width, std::min<size_t>(v.id.size(), 40));
  std::printf("%-*s  %-13s  %-5s  %5s  %s\n", static_cast<int>(width), "vendor", "decision",
              "grade", "score", "failing rules");
  size_t audited = 0, errors = 0, not_run = 0;
  for (const auto& v : index.vendors) {
    std::string id = TerminalSafe(v.id);
    if (v.status == "audited") {
      ++audited;
      std::string failing = std::to_string(v.failing_rules.size());
      for (size_t i = 0; i < v.failing_rules.size() && i < 3; ++i)
        failing += (i == 0 ? ": " : ", ") + TerminalSafe(v.failing_rules[i]);
      if (v.failing_rules.size() > 3) failing += ", ...";
      std::printf("%-*s  %-13s  %-5s  %5.1f  %s\n", static_cast<int>(width), id.c_str(),
                  v.decision.c_str(), v.grade.c_str(), v.score, failing.c_str());
    } else {
      ++(v.status == "error" ? errors : not_run);
      std::printf("%-*s  %-13s  %-5s  %5s  %s\n", static_cast<int>(width), id.c_str(),
                  v.status == "error" ? "not audited" : "not run", "-", "-",
                  v.errors.empty() ? "" : TerminalSafe(v.errors[0]).c_str());
    }
  }
  std::printf("%zu vendor(s): %zu audited, %zu not audited, %zu not run\n", index.vendors.size(),
              audited, errors, not_run);
}

}  // namespace checker::cli
