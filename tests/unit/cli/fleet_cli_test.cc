// checker fleet offline: positioned vendor errors and exit 5, shards from the Kubernetes
// environment merged into the unsharded result, an interrupted fleet resumed.

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <regex>

#include "checker/fleet.h"
#include "checker/report.h"

#include "support/test_sites.h"
#include "support/test_support.h"

using namespace checker;
using test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;
std::string Src(const std::string& rel) { return test::SourceDir() + "/" + rel; }

// A fleet of `n` vendors (the example manifests in turn, offline) plus `extra` YAML lines.
std::string OfflineFleet(const test::TempDir& dir, int n, const std::string& extra = "") {
  const char* examples[] = {"sakura-phr", "hinode-clinic-cloud", "aozora-fhir",
                            "kokoro-symptom-checker"};
  std::string text =
      "version: 1\ndefaults:\n  offline: true\n  today: 2026-11-24\n"
      "  generated_at: 2026-11-24T00:00:00Z\nvendors:\n";
  for (int i = 0; i < n; ++i) {
    std::string example = examples[i % 4];
    std::string profile = test::ReadText(Src("examples/" + example + "/profile"));
    while (!profile.empty() && profile.back() == '\n') profile.pop_back();
    text += "  - id: vendor-" + std::to_string(i) +
            "\n    manifest: " + Src("examples/" + example + "/manifest.yaml") +
            "\n    profile: " + profile + "\n";
  }
  return dir.File("fleet.yaml", text + extra);
}

FleetIndex ReadIndex(const std::filesystem::path& dir) {
  std::string error;
  auto index = FleetIndexFromJson(test::ReadText(dir / "fleet.json"), &error);
  INFO(error);
  REQUIRE(index);
  return *index;
}

std::map<std::string, FleetIndexEntry> ById(const FleetIndex& index) {
  std::map<std::string, FleetIndexEntry> out;
  for (const auto& v : index.vendors) out[v.id] = v;
  return out;
}

}  // namespace

