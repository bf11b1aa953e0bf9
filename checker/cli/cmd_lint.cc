// checker lint: load rule packs and report every problem, positioned, in one run.

#include <cstdio>

#include "checker/rule_set.h"

#include "cli/commands.h"
#include "cli/common.h"

namespace checker::cli {

namespace {

constexpr OptionSpec kOptions[] = {
    {"format", "text|json", "output format (default: text)"},
    {"schema", "FILE",
     "manifest schema the rules must read within (default: FOLDER/schema/manifest.schema.json "
     "of the first folder given, else the bundled one)"},
    {"codes", "", "print every diagnostic code with its name and description, then exit"},
};

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

int RunLint(Argv raw) {
  Args args;
  if (auto exit = StartCommand("lint", "PATH... [--format text|json]",
                               "Checks rule packs (files or folders) and prints every problem as\n"
                               "file:line:col: severity[CODE]: message. Exit 2 when any error.",
                               kOptions, raw, &args))
    return *exit;
  if (args.Has("codes")) {
    for (const auto& info : AllDiagCodes())
      std::printf("%s  %-22s %s\n", CodeLabel(info.code).c_str(), std::string(info.name).c_str(),
                  std::string(info.description).c_str());
    return kExitOk;
  }
  std::string format = args.Get("format", "text");
  if (format != "text" && format != "json")
    return UsageError("lint", "--format must be text or json");
  if (args.positional.empty()) return UsageError("lint", "name at least one rule file or folder");

  DiagnosticSink sink;
  std::vector<SourceText> files = ReadRuleFiles(args.positional, sink);
  RuleSet rules = LoadRuleSet(files, sink);
  if (auto schema =
          LoadManifestSchema(args.Get("schema", ManifestSchemaPath(args.positional)), sink))
    CheckRulesAgainstSchema(rules, *schema, sink);
  sink.Sort();
  if (format == "json") {
    std::string out = "[";
    bool first = true;
    for (const auto& d : sink.diagnostics()) {
      const DiagCodeInfo& info = InfoFor(d.code);
      out += std::string(first ? "\n" : ",\n") + "  {\"file\": " + JsonString(d.location.file) +
             ", \"line\": " + std::to_string(d.location.line) +
             ", \"column\": " + std::to_string(d.location.column) + ", \"severity\": \"" +
             std::string(SeverityName(d.severity)) + "\", \"code\": \"" + CodeLabel(d.code) +
             "\", \"name\": \"" + std::string(info.name) +
             "\", \"message\": " + JsonString(d.message) + "}";
      first = false;
    }
    out += first ? "]\n" : "\n]\n";
    std::fputs(out.c_str(), stdout);
  } else {
    for (const auto& d : sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stdout);
    std::printf("%zu file(s), %zu pack(s), %zu rule(s): %zu error(s), %zu warning(s)\n",
                files.size(), rules.packs().size(), rules.rules().size(), sink.error_count(),
                sink.warning_count());
  }
  return sink.has_errors() ? kExitUsage : kExitOk;
}

}  // namespace checker::cli
