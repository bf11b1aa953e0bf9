// End to end: a fleet of 20 vendors against the example sites on a real nginx (127.0.0.1), run
// whole and as the 4 shards a Kubernetes Indexed Job would run, merged and compared vendor for
// vendor; then interrupted, resumed, and found twice per vendor in the history.

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>

#include "checker/fleet.h"
#include "checker/history.h"
#include "checker/report.h"

#include "support/example_sites.h"
#include "support/test_support.h"

using namespace checker;
using test::Run;

namespace {

namespace fs = std::filesystem;

const std::string kChecker = CHECKER_BINARY;
constexpr int kVendors = 20;
const char* const kExamples[] = {"sakura-phr", "hinode-clinic-cloud", "aozora-fhir",
                                 "kokoro-symptom-checker"};

// The fleet file: vendor-i is example i % 4 with its endpoints mapped onto its loopback site.
std::string LiveFleet(const test::TempDir& dir) {
  auto& sites = test::ExampleSites::Get();
  std::string text = "version: 1\ndefaults:\n  ca_bundle: " + sites.ca() +
                     "\n  allow_private: true\n  today: 2026-11-24\n  timeout: 4000\n"
                     "  deadline: 30000\n  concurrency: 8\nvendors:\n";
  for (int i = 0; i < kVendors; ++i) {
    std::string example = kExamples[i % 4];
    text += "  - id: vendor-" + std::to_string(i) + "\n    manifest: " + test::SourceDir() +
            "/examples/" + example +
            "/manifest.yaml\n    profile: " + test::ExampleProfile(example) + "\n    targets:\n";
    auto targets = sites.Targets(example);
    for (size_t t = 1; t < targets.size(); t += 2) text += "      - \"" + targets[t] + "\"\n";
  }
  return dir.File("fleet.yaml", text);
}

FleetIndex ReadIndex(const fs::path& dir) {
  std::string error;
  auto index = FleetIndexFromJson(test::ReadText(dir / "fleet.json"), &error);
  INFO(dir << ": " << error);
  REQUIRE(index);
  return *index;
}

// Per vendor: status, decision, grade, score, and every rule's outcome from its report.
std::map<std::string, std::string> Outcomes(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& v : ReadIndex(dir).vendors) {
    std::string line = v.status + " " + v.decision + " " + v.grade + " " + std::to_string(v.score) +
                       " exit " + std::to_string(v.exit_code);
    if (v.status == "audited") {
      DiagnosticSink sink;
      auto report = ParseJsonReport(test::ReadText(dir / v.folder / "report.json"), "r", sink);
      REQUIRE(report);
      CHECK(report->probe_mode == "live");
      for (const auto& f : report->findings)
        line += "\n  " + f.rule_id + " " + std::string(OutcomeName(f.outcome));
    }
    out[v.id] = line;
  }
  return out;
}

}  // namespace

