// checker: certifies health and medical IT services against guideline rule packs.
// Subcommands are listed in one table (kCommands); each lives in its own file.

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "checker/safe_text.h"

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/interrupt.h"

namespace checker::cli {

namespace {

constexpr Command kCommands[] = {
    {"audit", "audit a vendor's manifest against rule packs and write a report", RunAudit},
    {"report", "render a JSON report in other formats (HTML, JUnit, SARIF, OSCAL, ...)", RunReport},
    {"index", "write a page comparing several audits", RunIndex},
    {"fleet", "audit every vendor of a fleet file (or a shard of it); merge shards", RunFleet},
    {"diff", "compare two audits; exit 1 on a regression", RunDiff},
    {"history", "show the audits recorded in a history database: trends, regressions", RunHistory},
    {"sign", "sign a report and its evidence (Ed25519)", RunSign},
    {"verify", "verify a signed report and its evidence", RunVerify},
    {"certify", "issue a signed certificate for an audit that qualifies", RunCertify},
    {"certificate", "verify a certificate; record its suspension, reinstatement or revocation",
     RunCertificate},
    {"registry", "build or verify the public registry of certified services", RunRegistry},
    {"impact", "what a new edition of the rule packs changes for certified vendors", RunImpact},
    {"lint", "check rule packs and report every problem with its position", RunLint},
    {"list", "list packs, profiles or rules", RunList},
    {"explain", "show a rule: citation, check, remediation", RunExplain},
    {"test-rules", "run the rule packs' fixtures", RunTestRules},
};

void PrintUsage(std::FILE* out) {
  std::fputs("Usage: checker COMMAND [OPTIONS]\n\nCommands:\n", out);
  for (const auto& c : kCommands)
    std::fprintf(out, "  %-12.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                 static_cast<int>(c.summary.size()), c.summary.data());
  std::fputs(
      "\nRun 'checker COMMAND --help' for a command's options.\n"
      "Exit codes: 0 ok, 1 findings, 2 usage or input error, 3 internal error,\n"
      "4 output not written, 5 some vendors of a fleet not audited, 130/143 interrupted\n"
      "by SIGINT/SIGTERM (nothing written; a fleet keeps its finished vendors).\n",
      out);
}

}  // namespace

std::span<const Command> Commands() { return kCommands; }
std::string_view Version() { return CHECKER_VERSION; }

}  // namespace checker::cli

int main(int argc, char** argv) {
  using namespace checker::cli;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    PrintUsage(args.empty() ? stderr : stdout);
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "--version") {
    std::printf("checker %s\nrules: %s\n", CHECKER_VERSION,
                checker::TerminalSafe(DefaultRulesDir()).c_str());
    return kExitOk;
  }
  InstallInterruptHandlers();
  for (const auto& c : Commands()) {
    if (c.name != args[0]) continue;
    try {
      return c.run(std::span<const std::string>(args).subspan(1));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "checker %s: internal error: %s\n", args[0].c_str(),
                   checker::TerminalSafe(e.what()).c_str());
      return kExitInternal;
    }
  }
  std::fprintf(stderr, "checker: unknown command '%s'\n\n", checker::TerminalSafe(args[0]).c_str());
  PrintUsage(stderr);
  return kExitUsage;
}
