#include "cli/fleet_runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <unistd.h>

#include "checker/report.h"
#include "checker/safe_text.h"
#include "checker/source.h"

#include "cli/commands.h"
#include "cli/fleet_audit.h"
#include "cli/history_recording.h"
#include "cli/interrupt.h"

namespace checker::cli {

namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxInputBytes = size_t{1} << 30;

std::string HashFile(const std::string& path, std::string* error) {
  std::string text;
  if (!ReadFile(path, kMaxInputBytes, &text, error)) {
    *error = path + ": " + *error;
    return "";
  }
  return Sha256Hex(text);
}

// Every file under a pack path (a file or a folder), as relative name and hash, in name order.
std::string HashTree(const std::string& root, std::string* error) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return HashFile(root, error);
  std::vector<std::string> files;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) files.push_back(it->path().string());
  if (ec) {
    *error = root + ": " + ec.message();
    return "";
  }
  std::sort(files.begin(), files.end());
  std::string list;
  for (const auto& f : files) {
    std::string h = HashFile(f, error);
    if (h.empty()) return "";
    list += fs::relative(f, root).string() + " " + h + "\n";
  }
  return Sha256Hex(list);
}

std::string RecordPath(const FleetJob& job) { return job.folder + ".fleet.json"; }

}  // namespace

std::string EffectiveCaBundle(const FleetVendor& v, const FleetSettings& s) {
  return v.ca_bundle.empty() ? s.ca_bundle : v.ca_bundle;
}

std::pair<std::string, std::string> EffectiveClientIdentity(const FleetVendor& v,
                                                            const FleetSettings& s) {
  if (!v.client_cert.empty()) return {v.client_cert, v.client_key};
  return {s.client_cert, s.client_key};
}

bool HashVendorInputs(const FleetVendor& v, const FleetSettings& s, VendorInputs* in,
                      std::string* error) {
  in->manifest_sha256 = HashFile(v.manifest, error);
  if (in->manifest_sha256.empty()) return false;
  std::string rules;
  // Vendors share their packs: each folder is hashed once per run (inputs are hashed before the
  // audits start, on one thread).
  static std::map<std::string, std::string> tree_hashes;
  for (const auto& root : v.packs.empty() ? std::vector<std::string>{s.rules_dir} : v.packs) {
    std::string& h = tree_hashes[root];
    if (h.empty()) h = HashTree(root, error);
    if (h.empty()) return false;
    rules += h + "\n";
  }
  in->rules_sha256 = Sha256Hex(rules);
  std::string review;
  for (const auto& [kind, files] :
       {std::pair{"attestations", &v.attestations}, {"waivers", &v.waivers}})
    for (const auto& f : *files) {
      std::string h = HashFile(f, error);
      if (h.empty()) return false;
      review += std::string(kind) + " " + h + "\n";
    }
  in->review_sha256 = Sha256Hex(review);
  // Every option that can change the report; not the output folder or the shard.
  std::string options = "tool " + std::string(Version()) + "\nprofile " + v.profile + "\n";
  for (const auto& p : v.packs) options += "pack " + p + "\n";
  for (const auto& t : v.targets) options += "target " + t + "\n";
  options += "allow-private " + std::to_string(v.allow_private) + "\noffline " +
             std::to_string(v.offline) + "\nstrict " + std::to_string(v.strict || s.strict) +
             "\ntoday " + s.today + "\ngenerated-at " + s.generated_at + "\nfail-on " + s.fail_on +
             "\n";
  // Files that change what is probed or decided, by their bytes.
  auto [cert, key] = EffectiveClientIdentity(v, s);
  for (const auto& [name, path] : {std::pair{"ca-bundle", EffectiveCaBundle(v, s)},
                                   {"client-cert", cert},
                                   {"client-key", key},
                                   {"replay", v.replay}}) {
    if (path.empty()) continue;
    std::string h = HashFile(path, error);
    if (h.empty()) return false;
    options += std::string(name) + " " + h + "\n";
  }
  for (const auto& r : s.redact) options += "redact " + r + "\n";
  for (const auto& r : v.redact) options += "redact " + r + "\n";
  for (const auto& f : s.formats) options += "format " + f + "\n";
  options += "report-form " + std::string(ReportFormName(s.report_form)) + "\n";
  for (const auto& [name, value] : s.limits) options += name + " " + value + "\n";
  in->options_sha256 = Sha256Hex(options);
  return true;
}

