// checker sign / verify / diff: integrity and comparison of reports a certification body issues.

#include <cstdio>
#include <filesystem>

#include "checker/audit.h"
#include "checker/diff.h"
#include "checker/integrity.h"
#include "checker/report.h"
#include "checker/safe_text.h"

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/history_recording.h"
#include "cli/interrupt.h"
#include "cli/output_folder.h"

namespace checker::cli {

namespace {

constexpr OptionSpec kSignOptions[] = {
    {"key", "PEM", "the Ed25519 private key (openssl genpkey -algorithm ed25519 -out key.pem)"},
    {"file", "PATH",
     "another file beside the report to cover, besides the files of the run that the report "
     "records",
     true},
};
constexpr OptionSpec kVerifyOptions[] = {
    {"pubkey", "PEM", "the signer's Ed25519 public key (openssl pkey -in key.pem -pubout)"},
};
constexpr OptionSpec kDiffOptions[] = {
    {"format", "text|json|markdown", "output format (default: text)"},
    {"db", "FILE",
     "compare two audits recorded in this history database, each named VENDOR@N (as checker "
     "history VENDOR numbers them), VENDOR@latest, VENDOR@previous, VENDOR@YYYY-MM-DD or by its "
     "audit id (or a prefix of 8 or more hex digits); VENDOR alone: its last two audits"},
};

}  // namespace

int RunSign(Argv raw) {
  Args args;
  if (auto exit = StartCommand(
          "sign", "--key PEM REPORT.json",
          "Signs a report and the files its run wrote beside it (evidence.json, report.html,\n"
          "...; report.json records them) with Ed25519; writes REPORT.json.sig. Refuses a\n"
          "folder holding a file that does not belong to the run.",
          kSignOptions, raw, &args))
    return *exit;
  if (args.positional.size() != 1 || !args.Has("key"))
    return UsageError("sign", "give --key PEM and one report");
  const std::string& report = args.positional[0];
  // The audit that wrote the folder may be replacing it right now: signing waits for its commit,
  // and no audit replaces the folder while its files are read and the signature written.
  std::string folder = std::filesystem::path(report).parent_path().string();
  if (folder.empty()) folder = ".";
  FolderLock lock(FolderLock::PathFor(folder));
  std::string error;
  if (lock.Acquire(kFolderLockWait, folder, &error) != CommitResult::kCommitted) {
    if (Interrupted()) return InterruptExitCode();
    std::fprintf(stderr, "checker sign: %s\n", TerminalSafe(error).c_str());
    return kExitUsage;
  }
  error = SignReport(report, args.All("file"), args.Get("key"), NowIso8601());
  if (!error.empty()) {
    std::fprintf(stderr, "checker sign: %s\n", TerminalSafe(error).c_str());
    return kExitUsage;
  }
  std::printf("signed: %s.sig\n", TerminalSafe(report).c_str());
  return kExitOk;
}

int RunVerify(Argv raw) {
  Args args;
  if (auto exit =
          StartCommand("verify", "--pubkey PEM REPORT.json",
                       "Verifies REPORT.json.sig: the signature, that the report and every\n"
                       "covered file are unchanged, and that the folder holds no other file.\n"
                       "Exit 0 when verified, 1 when not.",
                       kVerifyOptions, raw, &args))
    return *exit;
  if (args.positional.size() != 1 || !args.Has("pubkey"))
    return UsageError("verify", "give --pubkey PEM and one report");
  auto problems = VerifyReport(args.positional[0], args.Get("pubkey"));
  for (const auto& p : problems) std::printf("NOT VERIFIED: %s\n", TerminalSafe(p).c_str());
  if (problems.empty()) std::printf("verified: %s\n", TerminalSafe(args.positional[0]).c_str());
  return problems.empty() ? kExitOk : kExitFindings;
}

int RunDiff(Argv raw) {
  Args args;
  if (auto exit = StartCommand(
          "diff",
          "(OLD.json NEW.json | --db FILE (OLD NEW | VENDOR)) [--format text|json|markdown]",
          "Compares two audits: new failures, fixed findings, changed evidence and\n"
          "the decision. Exit 1 on any regression.",
          kDiffOptions, raw, &args))
    return *exit;
  // With --db, one VENDOR alone compares its last two audits.
  if (args.Has("db") && args.positional.size() == 1)
    args.positional = {args.positional[0] + "@previous", args.positional[0] + "@latest"};
  if (args.positional.size() != 2) return UsageError("diff", "give two reports");
  std::string format = args.Get("format", "text");
  if (format != "text" && format != "json" && format != "markdown")
    return UsageError("diff", "--format must be text, json or markdown");
  auto before = args.Has("db") ? ReadRecordedAudit(args.Get("db"), args.positional[0])
                               : ReadReport(args.positional[0]);
  auto after = args.Has("db") ? ReadRecordedAudit(args.Get("db"), args.positional[1])
                              : ReadReport(args.positional[1]);
  if (!before || !after) return kExitUsage;
  AuditDiff d = DiffAudits(*before, *after);
  std::string out = format == "json"       ? RenderDiffJson(d)
                    : format == "markdown" ? RenderDiffMarkdown(d)
                                           : RenderDiffText(d);
  std::fputs(out.c_str(), stdout);
  return d.regression() ? kExitFindings : kExitOk;
}

}  // namespace checker::cli
