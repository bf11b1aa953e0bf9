#include "cli/common.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "checker/report.h"
#include "checker/safe_text.h"

#include "cli/commands.h"
#include "cli/interrupt.h"

namespace checker::cli {

std::string DefaultRulesDir() {
  const char* env = std::getenv("CHECKER_RULES_DIR");
  if (env != nullptr && *env != '\0') return env;
  // Installed, the rules are beside the executable (CHECKER_INSTALLED_RULES_DIR is relative to
  // its folder, so the installation can move); in the build tree, the source tree's are used.
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = (exe.parent_path() / CHECKER_INSTALLED_RULES_DIR).lexically_normal();
    if (fs::is_directory(installed / "profiles", ec)) return installed.string();
  }
  return CHECKER_SOURCE_RULES_DIR;
}

std::string ManifestSchemaPath(const std::vector<std::string>& rule_paths) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const auto& p : rule_paths) {
    fs::path candidate = fs::path(p) / "schema" / "manifest.schema.json";
    if (fs::is_directory(p, ec) && fs::is_regular_file(candidate, ec)) return candidate.string();
  }
  return (fs::path(DefaultRulesDir()) / "schema" / "manifest.schema.json").string();
}

std::optional<ManifestSchema> LoadManifestSchema(const std::string& path, DiagnosticSink& sink) {
  std::string text, error;
  if (!ReadFile(path, 8u << 20, &text, &error)) {
    sink.Error(DiagCode::kIoError, SourceLocation{path, 0, 0}, error);
    return std::nullopt;
  }
  return ManifestSchema::Parse(text, path, sink);
}

LoadedManifestSchema LoadManifestSchemaOnce(const std::vector<std::string>& rule_paths) {
  LoadedManifestSchema loaded;
  DiagnosticSink sink;
  loaded.schema = LoadManifestSchema(ManifestSchemaPath(rule_paths), sink);
  loaded.problems = sink.diagnostics();
  return loaded;
}

bool ApplyManifestSchema(const LoadedManifestSchema& loaded, Document& manifest, bool strict,
                         std::vector<ManifestWarning>* warnings) {
  DiagnosticSink sink;
  for (const auto& d : loaded.problems) sink.Add(d);
  if (loaded.schema) {
    loaded.schema->NormalizeLists(manifest.root, manifest.source_name,
                                  manifest.format == DocumentFormat::kXml, sink);
    SchemaCheckOptions options;
    options.strict = strict;
    options.lenient_scalars = manifest.format == DocumentFormat::kXml;
    loaded.schema->Check(manifest.root, manifest.source_name, options, sink);
  }
  sink.Sort();
  for (const auto& d : sink.diagnostics()) {
    std::fputs(TerminalSafeLines(FormatDiagnostic(d)).c_str(), stderr);
    if (d.severity == Severity::kWarning)
      warnings->push_back({d.location.file, d.location.line, d.location.column, d.message});
  }
  return !sink.has_errors();
}