std::optional<FleetIndexEntry> FinishedEarlier(const FleetJob& job) {
  std::string text, error;
  if (!ReadFile(RecordPath(job), 1u << 20, &text, &error)) return std::nullopt;
  auto record = FleetIndexFromJson(text, &error);
  if (!record || record->vendors.size() != 1) return std::nullopt;
  FleetIndexEntry& e = record->vendors[0];
  if (e.id != job.vendor->id || e.status != "audited" || e.inputs_sha256 != job.inputs.Combined())
    return std::nullopt;
  std::string report;
  if (!ReadFile(job.folder + "/report.json", kMaxInputBytes, &report, &error) ||
      Sha256Hex(report) != e.report_sha256)
    return std::nullopt;
  e.resumed = true;
  return e;
}

namespace {

// What a job's end says, for the record file and the index.
// Records an audited vendor in the history under its fleet id; false after an error in `e`.
bool Record(const FleetJob& job, const AuditResult& report, HistoryDb& db, FleetIndexEntry& e) {
  AuditInputs inputs;
  std::string error;
  if (ReadAuditInputs(job.folder + "/report.json", report, job.vendor->manifest, &inputs, &error)) {
    inputs.vendor_id = job.vendor->id;
    for (const auto& [kind, files] :
         {std::pair{"attestations", &job.vendor->attestations}, {"waivers", &job.vendor->waivers}})
      for (const auto& f : *files) inputs.review_files.push_back({kind, f, HashFile(f, &error)});
    if (db.Record(report, inputs, &error)) return true;
  }
  e.errors.push_back("the audit was not recorded in the history: " + error);
  return false;
}

void Finish(FleetJob& job, const VendorAuditResult& r, HistoryDb* history) {
  FleetIndexEntry& e = job.entry;
  e = r.summary;  // decision, grade, score, counts and failing rules of an audited vendor
  e.id = job.vendor->id;
  e.folder = "vendors/" + job.vendor->safe_name;
  e.inputs = job.inputs;
  e.inputs_sha256 = job.inputs.Combined();
  if (r.interrupted) {
    e.status = "not_run";
    return;
  }
  if (!r.audited) {
    job.output_failed = r.exit_code == kExitOutput;
    e.status = "error";
    e.errors = r.errors;
    return;
  }
  e.status = "audited";
  e.exit_code = r.exit_code;
  std::string text, error;
  const std::string path = job.folder + "/report.json";
  if (!ReadFile(path, kMaxInputBytes, &text, &error)) {
    e.status = "error";
    e.errors.push_back("the report written to " + job.folder + " cannot be read back: " + error);
    return;
  }
  e.report_sha256 = Sha256Hex(text);
  // The history records the report as written, read back (the JSON report is the source).
  if (history != nullptr) {
    DiagnosticSink sink;
    auto report = ParseJsonReport(text, path, sink);
    if (!report) {
      e.status = "error";
      e.errors.push_back("the report written to " + job.folder + " cannot be read back");
      return;
    }
    if (!Record(job, *report, *history, e)) job.output_failed = true;
  }
  FleetIndex record;
  record.tool_version = std::string(Version());
  record.vendors.push_back(e);
  // Written after the report folder is committed: a run cut in between redoes the vendor.
  if (!WriteFileAtomic(RecordPath(job), FleetIndexToJson(record), &error)) {
    e.status = "error";
    e.errors.push_back("cannot write " + RecordPath(job) + ": " + error);
  }
}

std::string Clock(double seconds) {
  auto s = static_cast<long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02ld:%02ld", s / 60, s % 60);
  return buf;
}

}  // namespace

