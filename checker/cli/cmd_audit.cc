// checker audit: evaluate a vendor manifest against rule packs (or a profile), write the run's
// reports as one folder that replaces the last run's, and print a summary that says exactly
// what to fix.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "checker/audit.h"
#include "checker/dates.h"
#include "checker/document.h"
#include "checker/probe.h"
#include "checker/report.h"
#include "checker/review.h"
#include "checker/safe_text.h"

#include "cli/commands.h"
#include "cli/common.h"
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
    {"ca-bundle", "FILE", "CA certificates (PEM) to verify endpoint certificates against"},
    {"client-cert", "FILE", "client certificate (PEM) to present where an endpoint requests one"},
    {"client-key", "FILE", "the private key (PEM) of --client-cert"},
    {"timeout", "MS", "total time limit of one probe, every redirect hop included (default: 8000)"},
    {"deadline", "MS",
     "time limit of all the audit's probes together; unfinished ones end with an error (default: "
     "120000)"},
    {"concurrency", "N", "probes in flight at once (default: 16)"},
    {"max-body", "BYTES", "refuse response bodies larger than this (default: 1048576)"},
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

// The evidence behind endpoint rules: probed live, replayed from a file, or none (offline).
struct ProbeRun {
  std::string mode = "offline";
  ProbeEvidence evidence;
  ProbeContext context;
  std::vector<std::string> scope;
  double seconds = 0;
};

// Targets as given; with `purposes`, a target naming a purpose that no rule or endpoint uses is
// refused (a typo would otherwise add an endpoint that no rule probes), and so is a second
// plain-HTTP address for one purpose.
std::optional<std::vector<Target>> ParseTargets(const std::vector<std::string>& texts,
                                                const std::vector<std::string>* purposes) {
  std::vector<Target> targets;
  for (const auto& t : texts) {
    std::string error;
    auto target = ParseTarget(t, &error);
    if (!target) {
      UsageError("audit", "--target " + error);
      return std::nullopt;
    }
    if (purposes != nullptr && !target->purpose.empty() && target->purpose != "any" &&
        std::find(purposes->begin(), purposes->end(), target->purpose) == purposes->end()) {
      std::string known;
      for (const auto& p : *purposes) known += (known.empty() ? "" : ", ") + p;
      UsageError("audit", "--target '" + t + "': no rule or endpoint uses the purpose '" +
                              target->purpose + "'" + DidYouMean(target->purpose, *purposes) +
                              " (purposes: " + (known.empty() ? "none" : known) + ")");
      return std::nullopt;
    }
    for (const auto& other : targets) {
      if (target->http && other.http && other.purpose == target->purpose) {
        UsageError("audit", "--target '" + t + "': " + target->purpose +
                                ".http is given twice; an endpoint purpose has one plain-HTTP "
                                "address");
        return std::nullopt;
      }
    }
    targets.push_back(*target);
  }
  return targets;
}

// --client-cert and --client-key come together, and both files must be readable now: a typo
// would otherwise turn every rule at a client-certificate endpoint into missing evidence.
int ClientCertificate(const Args& args, ProbeOptions* options) {
  if (!args.Has("client-cert") && !args.Has("client-key")) return kExitOk;
  if (args.Has("client-cert") != args.Has("client-key"))
    return UsageError("audit", "--client-cert FILE and --client-key FILE go together");
  for (const char* name : {"client-cert", "client-key"}) {
    std::string text, error;
    if (!ReadFile(args.Get(name), 1u << 20, &text, &error)) {
      std::fprintf(stderr, "checker audit: cannot read --%s %s: %s\n", name, args.Get(name).c_str(),
                   error.c_str());
      return kExitUsage;
    }
  }
  options->client_cert = args.Get("client-cert");
  options->client_key = args.Get("client-key");
  return kExitOk;
}

// Every endpoint URL of the manifest parses as an http(s) URL (live, offline and replay alike):
// a malformed one is the vendor's input error, at its position.
bool EndpointUrlsValid(const Document& manifest) {
  DiagnosticSink sink;
  const Node* list = manifest.root.Find("endpoints");
  if (list != nullptr && list->is_list()) {
    for (const auto& item : list->items) {
      for (const char* field : {"url", "http_url"}) {
        const Node* n = item.Find(field);
        if (n == nullptr || n->kind != NodeKind::kString) continue;
        std::string why;
        if (!ParseUrl(n->text, &why))
          sink.Error(DiagCode::kInvalidValue, manifest.Locate(n->position),
                     std::string("endpoint ") + field + " '" + n->text +
                         "' is not an http(s) URL: " + why);
      }
    }
  }
  for (const auto& d : sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stderr);
  return !sink.has_errors();
}

