// checker registry build | verify: the public registry of certified services (docs/registry.md).

#include <cstdio>

#include "checker/audit.h"
#include "checker/dates.h"
#include "checker/registry.h"
#include "checker/safe_text.h"
#include "checker/source.h"

#include "cli/commands.h"
#include "cli/common.h"

namespace checker::cli {

namespace {

constexpr OptionSpec kRegistryOptions[] = {
    {"db", "FILE", "build: the history database holding the certificate log"},
    {"key", "PEM", "build: the certification body's Ed25519 private key"},
    {"out", "DIR", "build: the site's folder (default: registry)"},
    {"today", "DATE", "build: the day statuses are given for (default: today, UTC)"},
    {"generated-at", "TIME", "build: the time recorded in the tree head and feeds (default: now)"},
    {"pubkey", "PEM", "verify: the registry's public key (registry-key.pem, obtained elsewhere)"},
    {"since", "FILE",
     "verify: a tree head (log/tree-head.json) kept from an earlier visit: the log must extend it"},
};

int Build(const Args& args) {
  if (args.positional.size() != 1 || !args.Has("db") || !args.Has("key"))
    return UsageError("registry", "build takes --db FILE and --key PEM");
  std::string error;
  auto key = Ed25519Key::ReadPrivate(args.Get("key"), &error);
  if (!key) return UsageError("registry", "--key: " + error);
  RegistryBuild build{args.Get("out", "registry"), args.Get("today", NowIso8601().substr(0, 10)),
                      args.Get("generated-at", NowIso8601())};
  if (!IsIsoDate(build.today)) return UsageError("registry", "--today needs a date YYYY-MM-DD");
  HistoryOptions options;
  options.create = false;
  auto db = HistoryDb::Open(args.Get("db"), options, &error);
  if (!db) {
    std::fprintf(stderr, "checker registry: %s\n", TerminalSafe(error).c_str());
    return kExitUsage;
  }
  RegistryBuildResult result;
  error = BuildRegistry(*db, *key, build, &result);
  if (!error.empty()) {
    std::fprintf(stderr, "checker registry build: %s\n", TerminalSafe(error).c_str());
    return kExitOutput;
  }
  std::printf(
      "registry: %zu services, %zu certificates, %zu events (%zu expiries recorded now), "
      "%zu files\nwritten: %s/index.html (English: index.en.html)\n",
      result.services, result.certificates, result.events, result.expired_recorded, result.files,
      TerminalSafe(build.out_dir).c_str());
  return kExitOk;
}

int Verify(const Args& args) {
  if (args.positional.size() != 2 || !args.Has("pubkey"))
    return UsageError("registry", "verify takes the site's folder and --pubkey PEM");
  std::string error;
  auto key = Ed25519Key::ReadPublic(args.Get("pubkey"), &error);
  if (!key) return UsageError("registry", "--pubkey: " + error);
  std::optional<TreeHead> since;
  if (args.Has("since")) {
    std::string text;
    if (!ReadRegularFile(args.Get("since"), 1 << 20, &text, &error) ||
        !(since = TreeHeadFromJson(text, &error)))
      return UsageError("registry", "--since " + args.Get("since") + ": " + error);
  }
  auto problems = VerifyRegistry(args.positional[1], *key, since ? &*since : nullptr);
  for (const auto& p : problems) std::printf("NOT VERIFIED: %s\n", TerminalSafe(p).c_str());
  if (problems.empty())
    std::printf("verified: %s (manifest, transparency log, every event and certificate)\n",
                TerminalSafe(args.positional[1]).c_str());
  return problems.empty() ? kExitOk : kExitFindings;
}

}  // namespace

int RunRegistry(Argv raw) {
  Args args;
  if (auto exit = StartCommand(
          "registry",
          "build --db FILE --key PEM [--out DIR]\n       verify DIR --pubkey PEM [--since "
          "HEAD.json]",
          "build: writes the public registry of certified services (a static site in\n"
          "Japanese and English, feeds, badges, the transparency log, a signed manifest).\n"
          "verify: checks a registry folder. Exit 0 when built / verified, 1 when not\n"
          "verified, 2 on bad input, 4 when the site cannot be written.",
          kRegistryOptions, raw, &args))
    return *exit;
  if (args.positional.empty()) return UsageError("registry", "give a subcommand: build or verify");
  if (args.positional[0] == "build") return Build(args);
  if (args.positional[0] == "verify") return Verify(args);
  return UsageError("registry", UnknownName("subcommand", args.positional[0], {"build", "verify"}));
}

}  // namespace checker::cli