TEST_CASE(
    "fleet live: 4 shards with Kubernetes' environment, merged, equal the whole run; an "
    "interrupted run resumes; the history holds two audits per vendor") {
  test::TempDir dir;
  std::string fleet = LiveFleet(dir);
  std::string db = (dir.path() / "history.db").string();
  auto whole = Run({kChecker, "fleet", fleet, "--out", (dir.path() / "whole").string(),
                    "--generated-at", "2026-11-24T00:00:00Z", "--history", db});
  INFO(whole.out << whole.err);
  REQUIRE(whole.exit_code == 1);  // the examples with gaps have findings
  auto expected = Outcomes(dir.path() / "whole");
  REQUIRE(expected.size() == kVendors);
  std::set<std::string> decisions;
  for (const auto& [id, line] : expected) {
    CHECK(line.rfind("audited ", 0) == 0);
    decisions.insert(line.substr(0, line.find(' ', 8)));
  }
  CHECK(decisions.size() >= 2);  // the fleet is not uniform: a wrong merge would show

  std::vector<std::string> merge = {kChecker, "fleet", "merge"};
  size_t shard_vendors = 0;
  for (int i = 0; i < 4; ++i) {
    fs::path out = dir.path() / ("shard-" + std::to_string(i));
    auto r = Run({kChecker, "fleet", fleet, "--out", out.string(), "--generated-at",
                  "2026-11-24T00:00:00Z", "--history", (out / "history.db").string()},
                 {"JOB_COMPLETION_INDEX=" + std::to_string(i), "CHECKER_SHARDS=4"});
    INFO(r.err);
    CHECK((r.exit_code == 0 || r.exit_code == 1));
    shard_vendors += ReadIndex(out).vendors.size();
    merge.push_back(out.string());
  }
  CHECK(shard_vendors == kVendors);
  std::string merged_db = (dir.path() / "merged.db").string();
  merge.insert(merge.end(), {"--out", (dir.path() / "merged").string(), "--history", merged_db});
  auto m = Run(merge);
  INFO(m.out << m.err);
  CHECK(m.exit_code == 1);
  auto merged = Outcomes(dir.path() / "merged");
  CHECK(merged.size() == expected.size());
  for (const auto& [id, line] : expected) {
    INFO(id);
    CHECK(merged[id] == line);
  }

  // Interrupted after 5 vendors (the test hook raises SIGINT), then resumed: the finished ones
  // are not audited again.
  std::vector<std::string> second = {kChecker,
                                     "fleet",
                                     fleet,
                                     "--out",
                                     (dir.path() / "second").string(),
                                     "--generated-at",
                                     "2026-11-25T00:00:00Z",
                                     "--history",
                                     db,
                                     "--jobs",
                                     "2"};
  auto cut = Run(second, {"CHECKER_TEST_INTERRUPT_AFTER=5"});
  INFO(cut.err);
  CHECK(cut.exit_code == 130);
  size_t finished = 0;
  for (const auto& v : ReadIndex(dir.path() / "second").vendors)
    finished += v.status == "audited" ? 1 : 0;
  CHECK(finished >= 5);
  CHECK(finished < kVendors);
  second.push_back("--resume");
  auto resumed = Run(second);
  INFO(resumed.err);
  CHECK(resumed.exit_code == 1);
  CHECK(resumed.err.find(std::to_string(finished) + " vendor(s) kept from an earlier run") !=
        std::string::npos);
  std::string rest = std::to_string(kVendors - finished);
  CHECK(resumed.err.find("[" + rest + "/" + rest + "]") != std::string::npos);
  auto again = Outcomes(dir.path() / "second");
  for (const auto& [id, line] : expected) CHECK(again[id] == line);

  std::string error;
  HistoryOptions read_only;
  read_only.read_only = true;
  auto history = HistoryDb::Open(db, read_only, &error);
  INFO(error);
  REQUIRE(history);
  auto shards_history = HistoryDb::Open(merged_db, read_only, &error);
  REQUIRE(shards_history);
  for (int i = 0; i < kVendors; ++i) {
    std::string id = "vendor-" + std::to_string(i);
    INFO(id);
    auto audits = history->Audits(id, &error);
    REQUIRE(audits);
    CHECK(audits->size() == 2);
    auto shard_audits = shards_history->Audits(id, &error);
    REQUIRE(shard_audits);
    CHECK(shard_audits->size() == 1);
  }
}

TEST_CASE(
    "fleet live: every vendor's probes share one engine, whose per-host limit holds across "
    "vendors") {
  test::TempDir dir;
  std::string fleet = LiveFleet(dir);
  fs::path out = dir.path() / "out";
  // Five vendors of each example probe the same four sites at once: without the shared limit,
  // several probes would reach one host and port together.
  auto r = Run({kChecker, "fleet", fleet, "--out", out.string(), "--generated-at",
                "2026-11-24T00:00:00Z", "--jobs", "8", "--per-host", "1", "--max-in-flight", "6"});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  auto outcomes = Outcomes(out);
  REQUIRE(outcomes.size() == kVendors);
  for (const auto& [id, line] : outcomes) CHECK(line.rfind("audited ", 0) == 0);
  size_t at = r.err.find("checker fleet: ");
  at = r.err.find(" probe(s), at most ", at);
  REQUIRE(at != std::string::npos);
  std::string summary = r.err.substr(at, r.err.find('\n', at) - at);
  INFO(summary);
  CHECK(summary.find("in flight (1 to one host and port)") != std::string::npos);
  int in_flight = std::stoi(summary.substr(std::string(" probe(s), at most ").size()));
  CHECK(in_flight <= 6);
  CHECK(in_flight >= 2);  // the vendors' probes did overlap
  CHECK(summary.find(", 0 reused") ==
        std::string::npos);  // vendors of one policy share connections
}
