#pragma once
// What several commands share: where the bundled rules are, loading a rule set with its
// diagnostics printed, the language option, usage errors.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "checker/document.h"
#include "checker/manifest_schema.h"
#include "checker/report.h"
#include "checker/result.h"
#include "checker/rule_set.h"

#include "cli/options.h"
#include "cli/output_folder.h"

namespace checker::cli {

/// The bundled rules folder: $CHECKER_RULES_DIR, else the installed rules beside the executable
/// (../share/checker/rules from bin/), else the source tree's (a checker run from its build tree).
std::string DefaultRulesDir();

/// The manifest schema for rules in `rule_paths`: the first folder's schema/manifest.schema.json,
/// else the bundled one.
std::string ManifestSchemaPath(const std::vector<std::string>& rule_paths);
/// Reads and parses the manifest schema; nullopt after a diagnostic in `sink`.
std::optional<ManifestSchema> LoadManifestSchema(const std::string& path, DiagnosticSink& sink);

/// Applies the schema of `rule_paths` to `manifest`: gives its lists the shape the schema declares
/// (ManifestSchema::NormalizeLists), then checks it; prints every diagnostic to stderr. Warnings
/// (unknown keys, empty lists left null) go to `warnings`; unknown keys are errors when `strict`.
/// False on any error.
bool ApplyManifestSchema(const std::vector<std::string>& rule_paths, Document& manifest,
                         bool strict, std::vector<ManifestWarning>* warnings);

/// A manifest schema read once for many manifests (a fleet), with what reading it said.
struct LoadedManifestSchema {
  std::optional<ManifestSchema> schema;  // nullopt: it could not be read (see problems)
  std::vector<Diagnostic> problems;
};
LoadedManifestSchema LoadManifestSchemaOnce(const std::vector<std::string>& rule_paths);
/// ApplyManifestSchema with a schema read beforehand.
bool ApplyManifestSchema(const LoadedManifestSchema& loaded, Document& manifest, bool strict,
                         std::vector<ManifestWarning>* warnings);

/// Loads rule files from `paths`; prints diagnostics to stderr. nullopt when any error occurred.
std::optional<RuleSet> LoadRules(const std::vector<std::string>& paths);

/// `paths` (rule pack files or folders) and the shared-check files (`kind: checks`) in the folders
/// beside each pack, so that `--pack rules/web-baseline` finds the crosswalk checks it cites.
std::vector<std::string> WithSharedChecks(const std::vector<std::string>& paths);

/// "unknown WHAT 'word'; did you mean 'x'? (known: a, b, c)": for a pack, profile or purpose
/// named on the command line that does not exist.
std::string UnknownName(std::string_view what, const std::string& word,
                        const std::vector<std::string>& known);

/// Prints "checker CMD: MESSAGE" and a hint to stderr; returns kExitUsage.
int UsageError(std::string_view command, std::string_view message);

/// Handles --help/--version and parse errors; returns an exit code when the command must stop.
std::optional<int> StartCommand(std::string_view command, std::string_view synopsis,
                                std::string_view description, std::span<const OptionSpec> spec,
                                std::span<const std::string> raw, Args* args);

std::optional<Language> ParseLanguage(const std::string& s);

/// Parses "html,junit,..." into known report formats (json, html, markdown, junit, sarif);
/// nullopt (after a usage message) on an unknown one.
std::optional<std::vector<std::string>> ParseFormats(std::string_view command,
                                                     const std::string& list);
/// How WriteReports treats the folder: an audit owns it (the run's files replace whatever an
/// earlier run left, ReplaceFolder); `checker report` adds its files to what is there.
enum class FolderMode { kReplace, kAdd };
/// Renders `result` in each format into DIR/report.{json,html,md,junit.xml,sarif,...} and writes
/// them with `extra` as one batch: all files or none (a folder that cannot be written, a full
/// disk, a file size limit or SIGINT/SIGTERM leaves DIR as it was). report.json records the other
/// files written (name, size, SHA-256; `result.run_files`). Prints the paths; returns kExitOk,
/// kExitOutput or, when interrupted, 128 + the signal (after a message saying what happened).
int WriteReports(AuditResult& result, const std::vector<std::string>& formats,
                 const std::string& dir, Language lang, bool quiet,
                 std::vector<OutputFile> extra = {}, FolderMode mode = FolderMode::kAdd,
                 ReportForm form = ReportForm::kFull);
/// A positive whole number, or nullopt.
std::optional<size_t> ParseCount(const std::string& s);

/// A JSON report read back (untrusted): problems go to stderr with the file's name; nullopt then.
/// `sha256` (when given) receives the SHA-256 of the bytes read.
std::optional<AuditResult> ReadReport(const std::string& path, std::string* sha256 = nullptr);

}  // namespace checker::cli