bool ApplyManifestSchema(const std::vector<std::string>& rule_paths, Document& manifest,
                         bool strict, std::vector<ManifestWarning>* warnings) {
  return ApplyManifestSchema(LoadManifestSchemaOnce(rule_paths), manifest, strict, warnings);
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

namespace {

bool Within(const std::filesystem::path& file, const std::filesystem::path& folder) {
  auto [f, d] = std::mismatch(file.begin(), file.end(), folder.begin(), folder.end());
  return d == folder.end();
}

bool IsSharedChecksFile(const std::filesystem::path& file) {
  std::string text, error;
  if (!ReadFile(file.string(), 1u << 20, &text, &error)) return false;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    std::string_view line(text.data() + at, (end == std::string::npos ? text.size() : end) - at);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (line == "kind: checks") return true;
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return false;
}

}  // namespace

std::vector<std::string> WithSharedChecks(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<fs::path> given;
  std::vector<fs::path> roots;
  for (const auto& p : paths) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(p, ec);
    if (ec) continue;
    given.push_back(c);
    // Only a pack (a file, or a folder without subfolders but fixtures) looks beside itself; a
    // folder of packs brings its own shared checks.
    bool tree = false;
    if (fs::is_directory(c, ec))
      for (const auto& sub : fs::directory_iterator(c, ec))
        tree = tree || (sub.is_directory(ec) && sub.path().filename() != "fixtures");
    if (tree) continue;
    fs::path root = (fs::is_directory(c, ec) ? c : c.parent_path()).parent_path();
    if (std::find(roots.begin(), roots.end(), root) == roots.end()) roots.push_back(root);
  }
  std::vector<std::string> out = paths;
  std::vector<fs::path> found;
  for (const auto& root : roots) {
    std::error_code ec;
    for (const auto& folder : fs::directory_iterator(root, ec)) {
      if (!folder.is_directory(ec) || folder.path().filename() == "fixtures") continue;
      for (const auto& file : fs::directory_iterator(folder.path(), ec)) {
        auto ext = file.path().extension();
        if (ext != ".yaml" && ext != ".yml") continue;
        fs::path c = fs::weakly_canonical(file.path(), ec);
        if (ec || std::find(found.begin(), found.end(), c) != found.end()) continue;
        if (std::any_of(given.begin(), given.end(),
                        [&](const fs::path& g) { return Within(c, g); }))
          continue;
        if (IsSharedChecksFile(c)) found.push_back(c);
      }
    }
  }
  std::sort(found.begin(), found.end());
  for (const auto& f : found) out.push_back(f.string());
  return out;
}

std::string UnknownName(std::string_view what, const std::string& word,
                        const std::vector<std::string>& known) {
  std::vector<std::string> sorted = known;
  std::sort(sorted.begin(), sorted.end());
  std::string list;
  for (const auto& k : sorted) list += (list.empty() ? "" : ", ") + k;
  return "unknown " + std::string(what) + " '" + word + "'" + DidYouMean(word, known) +
         " (known: " + (list.empty() ? "none" : list) + ")";
}

int UsageError(std::string_view command, std::string_view message) {
  const std::string shown = TerminalSafe(message);  // messages quote what the user gave
  std::fprintf(stderr, "checker %.*s: %s\nTry 'checker %.*s --help'.\n",
               static_cast<int>(command.size()), command.data(), shown.c_str(),
               static_cast<int>(command.size()), command.data());
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

std::optional<size_t> ParseCount(const std::string& s) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  size_t v = std::stoull(s);
  if (v == 0) return std::nullopt;
  return v;
}

namespace {

constexpr std::pair<std::string_view, std::string_view> kFormats[] = {
    {"json", "report.json"},
    {"html", "report.html"},
    {"markdown", "report.md"},
    {"junit", "report.junit.xml"},
    {"sarif", "report.sarif"},
    {"oscal", "report.oscal.json"},
    {"badge", "badge.svg"},
    {"casefile", "grayzone-casefile.md"},
    {"casefile", "grayzone-casefile.html"}};

}  // namespace

std::optional<std::vector<std::string>> ParseFormats(std::string_view command,
                                                     const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string f =
        list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? list.size() + 1 : comma + 1;
    if (f.empty()) continue;
    if (f == "md") f = "markdown";
    if (f == "all") {
      for (const auto& [name, file] : kFormats)
        if (std::find(out.begin(), out.end(), name) == out.end()) out.emplace_back(name);
      continue;
    }
    bool known = false;
    for (const auto& [name, file] : kFormats) known = known || name == f;
    if (!known) {
      UsageError(command,
                 "unknown format '" + f +
                     "' (json, html, markdown, junit, sarif, oscal, badge, casefile, all)");
      return std::nullopt;
    }
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  }
  return out;
}

