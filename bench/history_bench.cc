// The audit history at fleet scale: records VENDORS x AUDITS audits of RULES rules each into a
// fresh database (from THREADS threads), each archiving a copy of REPORT (a report.json; a small
// stand-in when none is given), then times the listings a certification body runs.
//   history_bench [--vendors N] [--audits N] [--rules N] [--threads N] [--report FILE]
//                 [--no-sync] [--db FILE]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "checker/history.h"

using namespace checker;
using Clock = std::chrono::steady_clock;

namespace {

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

AuditResult MakeAudit(int vendor, int audit, int rules) {
  AuditResult r;
  char date[16];
  std::snprintf(date, sizeof date, "2026-%02d-01", 1 + audit % 12);
  r.generated_at = std::string(date) + "T00:00:00Z";
  r.audit_date = date;
  r.subject.service_id = "vendor-" + std::to_string(vendor);
  r.subject.service_name = "Vendor " + std::to_string(vendor);
  r.rule_sources = {{"mhlw6", "1.0", "6.0", std::string(64, 'b')}};
  for (int i = 0; i < rules; ++i) {
    Finding f;
    f.rule_id = "mhlw6.rule-" + std::to_string(i);
    f.pack_id = "mhlw6";
    f.outcome = (i + vendor + audit) % 7 == 0 ? Outcome::kFail : Outcome::kPass;
    ++r.counts.by_outcome[f.outcome];
    ++r.counts.total;
    r.findings.push_back(std::move(f));
  }
  r.certification.decision =
      (vendor + audit) % 3 == 0 ? CertDecision::kNotCertified : CertDecision::kCertified;
  r.certification.grade = (vendor + audit) % 3 == 0 ? Grade::kC : Grade::kA;
  r.certification.score = (vendor + audit) % 3 == 0 ? 72 : 93;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  int vendors = 2000, audits = 5, rules = 50, threads = 1;
  bool sync = true;
  std::string report = "{}", db_path;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--vendors")
      vendors = std::stoi(next());
    else if (a == "--audits")
      audits = std::stoi(next());
    else if (a == "--rules")
      rules = std::stoi(next());
    else if (a == "--threads")
      threads = std::stoi(next());
    else if (a == "--no-sync")
      sync = false;
    else if (a == "--db")
      db_path = next();
    else if (a == "--report") {
      std::ifstream in(next(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      report = text.str();
    } else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (db_path.empty())
    db_path = (std::filesystem::temp_directory_path() / "checker-history-bench.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_path + suffix);
  HistoryOptions options;
  options.sync_each_audit = sync;
  std::string error;
  auto db = HistoryDb::Open(db_path, options, &error);
  if (!db) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  const int total = vendors * audits;
  auto start = Clock::now();
  std::vector<std::thread> workers;
  std::atomic<int> failures{0};
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t]() {
      std::string e;
      for (int n = t; n < total; n += threads) {
        AuditInputs inputs;
        // A distinct report per audit (its hash is the audit id), as large as the one given.
        inputs.report_json = report + "\n" + std::to_string(n);
        if (!db->Record(MakeAudit(n % vendors, n / vendors, rules), inputs, &e)) ++failures;
      }
    });
  for (auto& w : workers) w.join();
  double record = Since(start);
  auto size =
      std::filesystem::file_size(db_path) + (std::filesystem::exists(db_path + "-wal")
                                                 ? std::filesystem::file_size(db_path + "-wal")
                                                 : 0);
  std::printf(
      "recorded %d audits (%d vendors x %d, %d rules, %zu-byte report, %d thread(s), sync %s) "
      "in %.2f s: %.2f ms per audit; %d failed\n",
      total, vendors, audits, rules, report.size(), threads, sync ? "full" : "normal", record,
      record * 1000 / total, failures.load());
  std::printf("database: %.1f MB, %.2f KB per audit\n", size / 1e6, size / 1e3 / total);
  start = Clock::now();
  auto list = db->Vendors(&error);
  std::printf("vendor listing: %zu vendors in %.3f s\n", list ? list->size() : 0, Since(start));
  start = Clock::now();
  auto regressions = db->Regressions(&error);
  std::printf("regressions: %zu vendors in %.3f s\n", regressions ? regressions->size() : 0,
              Since(start));
  start = Clock::now();
  auto trend = db->Audits("vendor-7", &error);
  std::printf("one vendor's audits: %zu in %.4f s\n", trend ? trend->size() : 0, Since(start));
  return failures == 0 ? 0 : 1;
}
