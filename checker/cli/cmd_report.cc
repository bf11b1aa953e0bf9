// checker report: render a JSON report in other formats, without auditing or probing again.

#include <cstdio>
#include <filesystem>

#include "checker/report.h"
#include "checker/safe_text.h"

#include "cli/commands.h"
#include "cli/common.h"

namespace checker::cli {

namespace {

constexpr OptionSpec kOptions[] = {
    {"format", "LIST",
     "html, markdown, junit, sarif, oscal, badge, casefile, json or all (comma-separated; "
     "default: html)"},
    {"out", "DIR", "where to write (default: the report's folder)"},
    {"lang", "ja|en", "language of the Markdown report (default: en; HTML carries both)"},
};

}  // namespace

int RunReport(Argv raw) {
  Args args;
  if (auto exit = StartCommand(
          "report", "REPORT.json [--format LIST] [--out DIR]",
          "Renders an audit's JSON report as HTML, Markdown, JUnit XML, SARIF, OSCAL,\n"
          "an SVG badge or the gray-zone case file, without probing again.",
          kOptions, raw, &args))
    return *exit;
  if (args.positional.size() != 1) return UsageError("report", "name exactly one report.json");
  auto lang = ParseLanguage(args.Get("lang"));
  if (!lang) return UsageError("report", "--lang must be ja or en");
  auto formats = ParseFormats("report", args.Get("format", "html"));
  if (!formats) return kExitUsage;
  const std::string& path = args.positional[0];
  std::string text, error;
  if (!ReadFile(path, 1u << 30, &text, &error)) {
    std::fprintf(stderr, "checker report: cannot read %s: %s\n", TerminalSafe(path).c_str(),
                 TerminalSafe(error).c_str());
    return kExitUsage;
  }
  DiagnosticSink sink;
  auto result = ParseJsonReport(text, path, sink);
  for (const auto& d : sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stderr);
  if (!result) return kExitUsage;
  std::string dir = args.Get("out", std::filesystem::path(path).parent_path().string());
  if (dir.empty()) dir = ".";
  return WriteReports(*result, *formats, dir, *lang, false);
}

}  // namespace checker::cli