namespace {

// Writes into a folder that others may share (`checker report`): each file beside its
// destination, then all renamed into place.
CommitResult AddToFolder(const std::string& dir, const std::vector<OutputFile>& files,
                         std::string* error) {
  CommitGuard guard;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    *error = dir + ": " + ec.message();
    return CommitResult::kFailed;
  }
  FileBatch batch;  // removes whatever it staged and did not commit
  for (const auto& f : files)
    if (!batch.Stage((std::filesystem::path(dir) / f.name).string(), f.content, error))
      return CommitResult::kFailed;
  if (Interrupted()) return CommitResult::kInterrupted;
  return batch.Commit(error) ? CommitResult::kCommitted : CommitResult::kFailed;
}

}  // namespace

int WriteReports(AuditResult& result, const std::vector<std::string>& formats,
                 const std::string& dir, Language lang, bool quiet, std::vector<OutputFile> extra,
                 FolderMode mode, ReportForm form) {
  std::vector<OutputFile> files;
  std::vector<std::pair<std::string, std::string>> printed;  // format, file name
  bool json = false;
  for (const auto& [name, file] : kFormats) {
    if (std::find(formats.begin(), formats.end(), name) == formats.end()) continue;
    if (name == "json") {
      json = true;  // rendered last: it records the others
      continue;
    }
    std::string text = name == "html"                     ? RenderHtml(result)
                       : name == "markdown"               ? RenderMarkdown(result, lang)
                       : name == "junit"                  ? RenderJunit(result)
                       : name == "sarif"                  ? RenderSarif(result)
                       : name == "oscal"                  ? RenderOscal(result)
                       : file == "grayzone-casefile.md"   ? RenderCaseFileMarkdown(result, lang)
                       : file == "grayzone-casefile.html" ? RenderCaseFileHtml(result)
                                                          : RenderBadge(result);
    files.push_back({std::string(file), std::move(text)});
    printed.emplace_back(name, file);
  }
  for (auto& f : extra) files.push_back(std::move(f));  // evidence.json may be large: moved
  if (json) {
    result.run_files.clear();
    for (const auto& f : files)
      result.run_files.push_back({f.name, f.content.size(), Sha256Hex(f.content)});
    files.push_back({"report.json", RenderJsonReport(result, form)});
  }

  std::string error;
  CommitResult committed;
  if (mode == FolderMode::kReplace) {
    std::vector<std::string_view> replaceable = {"evidence.json", "report.json.sig"};
    for (const auto& [name, file] : kFormats) replaceable.push_back(file);
    committed = ReplaceFolder(dir, files, replaceable, kFolderLockWait, &error);
  } else {
    committed = AddToFolder(dir, files, &error);
  }
  if (committed == CommitResult::kInterrupted) {
    std::fprintf(stderr, "checker: interrupted by %s; no report was written (%s is unchanged)\n",
                 InterruptName().c_str(), TerminalSafe(dir).c_str());
    return InterruptExitCode();
  }
  if (committed == CommitResult::kFailed) {
    std::fprintf(stderr, "checker: cannot write the reports to %s: %s; nothing was written\n",
                 TerminalSafe(dir).c_str(), TerminalSafe(error).c_str());
    return kExitOutput;
  }
  if (!quiet)
    for (const auto& [name, file] : printed)
      std::printf("%s: %s\n", name.c_str(),
                  TerminalSafe((std::filesystem::path(dir) / file).string()).c_str());
  return kExitOk;
}

std::optional<AuditResult> ReadReport(const std::string& path, std::string* sha256) {
  std::string text, error;
  if (!ReadFile(path, 1u << 30, &text, &error)) {
    std::fprintf(stderr, "checker: cannot read %s: %s\n", TerminalSafe(path).c_str(),
                 TerminalSafe(error).c_str());
    return std::nullopt;
  }
  if (sha256 != nullptr) *sha256 = Sha256Hex(text);
  DiagnosticSink sink;
  auto r = ParseJsonReport(text, path, sink);
  for (const auto& d : sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stderr);
  return r;
}

}  // namespace checker::cli
