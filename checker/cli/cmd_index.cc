// checker index: one page comparing several audits (the demo's front page).

#include <cstdio>
#include <filesystem>

#include "checker/report.h"
#include "checker/safe_text.h"

#include "cli/commands.h"
#include "cli/common.h"

namespace checker::cli {

namespace {

constexpr OptionSpec kOptions[] = {{"out", "FILE", "the page to write (default: index.html)"}};

}  // namespace

int RunIndex(Argv raw) {
  Args args;
  if (auto exit =
          StartCommand("index", "REPORT.json... [--out FILE]",
                       "Writes an HTML page comparing audits, linking each one's report.html.",
                       kOptions, raw, &args))
    return *exit;
  if (args.positional.empty()) return UsageError("index", "name at least one report.json");
  std::string out = args.Get("out", "index.html");
  auto base = std::filesystem::absolute(out).parent_path();
  std::vector<AuditResult> results;
  std::vector<std::string> links;
  for (const auto& path : args.positional) {
    std::string text, error;
    if (!ReadFile(path, 1u << 30, &text, &error)) {
      std::fprintf(stderr, "checker index: cannot read %s: %s\n", TerminalSafe(path).c_str(),
                   TerminalSafe(error).c_str());
      return kExitUsage;
    }
    DiagnosticSink sink;
    auto r = ParseJsonReport(text, path, sink);
    for (const auto& d : sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stderr);
    if (!r) return kExitUsage;
    results.push_back(std::move(*r));
    auto html = std::filesystem::absolute(path).parent_path() / "report.html";
    links.push_back(std::filesystem::relative(html, base).string());
  }
  std::string error;
  if (!WriteFileAtomic(out, RenderIndex(results, links), &error)) {
    std::fprintf(stderr, "checker index: cannot write %s; nothing was written\n",
                 TerminalSafe(error).c_str());
    return kExitOutput;
  }
  std::printf("index: %s\n", TerminalSafe(out).c_str());
  return kExitOk;
}

}  // namespace checker::cli
