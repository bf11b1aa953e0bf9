// checker history: the audits recorded in a history database (docs/history.md): every vendor's
// latest, one vendor's trend (with an HTML page), or the vendors that regressed.

#include <cstdio>

#include "checker/history.h"
#include "checker/report.h"
#include "checker/safe_text.h"
#include "checker/source.h"
#include "checker/trend.h"

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/history_recording.h"

namespace checker::cli {

namespace {

constexpr OptionSpec kOptions[] = {
    {"db", "FILE", "the history database (written by checker audit --history)"},
    {"html", "FILE", "with VENDOR: also write the trend as a self-contained HTML page"},
    {"import", "",
     "record the audits of the REPORT.json files given (and the evidence.json beside each), e.g. "
     "reports written before the history existed; the database is created when missing"},
    {"merge", "",
     "import every audit of the SHARD.db history databases given (a fleet's shards) that this "
     "one does not hold; the database is created when missing"},
    {"format", "text|json",
     "output format of the listings (default: text); json: format checker-history "
     "(docs/history.md)"},
    {"regressions", "",
     "list the vendors whose decision or grade worsened since their previous audit (exit 1 when "
     "there is one)"},
};

std::string Short(const std::string& audit_id) { return audit_id.substr(0, 12); }

std::string Name(const AuditRecord& a) {
  return a.vendor_name == a.vendor_id
             ? TerminalSafe(a.vendor_id)
             : TerminalSafe(a.vendor_name) + " (" + TerminalSafe(a.vendor_id) + ")";
}

void PrintRow(const char* number, const AuditRecord& a) {
  std::printf("  %4s  %-10s  %-13s  %-5s  %5.1f  %9u  %s\n", number,
              TerminalSafe(a.audit_date).c_str(), DecisionName(a.decision).data(),
              GradeName(a.grade).data(), a.score, a.failing_must, Short(a.audit_id).c_str());
}

void PrintHeader() {
  std::printf("  %4s  %-10s  %-13s  %-5s  %5s  %9s  %s\n", "#", "date", "decision", "grade",
              "score", "must-fail", "audit");
}

int Fail(const std::string& error) {
  std::fprintf(stderr, "checker history: %s\n", TerminalSafe(error).c_str());
  return kExitUsage;
}

TrendPoint PointOf(const AuditRecord& a) {
  return {a.audit_id, a.audit_date,   a.profile_id, a.decision, a.grade,
          a.score,    a.failing_must, {},           {}};
}

// What changed from `before` to `after`, in words and as the rules newly failing.
void AddChanges(const AuditRecord& before, const AuditRecord& after, const AuditChanges& changes,
                TrendPoint* point) {
  point->changes = DescribeChanges(before, after, changes);
  for (const auto& c : changes.new_failures) point->newly_failing.push_back(c.rule_id);
}

int ListVendors(HistoryDb& db, bool json) {
  std::string error;
  auto vendors = db.Vendors(&error);
  if (!vendors) return Fail(error);
  std::vector<Trend> trends;
  if (!json) std::printf("%zu vendor(s) in %s\n", vendors->size(), TerminalSafe(db.path()).c_str());
  for (const auto& v : *vendors) {
    trends.push_back({v.vendor_id, v.vendor_name, {PointOf(v.latest)}, v.audits});
    if (json) continue;
    std::printf("%s: %u audit(s), latest:\n", Name(v.latest).c_str(), v.audits);
    PrintRow(std::to_string(v.audits).c_str(), v.latest);
  }
  if (json) std::fputs(RenderTrendsJson(trends).c_str(), stdout);
  return kExitOk;
}

int ShowTrend(HistoryDb& db, const std::string& vendor, const std::string& html, bool json) {
  std::string error;
  auto audits = db.Audits(vendor, &error);
  if (!audits) return Fail(error);
  if (audits->empty()) {
    std::vector<std::string> known;
    if (auto vendors = db.Vendors(&error))
      for (const auto& v : *vendors) known.push_back(v.vendor_id);
    return Fail(db.path() + ": " + UnknownName("vendor", vendor, known));
  }
  Trend trend{vendor, audits->back().vendor_name, {}, static_cast<uint32_t>(audits->size())};
  if (!json) {
    std::printf("history of %s: %zu audit(s) in %s\n", Name(audits->back()).c_str(), audits->size(),
                TerminalSafe(db.path()).c_str());
    PrintHeader();
  }
  std::vector<RuleOutcomeRecord> before;
  for (size_t i = 0; i < audits->size(); ++i) {
    const AuditRecord& a = (*audits)[i];
    auto outcomes = db.Outcomes(a.audit_id, &error);
    if (!outcomes) return Fail(error);
    TrendPoint point = PointOf(a);
    if (i > 0) {
      const AuditRecord& p = (*audits)[i - 1];
      AddChanges(p, a, CompareAudits(p, before, a, *outcomes), &point);
    }
    if (!json) {
      PrintRow(std::to_string(i + 1).c_str(), a);
      for (const auto& line : point.changes)
        std::printf("        %s\n", TerminalSafe(line).c_str());
    }
    trend.points.push_back(std::move(point));
    before = std::move(*outcomes);
  }
  if (json) std::fputs(RenderTrendsJson({trend}).c_str(), stdout);
  if (!html.empty()) {
    if (!WriteFileAtomic(html, RenderTrendHtml(trend), &error)) {
      std::fprintf(stderr, "checker history: %s\n", TerminalSafe(error).c_str());
      return kExitOutput;
    }
    if (!json) std::printf("page: %s\n", TerminalSafe(html).c_str());
  }
  return kExitOk;
}

int ListRegressions(HistoryDb& db, bool json) {
  std::string error;
  auto regressions = db.Regressions(&error);
  if (!regressions) return Fail(error);
  std::vector<Trend> trends;
  if (!json)
    std::printf("%zu vendor(s) regressed since their previous audit (%s)\n", regressions->size(),
                TerminalSafe(db.path()).c_str());
  for (const auto& r : *regressions) {
    TrendPoint latest = PointOf(r.latest);
    AddChanges(r.previous, r.latest, r.changes, &latest);
    trends.push_back({r.latest.vendor_id, r.latest.vendor_name, {PointOf(r.previous), latest}, 0});
    if (json) continue;
    std::printf("%s:\n", Name(r.latest).c_str());
    PrintRow("prev", r.previous);
    PrintRow("now", r.latest);
    for (const auto& line : latest.changes) std::printf("        %s\n", TerminalSafe(line).c_str());
  }
  if (json) std::fputs(RenderTrendsJson(trends).c_str(), stdout);
  return regressions->empty() ? kExitOk : kExitFindings;
}

int Import(const std::string& db_path, const std::vector<std::string>& reports) {
  std::string error;
  auto db = OpenHistory(db_path, /*create=*/true, &error);
  if (!db) return Fail(error);
  int exit = kExitOk;
  for (const auto& path : reports) {
    std::string text;
    if (!ReadFile(path, 1u << 30, &text, &error)) {
      exit = Fail(path + ": " + error);
      continue;
    }
    DiagnosticSink sink;
    auto result = ParseJsonReport(text, path, sink);
    for (const auto& d : sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stderr);
    AuditInputs inputs;
    if (!result ||
        !ReadAuditInputs(path, *result, result->subject.manifest_path, &inputs, &error)) {
      exit = kExitUsage;
      continue;
    }
    auto recorded = db->Record(*result, inputs, &error);
    if (!recorded) {
      std::fprintf(stderr, "checker history: %s was not recorded: %s\n", TerminalSafe(path).c_str(),
                   TerminalSafe(error).c_str());
      return kExitOutput;
    }
    std::printf("%s: %s audit %s\n", TerminalSafe(path).c_str(),
                recorded->already_recorded ? "already held" : "recorded",
                Short(recorded->audit_id).c_str());
  }
  return exit;
}

int MergeShards(const std::string& db_path, const std::vector<std::string>& shards) {
  std::string error;
  auto db = OpenHistory(db_path, /*create=*/true, &error);
  if (!db) return Fail(error);
  auto merged = db->Merge(shards, &error);
  if (!merged) {
    std::fprintf(stderr, "checker history: %s\n", TerminalSafe(error).c_str());
    return kExitOutput;
  }
  std::printf("merged %zu database(s) into %s: %u audit(s) added, %u already held\n", shards.size(),
              TerminalSafe(db_path).c_str(), merged->audits_added, merged->audits_already_present);
  return kExitOk;
}

}  // namespace

int RunHistory(Argv raw) {
  Args args;
  if (auto exit = StartCommand(
          "history",
          "[VENDOR] --db FILE [--html FILE] | --regressions --db FILE |\n"
          "       --db FILE (--import REPORT.json... | --merge SHARD.db...)",
          "Shows the audits recorded in a history database: every vendor's latest\n"
          "audit; with VENDOR, its trend (date, decision, grade, score, failing\n"
          "must-rules, what changed since the audit before); with --regressions, the\n"
          "vendors whose decision or grade worsened. --import records audits from their\n"
          "reports; --merge imports other history databases. Exit 1 when --regressions\n"
          "finds one, 2 when the database or a report cannot be read, 4 when the\n"
          "database cannot be written.",
          kOptions, raw, &args))
    return *exit;
  if (!args.Has("db")) return UsageError("history", "--db FILE is required");
  if (args.Has("import") || args.Has("merge")) {
    if (args.Has("import") == args.Has("merge") || args.Has("regressions") || args.Has("html"))
      return UsageError("history", "give --import REPORT.json... or --merge SHARD.db... alone");
    if (args.positional.empty())
      return UsageError("history", args.Has("import") ? "--import needs REPORT.json files"
                                                      : "--merge needs SHARD.db files");
    return args.Has("import") ? Import(args.Get("db"), args.positional)
                              : MergeShards(args.Get("db"), args.positional);
  }
  if (args.positional.size() > 1)
    return UsageError("history", "unexpected argument '" + args.positional[1] + "'");
  bool regressions = args.Has("regressions");
  if (regressions && !args.positional.empty())
    return UsageError("history", "give either VENDOR or --regressions");
  if (args.Has("html") && args.positional.empty())
    return UsageError("history", "--html FILE needs a VENDOR");
  std::string format = args.Get("format", "text");
  if (format != "text" && format != "json")
    return UsageError("history", "--format must be text or json");
  bool json = format == "json";
  std::string error;
  auto db = OpenHistory(args.Get("db"), /*create=*/false, &error);
  if (!db) return Fail(error);
  if (regressions) return ListRegressions(*db, json);
  if (args.positional.empty()) return ListVendors(*db, json);
  return ShowTrend(*db, args.positional[0], args.Get("html"), json);
}

}  // namespace checker::cli
