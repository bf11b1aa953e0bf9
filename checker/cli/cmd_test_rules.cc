// checker test-rules: run every rule's fixtures and report rules that decide wrongly or lack a
// passing or a failing case.

#include <cstdio>
#include <filesystem>
#include <optional>

#include "checker/fixtures.h"
#include "checker/safe_text.h"

#include "cli/commands.h"
#include "cli/common.h"

namespace checker::cli {

namespace {

constexpr OptionSpec kOptions[] = {
    {"verbose", "", "print every fixture, not only the problems"},
    {"schema", "FILE",
     "manifest schema every fixture's manifest must keep to (default: FOLDER/schema/"
     "manifest.schema.json of a rules folder that has one; none otherwise)"},
};

// The schema fixtures are held to: --schema, else the first rules folder's own. A folder of
// ad-hoc packs without a schema (tests, experiments) keeps its fixtures unchecked.
std::string FixtureSchemaPath(const Args& args) {
  if (args.Has("schema")) return args.Get("schema");
  std::error_code ec;
  for (const auto& p : args.positional) {
    auto candidate = std::filesystem::path(p) / "schema" / "manifest.schema.json";
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
  }
  return "";
}

}  // namespace

int RunTestRules(Argv raw) {
  Args args;
  if (auto exit =
          StartCommand("test-rules", "PATH...",
                       "Runs the fixtures of every loaded pack (PACK/fixtures/*.yaml): each\n"
                       "machine-checked rule needs a passing and a failing case. From each\n"
                       "passing case, every path the rule reads is removed in turn: absent\n"
                       "evidence must never pass. Every fixture manifest keeps to the manifest\n"
                       "schema. Exit 1 when a fixture or an absence case gives another outcome\n"
                       "or a rule lacks a case, 2 on bad input (a fixture outside the schema).",
                       kOptions, raw, &args))
    return *exit;
  if (args.positional.empty())
    return UsageError("test-rules", "name at least one rule file or folder");
  auto rules = LoadRules(args.positional);
  if (!rules) return kExitUsage;
  DiagnosticSink sink;
  std::optional<ManifestSchema> schema;
  if (std::string path = FixtureSchemaPath(args); !path.empty()) {
    schema = LoadManifestSchema(path, sink);
    if (!schema) {
      for (const auto& d : sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stderr);
      return kExitUsage;
    }
  }
  FixtureRun run = RunRuleFixtures(*rules, sink, schema ? &*schema : nullptr);
  sink.Sort();
  for (const auto& d : sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stderr);
  if (sink.has_errors()) return kExitUsage;
  for (const auto& r : run.results) {
    if (r.ok() && !args.Has("verbose")) continue;
    std::printf("%s: %s %s: expected %s, got %s%s%s\n", TerminalSafe(r.location.ToString()).c_str(),
                r.ok() ? "ok" : "FAIL", TerminalSafe(r.rule_id).c_str(),
                std::string(OutcomeName(r.expected)).c_str(),
                std::string(OutcomeName(r.actual)).c_str(), r.message.empty() ? "" : ": ",
                TerminalSafe(r.message).c_str());
  }
  size_t absence_failures = 0;
  for (const auto& c : run.absence_cases) {
    absence_failures += !c.ok;
    if (c.ok && !args.Has("verbose")) continue;
    std::printf(
        "%s: %s %s: absence of %s%s gives %s%s%s\n", TerminalSafe(c.location.ToString()).c_str(),
        c.ok ? "ok" : "FAIL", TerminalSafe(c.rule_id).c_str(), TerminalSafe(c.removed_path).c_str(),
        c.from_observation ? " (observation)" : "", std::string(OutcomeName(c.actual)).c_str(),
        c.message.empty() ? "" : ": ", TerminalSafe(c.message).c_str());
  }
  for (const auto& id : run.rules_without_pass)
    std::printf("MISSING %s: no passing fixture\n", TerminalSafe(id).c_str());
  for (const auto& id : run.rules_without_fail)
    std::printf("MISSING %s: no failing fixture\n", TerminalSafe(id).c_str());
  size_t machine = 0;
  for (const auto& r : rules->rules()) machine += r.check->type != CheckType::kAttestation;
  std::printf(
      "%zu fixture(s) for %zu machine-checked rule(s), %zu generated absence case(s) (%zu "
      "passing or misjudging absent evidence): %zu problem(s)\n",
      run.results.size(), machine, run.absence_cases.size(), absence_failures, run.failures());
  return run.failures() == 0 ? kExitOk : kExitFindings;
}

}  // namespace checker::cli
