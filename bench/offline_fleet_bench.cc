// Many vendors offline through every bundled pack in one process: the packs are read and compiled
// once, then each manifest is read, audited (probe rules become missing_evidence) and its JSON
// report rendered. Prints wall and CPU time, peak RSS, decisions per second and report bytes;
// asserts nothing. Usage: offline_fleet_bench RULES_DIR MANIFEST...
// (the in-process figure beside `checker fleet`, which audits each vendor in a child process
// until the audit is a library call).

#include <chrono>
#include <cstdio>
#include <string>
#include <sys/resource.h>
#include <vector>

#include "checker/audit.h"
#include "checker/document.h"
#include "checker/report.h"
#include "checker/rule_set.h"

#include "bench/cpu_seconds.h"

using namespace checker;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: offline_fleet_bench RULES_DIR MANIFEST...\n");
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  DiagnosticSink sink;
  std::vector<std::string> paths{argv[1]};
  RuleSet rules = LoadRuleSet(ReadRuleFiles(paths, sink), sink);
  if (sink.has_errors()) {
    std::fprintf(stderr, "rules have errors\n");
    return 2;
  }
  std::vector<SelectedRule> selection = rules.SelectPacks({});
  double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  AuditOptions options;
  options.today = "2026-11-26";
  options.generated_at = "2026-11-26T00:00:00Z";
  size_t decisions = 0, report_bytes = 0, unreadable = 0;
  for (int i = 2; i < argc; ++i) {
    DiagnosticSink manifest_sink;
    auto manifest = LoadDocument(argv[i], {}, manifest_sink);
    if (!manifest) {
      ++unreadable;
      continue;
    }
    ProbeContext offline;
    offline.endpoints = AuditEndpoints(*manifest, {});
    AuditResult result = RunAudit(rules, selection, *manifest, options, &offline);
    decisions += result.findings.size();
    report_bytes += RenderJsonReport(result).size();
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("vendors: %d (%zu unreadable); rules: %zu; packs read and compiled once in %.3f s\n",
              argc - 2, unreadable, selection.size(), load_s);
  std::printf("wall %.2f s, CPU %.2f s, peak RSS %ld MiB\n", wall,
              CpuSeconds(CLOCK_PROCESS_CPUTIME_ID), usage.ru_maxrss / 1024);
  std::printf("decisions: %zu, %.2f M per second (wall); JSON reports: %.1f MiB\n", decisions,
              static_cast<double>(decisions) / wall / 1e6,
              static_cast<double>(report_bytes) / (1 << 20));
  return 0;
}