void RunFleetJobs(std::vector<FleetJob>& jobs, const FleetSettings& fleet_settings) {
  // One probe engine for the run: its limits hold across every vendor's probes.
  ProbeEngine engine(fleet_settings.probe_limits);
  FleetSettings settings = fleet_settings;
  settings.engine = &engine;
  std::vector<size_t> todo;
  for (size_t i = 0; i < jobs.size(); ++i)
    if (jobs[i].entry.status.empty()) todo.push_back(i);
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::condition_variable changed;
  size_t done = 0, errors = 0, running = 0;
  size_t live_workers = std::min(settings.workers, todo.size());
  std::vector<std::string> log;  // lines for a non-TTY stderr
  bool tty = isatty(fileno(stderr)) != 0;
  std::optional<size_t> interrupt_after;
  if (const char* n = std::getenv("CHECKER_TEST_INTERRUPT_AFTER")) interrupt_after = std::stoul(n);
  size_t kept =
      std::count_if(jobs.begin(), jobs.end(), [](const FleetJob& j) { return j.entry.resumed; });
  if (kept != 0)
    std::fprintf(stderr, "checker fleet: %zu vendor(s) kept from an earlier run (--resume)\n",
                 kept);
  auto start = std::chrono::steady_clock::now();

  auto work = [&] {
    while (!Interrupted()) {
      size_t n = next.fetch_add(1);
      if (n >= todo.size()) return;
      FleetJob& job = jobs[todo[n]];
      {
        std::lock_guard lock(mu);
        ++running;
      }
      VendorAuditResult r = AuditVendor(*job.vendor, job.folder, settings);
      Finish(job, r, settings.history);
      std::lock_guard lock(mu);
      --running;
      if (job.entry.status == "not_run") continue;
      ++done;
      if (job.entry.status == "error") ++errors;
      // A test hook: SIGINT after this many vendors, at a point a test can count on.
      if (interrupt_after && done == *interrupt_after) std::raise(SIGINT);
      std::string line = "[" + std::to_string(done) + "/" + std::to_string(todo.size()) + "] " +
                         TerminalSafe(job.vendor->id) + ": ";
      line +=
          job.entry.status == "audited"
              ? job.entry.decision + ", grade " + job.entry.grade
              : "not audited: " + TerminalSafe(job.entry.errors.empty() ? "" : job.entry.errors[0]);
      log.push_back(std::move(line));
      changed.notify_all();
    }
  };
  auto worker = [&] {
    work();
    std::lock_guard lock(mu);
    --live_workers;
    changed.notify_all();
  };
  std::vector<std::jthread> pool;
  for (size_t i = 0, n = live_workers; i < n; ++i) pool.emplace_back(worker);

  std::unique_lock lock(mu);
  bool forwarded = false;
  while (true) {
    changed.wait_for(lock, std::chrono::milliseconds(200));
    if (Interrupted() && !forwarded) {
      ForwardInterruptToAudits();
      forwarded = true;
    }
    for (const auto& line : log)
      std::fprintf(stderr, "%schecker fleet: %s\n", tty ? "\r\033[K" : "", line.c_str());
    log.clear();
    bool finished = live_workers == 0;
    if (tty && !finished) {
      double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::string eta = done == 0 ? "--:--" : Clock(elapsed / done * (todo.size() - done));
      EngineStats probes = engine.Stats();
      std::fprintf(stderr,
                   "\r\033[Kvendors %zu/%zu, %zu auditing, %zu probe(s) in flight, %zu queued, "
                   "%zu error(s), ETA %s%s",
                   done, todo.size(), running, probes.in_flight, probes.queued, errors, eta.c_str(),
                   Interrupted() ? " (stopping)" : "");
      std::fflush(stderr);
    }
    if (finished) break;
  }
  lock.unlock();
  pool.clear();  // joins
  if (tty) std::fputs("\r\033[K", stderr);
  EngineStats probes = engine.Stats();
  if (probes.done > 0) {
    int per_host = 0;
    for (const auto& [origin, peak] : probes.peak_per_origin) per_host = std::max(per_host, peak);
    std::fprintf(stderr,
                 "checker fleet: %zu probe(s), at most %zu in flight (%d to one host and port); "
                 "%zu connection(s) opened, %zu reused\n",
                 probes.done, probes.peak_in_flight, per_host, probes.connections_opened,
                 probes.connections_reused);
  }
}

}  // namespace checker::cli
