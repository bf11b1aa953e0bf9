#include "cli/history_recording.h"

#include <cstdio>
#include <filesystem>

#include "checker/report.h"
#include "checker/safe_text.h"
#include "checker/source.h"

#include "cli/commands.h"

namespace checker::cli {

namespace {

constexpr uint64_t kMaxReadBack = 1ull << 30;

}  // namespace

std::optional<HistoryDb> OpenHistory(const std::string& path, bool create, std::string* error) {
  HistoryOptions options;
  options.create = create;
  options.read_only = !create;  // the commands that only read work on a read-only copy
  return HistoryDb::Open(path, options, error);
}

std::optional<AuditResult> ReadRecordedAudit(const std::string& db_path, const std::string& ref) {
  std::string error;
  auto db = OpenHistory(db_path, /*create=*/false, &error);
  std::optional<std::string> id, report;
  if (db) id = db->Resolve(ref, &error);
  if (id) report = db->ReportJson(*id, &error);
  if (!report) {
    std::fprintf(stderr, "checker diff: %s\n", TerminalSafe(error).c_str());
    return std::nullopt;
  }
  DiagnosticSink sink;
  auto result = ParseJsonReport(*report, db_path + ":" + *id, sink);
  for (const auto& d : sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stderr);
  return result;
}

bool ReadAuditInputs(const std::string& report_path, const AuditResult& result,
                     const std::string& manifest_path, AuditInputs* inputs, std::string* error) {
  inputs->report_path = report_path;
  if (!ReadFile(report_path, kMaxReadBack, &inputs->report_json, error)) return false;
  std::string evidence, ignored;
  std::string evidence_path =
      (std::filesystem::path(report_path).parent_path() / "evidence.json").string();
  if (result.probe_mode == "live" && std::filesystem::exists(evidence_path) &&
      ReadFile(evidence_path, kMaxReadBack, &evidence, &ignored))
    inputs->evidence_sha256 = Sha256Hex(evidence);
  // The manifest is archived only when it is still the file the audit read (same SHA-256).
  std::string manifest;
  if (!manifest_path.empty() && ReadFile(manifest_path, kMaxReadBack, &manifest, &ignored))
    inputs->manifest_text = std::move(manifest);
  return true;
}

int RecordInHistory(const Args& args, const AuditResult& result, const std::string& out_dir) {
  const std::string db_path = args.Get("history");
  auto fail = [&](const std::string& error) {
    std::fprintf(stderr, "checker audit: the audit was not recorded in the history: %s\n",
                 TerminalSafe(error).c_str());
    return kExitOutput;
  };
  std::string error;
  AuditInputs inputs;
  if (!ReadAuditInputs((std::filesystem::path(out_dir) / "report.json").string(), result,
                       args.Get("manifest"), &inputs, &error))
    return fail(error);
  // A replayed audit rests on the evidence file it replayed.
  std::string replayed;
  if (result.probe_mode == "replay" && args.Has("replay")) {
    if (!ReadFile(args.Get("replay"), kMaxReadBack, &replayed, &error)) return fail(error);
    inputs.evidence_sha256 = Sha256Hex(replayed);
  }
  for (const char* kind : {"attestations", "waivers"}) {
    for (const auto& file : args.All(kind)) {
      std::string text;
      if (!ReadFile(file, kMaxReadBack, &text, &error)) return fail(error);
      inputs.review_files.push_back({kind, file, Sha256Hex(text)});
    }
  }
  auto db = OpenHistory(db_path, /*create=*/true, &error);
  if (!db) return fail(error);
  auto recorded = db->Record(result, inputs, &error);
  if (!recorded) return fail(error);
  if (!args.Has("quiet"))
    std::printf("history: %s audit %s in %s\n",
                recorded->already_recorded ? "already held" : "recorded",
                recorded->audit_id.substr(0, 12).c_str(), TerminalSafe(db_path).c_str());
  return kExitOk;
}

}  // namespace checker::cli
