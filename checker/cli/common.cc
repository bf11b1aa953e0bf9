#include "cli/common.h"

#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"

namespace checker::cli {

std::string DefaultRulesDir() {
  const char* env = std::getenv("CHECKER_RULES_DIR");
  if (env != nullptr && *env != '\0') return env;
  return CHECKER_RULES_DIR;
}

std::optional<RuleSet> LoadRules(const std::vector<std::string>& paths) {
  DiagnosticSink sink;
  std::vector<SourceText> files = ReadRuleFiles(paths, sink);
  RuleSet rules = LoadRuleSet(files, sink);
  sink.Sort();
  for (const auto& d : sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stderr);
  if (sink.has_errors()) {
    std::fprintf(stderr, "checker: the rule packs have %zu error(s); run 'checker lint' on them\n",
                 sink.error_count());
    return std::nullopt;
  }
  return rules;
}

int UsageError(std::string_view command, std::string_view message) {
  std::fprintf(stderr, "checker %.*s: %.*s\nTry 'checker %.*s --help'.\n",
               static_cast<int>(command.size()), command.data(), static_cast<int>(message.size()),
               message.data(), static_cast<int>(command.size()), command.data());
  return kExitUsage;
}

std::optional<int> StartCommand(std::string_view command, std::string_view synopsis,
                                std::string_view description, std::span<const OptionSpec> spec,
                                std::span<const std::string> raw, Args* args) {
  std::string error;
  auto parsed = ParseArgs(raw, spec, &error);
  if (!parsed) return UsageError(command, error);
  if (parsed->Has("help")) {
    std::fputs(FormatHelp(command, synopsis, description, spec).c_str(), stdout);
    return kExitOk;
  }
  if (parsed->Has("version")) {
    std::printf("checker %.*s\n", static_cast<int>(Version().size()), Version().data());
    return kExitOk;
  }
  *args = std::move(*parsed);
  return std::nullopt;
}

std::optional<Language> ParseLanguage(const std::string& s) {
  if (s.empty() || s == "en") return Language::kEn;
  if (s == "ja") return Language::kJa;
  return std::nullopt;
}

}  // namespace checker::cli

namespace checker::cli {

std::optional<size_t> ParseCount(const std::string& s) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  size_t v = std::stoull(s);
  if (v == 0) return std::nullopt;
  return v;
}

}  // namespace checker::cli
