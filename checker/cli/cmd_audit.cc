// checker audit: evaluate a vendor manifest against rule packs (or a profile), write the run's
// reports as one folder that replaces the last run's, and print a summary that says exactly
// what to fix.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "checker/audit.h"
#include "checker/auditor.h"
#include "checker/dates.h"
#include "checker/document.h"
#include "checker/http_facts.h"
#include "checker/probe.h"
#include "checker/report.h"
#include "checker/review.h"
#include "checker/safe_text.h"

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/evidence_collection.h"
#include "cli/history_recording.h"
#include "cli/interrupt.h"
#include "cli/terminal.h"

namespace checker::cli {

namespace {

constexpr OptionSpec kOptions[] = {
    {"manifest", "FILE", "the vendor's service manifest (.yaml, .yml, .json or .xml)"},
    {"strict", "",
     "a manifest key outside the manifest schema is an error (exit 2), not a warning"},
    {"pack", "PATH", "rule pack file or folder to evaluate (all its rules)", true},
    {"profile", "NAME", "evaluate the rules a profile selects (from --rules)"},
    {"rules", "DIR", "rules folder for --profile (default: the bundled rules)"},
    {"out", "DIR", "folder for the reports (default: checker-out)"},
    {"lang", "ja|en", "language of the terminal summary (default: en)"},
    {"fail-on", "LEVEL",
     "must, should or may: the laxest level whose failures exit 1 (default: must)"},
    {"generated-at", "TIME", "timestamp to record instead of now (reproducible reports)"},
    {"quiet", "", "print only the result line"},
    {"report-form", "FORM",
     "report.json as full (default: indented, every finding whole) or compact (as checker "
     "fleet: each rule once, no indentation; docs/report-json.md)"},
    {"format", "LIST",
     "report formats besides json: html, markdown, junit, sarif, oscal, badge, casefile, or "
     "all (comma-separated)"},
    {"max-bytes", "N", "refuse manifests larger than N bytes (default: 16777216)"},
    {"max-depth", "N", "refuse manifests nested deeper than N levels (default: 64)"},
    {"max-nodes", "N", "refuse manifests with more than N values (default: 1000000)"},
    {"offline", "", "do not probe endpoints (their rules become missing_evidence)"},
    {"replay", "FILE", "decide endpoint rules from a recorded evidence.json instead of probing"},
    {"target", "[PURPOSE=]URL",
     "add an endpoint, or replace those of PURPOSE (PURPOSE.http=URL: its plain-HTTP address)",
     true},
    {"allow-private", "",
     "let probes connect to loopback, private, link-local and shared addresses (a --target's "
     "own origin is always allowed)"},
    {"ca-bundle", "FILE", "CA certificates (PEM) to verify endpoint certificates against"},
    {"client-cert", "FILE", "client certificate (PEM) to present where an endpoint requests one"},
    {"client-key", "FILE", "the private key (PEM) of --client-cert"},
    {"timeout", "MS", "total time limit of one probe, every redirect hop included (default: 8000)"},
    {"deadline", "MS",
     "time limit of all the audit's probes together; unfinished ones end with an error (default: "
     "120000)"},
    {"concurrency", "N", "probes in flight at once (default: 16)"},
    {"per-host", "N", "probes in flight at once to one host and port (default: 4)"},
    {"rate", "N",
     "probes started per second to one host and port, redirect hops included (default: 0, "
     "unlimited)"},
    {"max-body", "BYTES", "refuse response bodies larger than this (default: 1048576)"},
    {"max-evidence-bytes", "BYTES",
     "keep whole response bodies in evidence up to this total; beyond it, SHA-256, length and "
     "excerpt only (default: 67108864)"},
    {"max-steps", "N",
     "evaluation steps one rule may take at one endpoint before it is an error (default: "
     "1000000)"},
    {"redact", "REGEX", "also redact matches of this RE2 pattern from evidence", true},
    {"attestations", "FILE", "a reviewer's attestations (and waivers) to merge (docs/review.md)",
     true},
    {"waivers", "FILE", "waivers to apply (same format)", true},
    {"today", "DATE",
     "the audit date: rules' dates and waivers are judged against it, and the report records it "
     "(default: the date of --generated-at, else today, UTC)"},
    {"max-waiver-days", "N", "refuse waivers that run longer than N days (default: 366)"},
    {"history", "FILE",
     "record the audit in this history database (SQLite; created when missing; docs/history.md)"},
};

std::string EvidenceLocation(const Finding& f) {
  for (const auto& e : f.evidence)
    if (e.location.known()) return e.location.ToString();
  return "";
}

// Every string from the manifest, the rule packs or the endpoints is printed through
// TerminalSafe: a line break or an escape sequence in a service name must not forge a line.
// One reason of a failing finding, indented under it: the sentence, then what it concerns.
void PrintReason(const Reason& reason, Language lang) {
  std::string details;
  auto add = [&details](const std::string& part) {
    details += (details.empty() ? "" : "; ") + part;
  };
  if (!reason.item.empty()) add("item " + reason.item);
  if (reason.location.known()) add(reason.location.ToString());
  if (!reason.endpoint.empty()) add(reason.endpoint);
  if (!reason.header.empty()) add("response header " + reason.header);
  if (reason.absent)
    add(reason.path + " absent");
  else if (!reason.observed.empty())
    add("seen " + reason.observed);
  std::printf("        - %s\n", TerminalSafe(reason.text.Get(lang)).c_str());
  if (!details.empty()) std::printf("          (%s)\n", TerminalSafe(details).c_str());
}

void PrintDiagnostics(DiagnosticSink& sink) {
  sink.Sort();
  for (const auto& d : sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stderr);
}

void PrintSummary(const AuditResult& r, const std::vector<Finding>& findings, Language lang,
                  bool quiet, const std::string& report_path) {
  Terminal term(stdout);
  std::string subject = TerminalSafe(r.subject.service_name.empty() ? r.subject.manifest_path
                                                                    : r.subject.service_name);
  if (!quiet) {
    std::printf("%s\n", term.Paint("checker audit: " + subject, "1").c_str());
    for (const auto& f : findings) {
      if (f.outcome == Outcome::kPass || f.outcome == Outcome::kNotApplicable) continue;
      std::string where = TerminalSafe(EvidenceLocation(f));
      std::printf("  %s %-6s %s\n      %s%s\n", term.Outcome(f.outcome).c_str(),
                  std::string(LevelName(f.level)).c_str(), TerminalSafe(f.rule_id).c_str(),
                  TerminalSafe(f.title.Get(lang)).c_str(),
                  where.empty() ? "" : ("  [" + where + "]").c_str());
      if (f.outcome == Outcome::kFail || f.outcome == Outcome::kMissingEvidence ||
          f.outcome == Outcome::kError) {
        std::printf("      %s\n", term.Paint(TerminalSafe(f.message), "2").c_str());
        for (const auto& reason : f.reasons) PrintReason(reason, lang);
        if (!f.remediation.empty())
          std::printf("      fix: %s\n", TerminalSafe(f.remediation.Get(lang)).c_str());
      }
    }
  }
  std::string counts;
  for (Outcome o :
       {Outcome::kPass, Outcome::kFail, Outcome::kMissingEvidence, Outcome::kError,
        Outcome::kManual, Outcome::kLegalReview, Outcome::kWaived, Outcome::kNotApplicable}) {
    if (uint32_t n = r.counts.Count(o))
      counts +=
          (counts.empty() ? "" : ", ") + std::to_string(n) + " " + std::string(OutcomeName(o));
  }
  std::printf("%s: %u rules: %s\n", subject.c_str(), r.counts.total, counts.c_str());
  const Certification& c = r.certification;
  std::string reasons;
  for (const auto& reason : c.reasons) reasons += (reasons.empty() ? "" : "; ") + reason;
  std::printf("decision: %s, grade %s (score %.1f)%s\n", DecisionName(c.decision).data(),
              GradeName(c.grade).data(), c.score,
              reasons.empty() ? "" : (": " + TerminalSafe(reasons)).c_str());
  std::printf("report: %s\n", TerminalSafe(report_path).c_str());
}

}  // namespace

int RunAudit(Argv raw) {
  Args args;
  if (auto exit =
          StartCommand("audit", "--manifest FILE (--pack PATH... | --profile NAME) [--out DIR]",
                       "Evaluates a vendor's manifest against rule packs and writes\n"
                       "DIR/report.json. Exit 0 when every rule at the fail-on level passes,\n"
                       "1 when some fail, err or lack evidence, 2 on bad input, 4 when the\n"
                       "reports cannot be written, 130/143 when interrupted (nothing written).",
                       kOptions, raw, &args))
    return *exit;
  if (!args.positional.empty())
    return UsageError("audit", "unexpected argument '" + args.positional[0] + "'");
  if (!args.Has("manifest")) return UsageError("audit", "--manifest FILE is required");
  if (args.Has("pack") == args.Has("profile"))
    return UsageError("audit", "give either --pack PATH or --profile NAME");
  auto lang = ParseLanguage(args.Get("lang"));
  if (!lang) return UsageError("audit", "--lang must be ja or en");
  auto fail_on = ParseLevel(args.Get("fail-on", "must"));
  auto formats = ParseFormats("audit", "json," + args.Get("format"));
  if (!formats) return kExitUsage;
  if (!fail_on) return UsageError("audit", "--fail-on must be must, should or may");
  auto report_form = ParseReportForm(args.Get("report-form", "full"));
  if (!report_form) return UsageError("audit", "--report-form must be full or compact");
  int max_waiver_days = kDefaultMaxWaiverDays;
  if (args.Has("max-waiver-days")) {
    auto v = ParseCount(args.Get("max-waiver-days"));
    if (!v || *v > 36500)
      return UsageError("audit", "--max-waiver-days needs a whole number from 1 to 36500");
    max_waiver_days = static_cast<int>(*v);
  }
  std::string today = args.Has("today")          ? args.Get("today")
                      : args.Has("generated-at") ? args.Get("generated-at").substr(0, 10)
                                                 : NowIso8601().substr(0, 10);
  if (!IsIsoDate(today))
    return UsageError("audit", (args.Has("today") ? "--today" : "--generated-at") +
                                   std::string(" needs a calendar date YYYY-MM-DD, found '") +
                                   today + "'");

  if (args.Has("ca-bundle")) {
    // Checked before anything is probed: a bundle that cannot be read would otherwise surface as
    // a TLS error at every endpoint.
    std::string pem, error;
    if (!ReadFile(args.Get("ca-bundle"), 64u << 20, &pem, &error))
      return UsageError("audit", "--ca-bundle " + args.Get("ca-bundle") + ": " + error);
    if (pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
      return UsageError("audit", "--ca-bundle " + args.Get("ca-bundle") +
                                     ": holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }

  std::vector<std::string> rule_paths =
      args.Has("pack") ? WithSharedChecks(args.All("pack"))
                       : std::vector<std::string>{args.Get("rules", DefaultRulesDir())};
  auto rules = LoadRules(rule_paths);
  if (!rules) return kExitUsage;
  std::vector<SelectedRule> selection;
  if (args.Has("profile")) {
    const Profile* profile = rules->FindProfile(args.Get("profile"));
    if (profile == nullptr) {
      std::vector<std::string> known;
      for (const auto& p : rules->profiles()) known.push_back(p.id);
      return UsageError("audit", UnknownName("profile", args.Get("profile"), known));
    }
    selection = rules->Select(*profile);
  } else {
    selection = rules->SelectPacks({});
  }

  DocumentLimits limits;
  for (auto [name, field] : {std::pair<const char*, size_t*>{"max-bytes", &limits.max_bytes},
                             {"max-nodes", &limits.max_nodes}}) {
    if (!args.Has(name)) continue;
    auto v = ParseCount(args.Get(name));
    if (!v) return UsageError("audit", std::string("--") + name + " needs a positive whole number");
    *field = *v;
  }
  if (args.Has("max-depth")) {
    auto v = ParseCount(args.Get("max-depth"));
    if (!v || *v > 100000)
      return UsageError("audit", "--max-depth needs a whole number from 1 to 100000");
    limits.max_depth = static_cast<uint32_t>(*v);
  }
  DiagnosticSink sink;
  auto manifest = LoadDocument(args.Get("manifest"), limits, sink);
  for (const auto& d : sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stderr);
  if (!manifest) return kExitUsage;
  std::vector<ManifestWarning> manifest_warnings;
  if (!ApplyManifestSchema(rule_paths, *manifest, args.Has("strict"), &manifest_warnings))
    return kExitUsage;

  // A malformed endpoint URL is said before any evidence is read or probed (the Auditor refuses
  // it too, for its other callers).
  if (auto problems = DeclaredUrlProblems(*manifest); !problems.empty())
    return PrintInputProblem({AuditInputProblem::Kind::kDiagnostics, "", {}, std::move(problems)});
  int exit = kExitOk;
  std::unique_ptr<EvidenceSource> source = EvidenceSourceFromOptions(args, &exit);
  if (!source) return exit;

  AuditOptions options;
  options.profile_id = args.Get("profile");
  options.generated_at = args.Get("generated-at");
  options.tool_version = std::string(Version());
  options.fail_on = *fail_on;
  options.today = today;
  if (args.Has("profile"))
    options.category_weights = rules->FindProfile(args.Get("profile"))->category_weights;
  if (args.Has("max-steps")) {
    auto v = ParseCount(args.Get("max-steps"));
    if (!v) return UsageError("audit", "--max-steps needs a positive whole number");
    options.max_eval_steps = *v;
  }
  options.cancel = &InterruptFlag();

  // Each review file's diagnostics, those of reading it and of applying it, are said together.
  std::vector<std::string> review_files = args.All("attestations");
  for (const auto& w : args.All("waivers")) review_files.push_back(w);
  std::vector<Review> reviews;
  std::vector<DiagnosticSink> review_sinks(review_files.size());
  for (size_t i = 0; i < review_files.size(); ++i) {
    auto review = LoadReview(review_files[i], review_sinks[i]);
    if (!review) {
      for (size_t j = 0; j <= i; ++j) PrintDiagnostics(review_sinks[j]);
      return kExitUsage;
    }
    review->max_waiver_days = max_waiver_days;
    reviews.push_back(std::move(*review));
  }

  AuditRequest request{*manifest, selection, reviews, std::move(manifest_warnings), options};
  AuditOutcome audit = Auditor(*rules).Run(request, *source);
  if (audit.problem) return PrintInputProblem(*audit.problem);
  std::string out_dir = args.Get("out", "checker-out");
  if (Interrupted()) {  // evaluation stopped at its next step: write nothing
    std::fprintf(stderr, "checker: interrupted by %s; no report was written (%s is unchanged)\n",
                 InterruptName().c_str(), out_dir.c_str());
    return InterruptExitCode();
  }
  for (size_t i = 0; i < review_sinks.size(); ++i) {
    review_sinks[i].Merge(audit.review_diagnostics[i]);
    PrintDiagnostics(review_sinks[i]);
  }
  AuditResult& result = audit.result;  // WriteReports records the files it wrote
  std::vector<OutputFile> extra;
  if (audit.probed()) extra.push_back({"evidence.json", ProbeEvidenceToJson(audit.evidence)});

  std::string report_path = (std::filesystem::path(out_dir) / "report.json").string();
  if (int written = WriteReports(result, *formats, out_dir, *lang, args.Has("quiet"),
                                 std::move(extra), FolderMode::kReplace, *report_form);
      written != kExitOk)
    return written;
  if (args.Has("history"))
    if (int recorded = RecordInHistory(args, result, out_dir); recorded != kExitOk) return recorded;
  if (audit.probed()) {
    std::string evidence_path = (std::filesystem::path(out_dir) / "evidence.json").string();
    if (!args.Has("quiet"))
      std::printf("probes: %zu HTTP, %zu TLS to %zu host(s) in %.2f s; evidence: %s\n",
                  audit.evidence.http.size(), audit.evidence.tls.size(), result.scope.size(),
                  audit.probe_seconds, evidence_path.c_str());
    for (const auto& note : audit.evidence.notes)
      if (!args.Has("quiet")) std::printf("evidence: %s\n", note.c_str());
  }
  PrintSummary(result, result.findings, *lang, args.Has("quiet"), report_path);
  return FailsAt(result, result.fail_on) ? kExitFindings : kExitOk;
}

}  // namespace checker::cli