int CollectEvidence(const Args& args, const std::vector<SelectedRule>& selection,
                    const Document& manifest, ProbeRun* run) {
  if (!EndpointUrlsValid(manifest)) return kExitUsage;
  const std::vector<std::string> purposes = EndpointPurposes(selection, manifest);
  if (args.Has("replay")) {
    std::string text, error;
    if (!ReadFile(args.Get("replay"), 1u << 30, &text, &error)) {
      std::fprintf(stderr, "checker audit: cannot read %s: %s\n",
                   TerminalSafe(args.Get("replay")).c_str(), error.c_str());
      return kExitUsage;
    }
    auto evidence = ProbeEvidenceFromJson(text, &error);
    if (!evidence) {
      std::fprintf(stderr, "checker audit: %s: %s\n", TerminalSafe(args.Get("replay")).c_str(),
                   TerminalSafe(error).c_str());
      return kExitUsage;
    }
    run->mode = "replay";
    run->evidence = std::move(*evidence);
    auto targets = args.Has("target") ? ParseTargets(args.All("target"), &purposes)
                                      : ParseTargets(run->evidence.targets, nullptr);
    if (!targets) return kExitUsage;
    run->context.endpoints = AuditEndpoints(manifest, *targets);
    run->context.evidence = &run->evidence;
    run->context.now = run->evidence.collected_at;
    return kExitOk;
  }
  auto targets = ParseTargets(args.All("target"), &purposes);
  if (!targets) return kExitUsage;
  run->context.endpoints = AuditEndpoints(manifest, *targets);
  run->evidence.targets = args.All("target");
  if (args.Has("offline")) return kExitOk;
  ProbeOptions options;
  options.ca_bundle = args.Get("ca-bundle");
  if (int exit = ClientCertificate(args, &options); exit != kExitOk) return exit;
  for (auto [name, field] :
       {std::pair<const char*, int*>{"timeout", &options.limits.total_timeout_ms},
        {"concurrency", &options.limits.concurrency},
        {"deadline", &options.limits.deadline_ms}}) {
    if (!args.Has(name)) continue;
    auto v = ParseCount(args.Get(name));
    if (!v || *v > 600000)
      return UsageError("audit", std::string("--") + name + " needs a positive whole number");
    *field = static_cast<int>(*v);
  }
  options.limits.connect_timeout_ms =
      std::min(options.limits.connect_timeout_ms, options.limits.total_timeout_ms);
  if (args.Has("max-body")) {
    auto v = ParseCount(args.Get("max-body"));
    if (!v) return UsageError("audit", "--max-body needs a positive whole number");
    options.limits.max_body_bytes = *v;
  }
  for (const auto& pattern : args.All("redact")) {
    std::string error;
    if (!ValidRedactPattern(pattern, &error))
      return UsageError("audit", "--redact '" + pattern + "': " + error);
    options.redact_patterns.push_back(pattern);
  }
  run->scope = ScopeOf(run->context.endpoints, selection, manifest);
  options.scope.hosts = run->scope;
  ProbePlan plan = PlanProbes(selection, manifest, run->context.endpoints);
  auto started = std::chrono::steady_clock::now();
  options.deadline = started + std::chrono::milliseconds(options.limits.deadline_ms);
  run->evidence.collected_at = static_cast<int64_t>(std::time(nullptr));
  options.now_epoch_seconds = run->evidence.collected_at;
  options.cancel = &InterruptFlag();
  for (auto& o : RunHttpProbes(plan.http, options)) run->evidence.http[o.key] = std::move(o);
  for (auto& o : RunTlsProbes(plan.tls, options)) run->evidence.tls[o.key] = std::move(o);
  run->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  run->mode = "live";
  run->context.evidence = &run->evidence;
  run->context.now = run->evidence.collected_at;
  return kExitOk;
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
  if (!CheckManifestSchema(rule_paths, *manifest, args.Has("strict"), &manifest_warnings))
    return kExitUsage;

  ProbeRun run;
  if (int exit = CollectEvidence(args, selection, *manifest, &run); exit != kExitOk) return exit;

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
  AuditResult result = RunAudit(*rules, selection, *manifest, options, &run.context);
  std::string out_dir = args.Get("out", "checker-out");
  if (Interrupted()) {  // evaluation stopped at its next step: write nothing
    std::fprintf(stderr, "checker: interrupted by %s; no report was written (%s is unchanged)\n",
                 InterruptName().c_str(), out_dir.c_str());
    return InterruptExitCode();
  }
  result.probe_mode = run.mode;
  result.manifest_warnings = std::move(manifest_warnings);
  std::vector<std::string> review_files = args.All("attestations");
  for (const auto& w : args.All("waivers")) review_files.push_back(w);
  for (const auto& file : review_files) {
    DiagnosticSink review_sink;
    auto review = LoadReview(file, review_sink);
    if (review) {
      review->max_waiver_days = max_waiver_days;
      ApplyReview(result, *review, today, review_sink, *fail_on, options.category_weights);
    }
    review_sink.Sort();
    for (const auto& d : review_sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stderr);
    if (!review) return kExitUsage;
  }
  result.scope = run.scope;

  std::string report_path = (std::filesystem::path(out_dir) / "report.json").string();
  std::vector<OutputFile> extra;
  bool probed = run.mode == "live" && (!run.evidence.http.empty() || !run.evidence.tls.empty());
  if (probed) extra.push_back({"evidence.json", ProbeEvidenceToJson(run.evidence)});
  if (int exit = WriteReports(result, *formats, out_dir, *lang, args.Has("quiet"), extra,
                              FolderMode::kReplace);
      exit != kExitOk)
    return exit;
  if (probed) {
    std::string evidence_path = (std::filesystem::path(out_dir) / "evidence.json").string();
    if (!args.Has("quiet"))
      std::printf("probes: %zu HTTP, %zu TLS to %zu host(s) in %.2f s; evidence: %s\n",
                  run.evidence.http.size(), run.evidence.tls.size(), run.scope.size(), run.seconds,
                  evidence_path.c_str());
  }
  PrintSummary(result, result.findings, *lang, args.Has("quiet"), report_path);
  return result.exit_code;
}

}  // namespace checker::cli