TEST_CASE("fleet: a vendor that cannot be audited is a positioned error; the rest are audited") {
  test::TempDir dir;
  std::string fleet = OfflineFleet(dir, 2,
                                   "  - id: ghost\n"  // line 13
                                   "    manifest: nowhere.yaml\n"
                                   "    profile: phr-service\n"
                                   "  - id: vendor-1\n"  // line 16
                                   "    manifest: nowhere.yaml\n");
  auto out = dir.path() / "out";
  auto r = Run({kChecker, "fleet", fleet, "--out", out.string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 5);
  CHECK(r.err.find(fleet + ":14:15: error[C100]: vendor 'ghost': cannot read manifest") !=
        std::string::npos);
  CHECK(r.err.find(fleet + ":16:5: error[C203]: vendor id 'vendor-1' is given more than once") !=
        std::string::npos);
  CHECK(r.out.find("vendor-0") != std::string::npos);
  auto index = ById(ReadIndex(out));
  CHECK(index["vendor-0"].status == "audited");
  CHECK(std::filesystem::exists(out / "vendors/vendor-0/report.json"));
  CHECK(index["ghost"].status == "error");
  CHECK(index["ghost"].errors.at(0).find(":14:15:") != std::string::npos);
  CHECK(index["vendor-1"].status == "error");
  CHECK_FALSE(std::filesystem::exists(out / "vendors/vendor-1"));
  CHECK(std::filesystem::exists(out / "index.html"));

  auto bad = Run({kChecker, "fleet", dir.File("bad.yaml", "vendors: []\nvendorz: 1\n"), "--out",
                  (dir.path() / "bad").string()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("bad.yaml:2:1: error[C200]: unknown key 'vendorz'") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "bad"));
}

TEST_CASE("fleet: four shards from the Kubernetes environment, merged, equal the unsharded run") {
  test::TempDir dir;
  // Two entries with one id: an error entry each, in the one shard that owns the id.
  std::string fleet = OfflineFleet(dir, 12,
                                   "  - {id: twin, manifest: nowhere.yaml}\n"
                                   "  - {id: twin, manifest: nowhere.yaml}\n");
  auto whole = Run({kChecker, "fleet", fleet, "--out", (dir.path() / "whole").string()});
  INFO(whole.err);
  REQUIRE(whole.exit_code == 5);  // the twins are not audited
  std::vector<std::string> merge = {kChecker, "fleet", "merge"};
  std::map<std::string, int> shard_of;
  for (int i = 0; i < 4; ++i) {
    std::string out = (dir.path() / ("shard-" + std::to_string(i))).string();
    auto r = Run({kChecker, "fleet", fleet, "--out", out},
                 {"JOB_COMPLETION_INDEX=" + std::to_string(i), "CHECKER_SHARDS=4"});
    INFO(r.err);
    CHECK(r.exit_code == (i == static_cast<int>(ShardOf("twin", 4)) ? 5 : 1));
    FleetIndex index = ReadIndex(out);
    REQUIRE(index.shard);
    CHECK(index.shard->index == static_cast<uint32_t>(i));
    for (const auto& v : index.vendors) {
      auto [at, fresh] = shard_of.emplace(v.id, i);
      CHECK((fresh || (v.id == "twin" && at->second == i)));  // in exactly one shard
      CHECK(ShardOf(v.id, 4) == static_cast<uint32_t>(i));
    }
    merge.push_back(out);
  }
  CHECK(shard_of.size() == 13);
  merge.insert(merge.end(), {"--out", (dir.path() / "merged").string()});
  auto m = Run(merge);
  INFO(m.err);
  CHECK(m.exit_code == 5);
  CHECK(ReadIndex(dir.path() / "merged").vendors.size() == 14);
  auto a = ById(ReadIndex(dir.path() / "whole"));
  auto b = ById(ReadIndex(dir.path() / "merged"));
  REQUIRE(a.size() == 13);
  REQUIRE(b.size() == 13);
  for (const auto& [id, v] : a) {
    INFO(id);
    CHECK(b[id].status == v.status);
    CHECK(b[id].decision == v.decision);
    CHECK(b[id].grade == v.grade);
    CHECK(b[id].score == v.score);
    CHECK(b[id].failing_rules == v.failing_rules);
    CHECK(b[id].inputs_sha256 == v.inputs_sha256);
    CHECK(b[id].report_sha256 == v.report_sha256);  // the same report, byte for byte
    if (v.status != "audited") continue;
    CHECK(test::ReadText(dir.path() / "merged" / v.folder / "report.json") ==
          test::ReadText(dir.path() / "whole" / v.folder / "report.json"));
  }
  // A shard given twice, or missing, is said.
  auto twice = Run(
      {kChecker, "fleet", "merge", merge[3], merge[3], "--out", (dir.path() / "twice").string()});
  CHECK(twice.exit_code == 2);
  auto partial = Run(
      {kChecker, "fleet", "merge", merge[3], merge[4], "--out", (dir.path() / "partial").string()});
  CHECK(partial.exit_code == 5);
  CHECK(partial.err.find("shard 2 of 4 is missing") != std::string::npos);
  auto no_count = Run({kChecker, "fleet", fleet, "--dry-run"}, {"JOB_COMPLETION_INDEX=1"});
  CHECK(no_count.exit_code == 2);
  CHECK(no_count.err.find("CHECKER_SHARDS") != std::string::npos);
}

TEST_CASE("fleet: an interrupted run keeps its finished vendors and --resume does the rest") {
  test::TempDir dir;
  std::string fleet = OfflineFleet(dir, 8);
  std::string out = (dir.path() / "out").string();
  auto first = Run({kChecker, "fleet", fleet, "--out", out, "--jobs", "1"},
                   {"CHECKER_TEST_INTERRUPT_AFTER=3"});
  INFO(first.err);
  CHECK(first.exit_code == 130);
  auto index = ReadIndex(out);
  std::map<std::string, std::string> finished;  // id -> report hash
  for (const auto& v : index.vendors)
    if (v.status == "audited") finished[v.id] = v.report_sha256;
  CHECK(finished.size() == 3);
  for (const auto& v : index.vendors)
    if (v.status != "audited") {
      CHECK(v.status == "not_run");
      CHECK_FALSE(std::filesystem::exists(std::filesystem::path(out) / v.folder));
    }
  auto record_time =
      std::filesystem::last_write_time(out + "/vendors/" + finished.begin()->first + ".fleet.json");

  auto second = Run({kChecker, "fleet", fleet, "--out", out, "--resume"});
  INFO(second.err);
  CHECK(second.exit_code == 1);
  CHECK(second.err.find("3 vendor(s) kept from an earlier run") != std::string::npos);
  CHECK(second.err.find("[5/5]") != std::string::npos);  // only the other five audited
  CHECK(second.err.find("[6/") == std::string::npos);
  for (const auto& v : ReadIndex(out).vendors) {
    CHECK(v.status == "audited");
    if (finished.count(v.id)) CHECK(v.report_sha256 == finished[v.id]);
  }
  CHECK(std::filesystem::last_write_time(out + "/vendors/" + finished.begin()->first +
                                         ".fleet.json") == record_time);
  // A changed input is audited again.
  auto third = Run({kChecker, "fleet", fleet, "--out", out, "--resume", "--today", "2026-11-25"});
  CHECK(third.err.find("kept from an earlier run") == std::string::npos);
  CHECK(third.err.find("[8/8]") != std::string::npos);
}

TEST_CASE("fleet: a vendor replays its recorded evidence, strictness and redaction apply") {
  auto& sites = test::TestSites::Get();
  test::TempDir dir;
  dir.File("pack.yaml",
           test::TestPack(
               "replay",
               {{"replay.hsts", R"({type: http, endpoints: [web], expect: 'hsts.present'})"}}));
  std::string manifest =
      dir.File("y.yaml",
               "service: {id: y, name: y}\nendpoints:\n  - {url: \"https://www.vendor-y.example/\""
               ", purpose: web}\n");
  std::string loose = dir.File("loose.yaml",
                               "service: {id: z, name: z, colour: blue}\nendpoints:\n"
                               "  - {url: \"https://www.vendor-z.example/\", purpose: web}\n");
  auto live = Run({kChecker, "audit", "--manifest", manifest, "--pack",
                   (dir.path() / "pack.yaml").string(), "--out", (dir.path() / "live").string(),
                   "--target", "web=" + sites.Url("good"), "--ca-bundle", sites.pki().ca_cert});
  INFO(live.out << live.err);
  REQUIRE(live.exit_code == 0);
  std::string fleet = dir.File("fleet.yaml",
                               "defaults:\n"
                               "  packs: [pack.yaml]\n"
                               "  generated_at: 2026-11-24T00:00:00Z\n"
                               "vendors:\n"
                               "  - id: replayed\n"
                               "    manifest: y.yaml\n"
                               "    replay: live/evidence.json\n"
                               "  - id: strict\n"  // line 8
                               "    manifest: loose.yaml\n"
                               "    offline: true\n"
                               "    strict: true\n"
                               "  - id: lenient\n"
                               "    manifest: loose.yaml\n"
                               "    offline: true\n");
  auto out = dir.path() / "out";
  auto r = Run({kChecker, "fleet", fleet, "--out", out.string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 5);  // the strict vendor could not be audited
  auto index = ById(ReadIndex(out));
  CHECK(index["replayed"].status == "audited");
  CHECK(index["replayed"].decision == "certified");  // decided from the replayed evidence
  std::string report = test::ReadText(out / "vendors/replayed/report.json");
  CHECK(std::regex_search(report, std::regex("\"mode\": ?\"replay\"")));  // either layout
  CHECK(index["strict"].status == "error");
  CHECK(index["strict"].errors.at(0).find("manifest schema") != std::string::npos);
  CHECK(r.err.find("colour") != std::string::npos);  // the unknown key is named
  CHECK(index["lenient"].status == "audited");

  // A redaction pattern RE2 does not compile stops the run before anything is audited.
  auto bad = Run(
      {kChecker, "fleet", fleet, "--out", (dir.path() / "bad").string(), "--redact", "([unclosed"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("redact pattern '([unclosed'") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "bad"));
}

TEST_CASE("fleet: the index page, rendered from fleet.json, is the page checker index makes") {
  test::TempDir dir;
  std::string fleet = OfflineFleet(dir, 4);
  auto out = dir.path() / "out";
  auto r = Run({kChecker, "fleet", fleet, "--out", out.string(), "--format", "html"});
  INFO(r.err);
  REQUIRE(r.exit_code == 1);
  for (const auto& v : ReadIndex(out).vendors) {
    CHECK_FALSE(v.service_name.empty());
    CHECK(v.outcome_counts.count("pass"));
  }
  std::vector<std::string> argv = {kChecker, "index", "--out", (out / "compare.html").string()};
  for (int i = 0; i < 4; ++i)
    argv.push_back((out / ("vendors/vendor-" + std::to_string(i)) / "report.json").string());
  auto index = Run(argv);
  INFO(index.err);
  REQUIRE(index.exit_code == 0);
  std::string page = test::ReadText(out / "index.html");
  CHECK(page.find("<td>") != std::string::npos);
  CHECK(page == test::ReadText(out / "compare.html"));
}

TEST_CASE("fleet: vendors' reports are compact unless --report-form full; both say the same") {
  test::TempDir dir;
  std::string fleet = OfflineFleet(dir, 2);
  auto compact_out = dir.path() / "compact", full_out = dir.path() / "full";
  auto compact = Run({kChecker, "fleet", fleet, "--out", compact_out.string()});
  auto full = Run({kChecker, "fleet", fleet, "--out", full_out.string(), "--report-form", "full"});
  INFO(compact.err << full.err);
  REQUIRE(compact.exit_code == full.exit_code);
  for (const char* vendor : {"vendor-0", "vendor-1"}) {
    INFO(vendor);
    std::string small = test::ReadText(compact_out / "vendors" / vendor / "report.json");
    std::string whole = test::ReadText(full_out / "vendors" / vendor / "report.json");
    CHECK(small.find("\"report_form\":\"compact\"") != std::string::npos);
    CHECK(whole.find("report_form") == std::string::npos);
    CHECK(small.size() * 4 < whole.size() * 3);
    DiagnosticSink sink;
    auto back = ParseJsonReport(small, "report.json", sink);
    REQUIRE(back);
    CHECK(RenderJsonReport(*back) == whole);  // nothing of the full report is lost
  }
  auto bad = Run(
      {kChecker, "fleet", fleet, "--out", (dir.path() / "bad").string(), "--report-form", "tiny"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--report-form must be compact or full") != std::string::npos);
}
