// checker impact: what a new edition of the rule packs changes (docs/impact.md).

#include <cstdio>

#include "checker/edition.h"
#include "checker/impact.h"
#include "checker/safe_text.h"
#include "checker/source.h"

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/impact_redecide.h"

namespace checker::cli {

namespace {

constexpr OptionSpec kOptions[] = {
    {"from", "DIR", "the old edition: a folder of packs, e.g. the bundled rules", true},
    {"to", "DIR",
     "the new edition: a folder holding the packs that change (the old edition's other packs, "
     "shared checks and profiles carry over)",
     true},
    {"db", "HISTORY.db",
     "re-decide the audit of every certificate in force (else every vendor's latest audit) "
     "against the new edition, from its archived manifest and probe evidence (no probing)"},
    {"today", "YYYY-MM-DD", "the day certificates are judged in force on (default: today)"},
    {"format", "text|json", "output on stdout (default: text); json: format checker-impact"},
    {"html", "FILE", "also write the impact as a self-contained HTML page"},
};

}  // namespace

int RunImpact(Argv raw) {
  Args args;
  if (auto exit = StartCommand(
          "impact", "--from OLD_DIR --to NEW_DIR [--db HISTORY.db] [--format json] [--html FILE]",
          "Compares two editions of the rule packs and, with --db, tells which certified vendors' "
          "last audits would change decision or grade under the new one. Exit 0 when nothing "
          "changes, 1 when something would (with --db: a certificate or audit; without: a rule).",
          kOptions, raw, &args))
    return *exit;
  if (!args.Has("from") || !args.Has("to"))
    return UsageError("impact", "give the old edition (--from DIR) and the new one (--to DIR)");
  std::string format = args.Get("format", "text");
  if (format != "text" && format != "json")
    return UsageError("impact", "--format must be text or json, not '" + format + "'");

  ImpactReport report;
  report.from = args.All("from");
  report.to = args.All("to");
  DiagnosticSink sink;
  Editions editions = LoadEditions(report.from, report.to, sink);
  sink.Sort();
  for (const auto& d : sink.diagnostics())
    std::fputs(TerminalSafeLines(FormatDiagnostic(d)).c_str(), stderr);
  if (sink.has_errors()) {
    std::fprintf(stderr, "checker impact: the editions have %zu error(s); nothing compared\n",
                 sink.error_count());
    return kExitUsage;
  }
  report.editions = CompareEditions(editions.from, editions.to);
  if (args.Has("db")) {
    report.with_history = true;
    if (int exit = RedecideFromHistory(args.Get("db"), args.Get("today"), editions, &report);
        exit != kExitOk)
      return exit;
  }

  if (args.Has("html")) {
    std::string error;
    if (!WriteFileAtomic(args.Get("html"), RenderImpactHtml(report), &error)) {
      std::fprintf(stderr, "checker impact: %s\n", TerminalSafe(error).c_str());
      return kExitOutput;
    }
  }
  std::string out = format == "json" ? RenderImpactJson(report) : RenderImpactText(report);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return report.AnyChange() ? kExitFindings : kExitOk;
}

}  // namespace checker::cli
