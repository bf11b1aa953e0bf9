// checker fleet: audit every vendor of a fleet file in one run (or one shard of it), each
// vendor's reports committed as it ends, then the fleet's index and a summary table.

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "checker/audit.h"
#include "checker/dates.h"
#include "checker/probe.h"
#include "checker/safe_text.h"
#include "checker/source.h"

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/evidence_collection.h"
#include "cli/fleet_output.h"
#include "cli/fleet_runner.h"
#include "cli/history_recording.h"
#include "cli/interrupt.h"

namespace checker::cli {

namespace {

constexpr OptionSpec kOptions[] = {
    {"out", "DIR", "folder for the fleet's reports and index (default: fleet-out)"},
    {"shard", "I/N",
     "audit only shard I of N (0-based; default: JOB_COMPLETION_INDEX and CHECKER_SHARDS when "
     "set)"},
    {"resume", "", "keep vendors whose report in DIR was made from the same inputs"},
    {"jobs", "N", "vendors audited at once (default: 4)"},
    {"dry-run", "", "validate the fleet file and list this shard's vendors; audit nothing"},
    {"format", "LIST", "report formats besides json for each vendor (as checker audit)"},
    {"report-form", "FORM",
     "compact (default: each rule once, no indentation) or full (as checker audit) report.json"},
    {"rules", "DIR", "rules folder for profiles (overrides the fleet file's defaults)"},
    {"ca-bundle", "FILE", "CA certificates (PEM) for the endpoints of vendors without their own"},
    {"client-cert", "FILE",
     "client certificate (PEM) for vendors without their own (as checker audit)"},
    {"client-key", "FILE", "the private key (PEM) of --client-cert"},
    {"strict", "", "every vendor's manifest must follow the manifest schema (as checker audit)"},
    {"redact", "REGEX", "also redact matches of this RE2 pattern from every vendor's evidence",
     true},
    {"today", "DATE", "the audit date of every vendor (default: the fleet file's, else today)"},
    {"generated-at", "TIME", "timestamp every report records (reproducible reports)"},
    {"fail-on", "LEVEL", "must, should or may (as checker audit; default: must)"},
    {"timeout", "MS", "time limit of one probe (as checker audit)"},
    {"deadline", "MS", "time limit of one vendor's probes together (as checker audit)"},
    {"concurrency", "N", "probes in flight at once per vendor (as checker audit)"},
    {"max-body", "BYTES", "refuse response bodies larger than this (as checker audit)"},
    {"max-evidence-bytes", "BYTES", "whole response bodies kept per vendor (as checker audit)"},
    {"max-steps", "N", "evaluation steps of one rule at one endpoint (as checker audit)"},
    {"max-waiver-days", "N", "refuse waivers that run longer than N days (default: 366)"},
    {"max-in-flight", "N", "probes in flight at once, every vendor together (default: 64)"},
    {"per-host", "N",
     "probes in flight at once to one host and port, every vendor together (default: 4)"},
    {"rate", "N",
     "probes started per second to one host and port, every vendor together (default: 0, "
     "unlimited)"},
    {"history", "FILE",
     "record each vendor's audit in this history database under its fleet id (docs/history.md)"},
};

constexpr std::string_view kDescription =
    "Audits every vendor a fleet file lists (docs/fleet.md) and writes each one's reports to\n"
    "DIR/vendors/<id>/ as soon as it ends, then DIR/fleet.json and DIR/index.html.\n"
    "`checker fleet merge SHARD_DIR... --out DIR` merges the outputs of shards.\n"
    "Exit 0 when every vendor passes, 1 when some have findings, 2 on a bad fleet file or\n"
    "option (nothing audited), 4 when reports or the index cannot be written, 5 when some\n"
    "vendors could not be audited (their errors are printed with positions; the others'\n"
    "reports are written), 130/143 when interrupted (finished vendors are kept: --resume).";

std::string Formatted(const std::vector<Diagnostic>& problems) {
  std::string out;
  for (const auto& d : problems) {
    std::string line = d.location.ToString() + ": " + d.message;
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

std::optional<FleetSettings> Settings(const Args& args, const FleetFile& fleet) {
  const FleetDefaults& d = fleet.defaults;
  FleetSettings s;
  s.out_dir = args.Get("out", "fleet-out");
  s.rules_dir = args.Get("rules", d.rules_dir.empty() ? DefaultRulesDir() : d.rules_dir);
  s.ca_bundle = args.Get("ca-bundle", d.ca_bundle);
  s.generated_at = args.Get("generated-at", d.generated_at);
  s.today = args.Get("today", d.today);
  if (s.today.empty())
    s.today = s.generated_at.empty() ? NowIso8601().substr(0, 10) : s.generated_at.substr(0, 10);
  if (!IsIsoDate(s.today)) {
    UsageError("fleet", "the audit date needs a calendar date YYYY-MM-DD, found '" + s.today + "'");
    return std::nullopt;
  }
  s.fail_on = args.Get("fail-on", d.fail_on.empty() ? "must" : d.fail_on);
  if (!ParseLevel(s.fail_on)) {
    UsageError("fleet", "--fail-on must be must, should or may");
    return std::nullopt;
  }
  auto formats = ParseFormats("fleet", args.Get("format"));
  if (!formats) return std::nullopt;
  s.formats = *formats;
  auto form = ParseReportForm(args.Get("report-form", "compact"));
  if (!form) {
    UsageError("fleet", "--report-form must be compact or full");
    return std::nullopt;
  }
  s.report_form = *form;
  for (auto [name, value] : {std::pair{"timeout", d.timeout_ms},
                             {"deadline", d.deadline_ms},
                             {"concurrency", d.concurrency},
                             {"max-body", d.max_body},
                             {"max-evidence-bytes", d.max_evidence_bytes},
                             {"max-steps", d.max_steps},
                             {"max-waiver-days", d.max_waiver_days}}) {
    if (args.Has(name)) {
      auto n = ParseCount(args.Get(name));
      if (!n || (std::string_view(name) == "max-waiver-days" && *n > 36500)) {
        UsageError("fleet",
                   std::string("--") + name + " needs a positive whole number" +
                       (std::string_view(name) == "max-waiver-days" ? " up to 36500" : ""));
        return std::nullopt;
      }
      s.limits.emplace_back(name, args.Get(name));
    } else if (value) {
      s.limits.emplace_back(name, std::to_string(*value));
    }
  }
  for (auto [name, field] : {std::pair{"max-in-flight", &s.probe_limits.concurrency},
                             {"per-host", &s.probe_limits.per_host}}) {
    if (!args.Has(name)) continue;
    auto n = ParseCount(args.Get(name));
    if (!n || *n > 100000) {
      UsageError("fleet", std::string("--") + name + " needs a whole number from 1 to 100000");
      return std::nullopt;
    }
    *field = static_cast<int>(*n);
  }
  if (args.Has("rate")) {
    auto rate = ParseRate(args.Get("rate"));
    if (!rate) {
      UsageError("fleet", "--rate needs a number of probes per second from 0 to 100000");
      return std::nullopt;
    }
    s.probe_limits.per_host_rate = *rate;
  }
  if (args.Has("jobs")) {
    auto n = ParseCount(args.Get("jobs"));
    if (!n || *n > 256) {
      UsageError("fleet", "--jobs needs a whole number from 1 to 256");
      return std::nullopt;
    }
    s.workers = *n;
  }
  s.strict = args.Has("strict");
  s.client_cert = args.Get("client-cert", d.client_cert);
  s.client_key = args.Get("client-key", d.client_key);
  if (s.client_cert.empty() != s.client_key.empty()) {
    UsageError("fleet", "--client-cert FILE and --client-key FILE go together");
    return std::nullopt;
  }
  s.redact = d.redact;
  for (const auto& r : args.All("redact")) s.redact.push_back(r);
  for (const auto& r : s.redact) {
    std::string error;
    if (!ValidRedactPattern(r, &error)) {
      UsageError("fleet", "redact pattern '" + r + "': " + error);
      return std::nullopt;
    }
  }
  if (!s.ca_bundle.empty()) {
    std::string pem, error;
    if (!ReadFile(s.ca_bundle, 64u << 20, &pem, &error) ||
        pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
      UsageError("fleet", "CA bundle " + s.ca_bundle + ": " +
                              (error.empty() ? "holds no PEM certificate" : error));
      return std::nullopt;
    }
  }
  return s;
}

}  // namespace

int RunFleet(Argv raw) {
  if (!raw.empty() && raw[0] == "merge") return RunFleetMerge(raw.subspan(1));
  Args args;
  if (auto exit = StartCommand("fleet", "FLEET.yaml [--out DIR] [--shard I/N] [--resume]",
                               kDescription, kOptions, raw, &args))
    return *exit;
  if (args.positional.size() != 1)
    return UsageError("fleet", "name one fleet file (or: checker fleet merge SHARD_DIR...)");
  DiagnosticSink sink;
  auto fleet = LoadFleetFile(args.positional[0], sink);
  for (const auto& d : sink.diagnostics()) std::fputs(FormatDiagnostic(d).c_str(), stderr);
  if (!fleet) return kExitUsage;
  auto settings = Settings(args, *fleet);
  if (!settings) return kExitUsage;

  std::optional<ShardSpec> shard;
  std::string why;
  if (args.Has("shard")) {
    shard = ParseShard(args.Get("shard"), &why);
    if (!shard) return UsageError("fleet", "--shard: " + why);
  } else {
    shard = ShardFromEnvironment(&why);
    if (!shard && !why.empty()) return UsageError("fleet", why);
  }

  std::vector<FleetJob> jobs;
  for (const auto& v : fleet->vendors) {
    // A vendor without a usable id is reported by shard 0, so that exactly one shard does.
    uint32_t owner = shard && !v.id.empty() ? ShardOf(v.id, shard->count) : 0;
    if (shard && owner != shard->index) continue;
    FleetJob job;
    job.vendor = &v;
    job.folder = settings->out_dir + "/vendors/" + v.safe_name;
    job.entry.id = v.id;
    job.entry.folder = "vendors/" + v.safe_name;
    std::string error;
    if (!v.auditable()) {
      job.entry.status = "error";
      for (const auto& d : v.problems) job.entry.errors.push_back(Formatted({d}));
    } else if (!HashVendorInputs(v, *settings, &job.inputs, &error)) {
      job.entry.status = "error";
      job.entry.errors.push_back("vendor '" + v.id + "': " + error);
    } else if (args.Has("resume")) {
      if (auto earlier = FinishedEarlier(job)) job.entry = *earlier;
    }
    jobs.push_back(std::move(job));
  }
  if (args.Has("dry-run")) {
    for (const auto& j : jobs)
      std::printf("%s\t%s\t%s\n", TerminalSafe(j.vendor->id).c_str(),
                  j.entry.status.empty() ? "to audit" : j.entry.status.c_str(),
                  TerminalSafe(j.vendor->manifest).c_str());
    FleetIndex plan;
    for (const auto& j : jobs) plan.vendors.push_back(j.entry);
    for (auto& v : plan.vendors)
      if (v.status.empty()) v.status = "audited";  // would be: only errors count here
    return FleetExitCode(plan) == kExitNotAudited ? kExitNotAudited : kExitOk;
  }

  std::error_code ec;
  std::filesystem::create_directories(settings->out_dir + "/vendors", ec);
  if (ec) {
    std::fprintf(stderr, "checker fleet: cannot create %s: %s\n",
                 TerminalSafe(settings->out_dir).c_str(), ec.message().c_str());
    return kExitOutput;
  }
  std::optional<HistoryDb> history;
  if (args.Has("history")) {
    std::string error;
    history = OpenHistory(args.Get("history"), /*create=*/true, &error);
    if (!history) {
      std::fprintf(stderr, "checker fleet: %s\n", TerminalSafe(error).c_str());
      return kExitOutput;
    }
    settings->history = &*history;
  }
  RunFleetJobs(jobs, *settings);

  FleetIndex index;
  index.tool_version = std::string(Version());
  index.fleet_file = fleet->path;
  index.fleet_sha256 = fleet->sha256;
  index.generated_at = settings->generated_at.empty() ? NowIso8601() : settings->generated_at;
  index.shard = shard;
  if (history) index.history = std::filesystem::absolute(args.Get("history")).string();
  for (auto& j : jobs) {
    if (j.entry.status.empty()) j.entry.status = "not_run";
    index.vendors.push_back(j.entry);
  }
  bool html = std::find(settings->formats.begin(), settings->formats.end(), "html") !=
              settings->formats.end();
  int written = WriteFleetIndex(settings->out_dir, index, html);
  PrintFleetSummary(index);
  std::printf(
      "index: %s\n",
      TerminalSafe((std::filesystem::path(settings->out_dir) / "fleet.json").string()).c_str());
  if (Interrupted()) {
    std::fprintf(stderr,
                 "checker fleet: interrupted by %s; finished vendors are kept, --resume audits "
                 "the rest\n",
                 InterruptName().c_str());
    return InterruptExitCode();
  }
  if (written != kExitOk) return written;
  for (const auto& j : jobs)
    if (j.output_failed) return kExitOutput;
  return FleetExitCode(index);
}

}  // namespace checker::cli
