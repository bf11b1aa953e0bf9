#pragma once
// The subcommands of the checker executable, each `int Run(args)` returning the exit code:
// 0 ok / every required rule passes, 1 findings, 2 usage or input error, 3 internal error.

#include <span>
#include <string>
#include <string_view>

namespace checker::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;
inline constexpr int kExitOutput = 4;  // a report or output file could not be written

using Argv = std::span<const std::string>;

int RunAudit(Argv args);
int RunLint(Argv args);
int RunList(Argv args);
int RunExplain(Argv args);
int RunTestRules(Argv args);
int RunReport(Argv args);
int RunSign(Argv args);
int RunVerify(Argv args);
int RunDiff(Argv args);
int RunIndex(Argv args);
int RunHistory(Argv args);
int RunCertify(Argv args);
int RunCertificate(Argv args);
int RunFleet(Argv args);
int RunRegistry(Argv args);
int RunImpact(Argv args);

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(Argv);
};

std::span<const Command> Commands();
std::string_view Version();

}  // namespace checker::cli
