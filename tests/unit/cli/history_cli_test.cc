// checker audit --history, checker history (trend, regressions, HTML page) and checker diff --db
// through the executable, over the example vendors audited offline.

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "checker/history.h"
#include "checker/report.h"
#include "checker/source.h"

#include "support/test_support.h"

using checker::test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;

std::string Src(const std::string& rel) { return checker::test::SourceDir() + "/" + rel; }

// The Sakura PHR manifest with MFA turned off (three must-rules then fail) and, optionally,
// another service name.
std::string WorseSakura(const checker::test::TempDir& dir, const std::string& name = "") {
  std::string text = checker::test::ReadText(Src("examples/sakura-phr/manifest.yaml"));
  text = std::regex_replace(text, std::regex("\n    enabled: true"), "\n    enabled: false");
  if (!name.empty())
    text = std::regex_replace(text, std::regex("name: Sakura PHR"), "name: " + name);
  return dir.File("worse.yaml", text);
}

checker::test::RunResult Audit(const std::string& manifest, const std::string& out,
                               const std::string& db, const std::string& when) {
  return Run({kChecker, "audit", "--manifest", manifest, "--profile", "starter", "--offline",
              "--out", out, "--history", db, "--generated-at", when + "T09:00:00Z"});
}

}  // namespace

TEST_CASE("two audits recorded with --history: the trend, the regression and the diff") {
  checker::test::TempDir dir;
  std::string db = (dir.path() / "history.db").string();
  auto first = Audit(Src("examples/sakura-phr/manifest.yaml"), (dir.path() / "a").string(), db,
                     "2026-01-10");
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.out, Catch::Contains("history: recorded audit "));
  auto second = Audit(WorseSakura(dir), (dir.path() / "b").string(), db, "2026-04-10");
  INFO(second.out << second.err);
  REQUIRE(second.exit_code == 1);  // findings, recorded all the same
  Audit(Src("examples/hinode-clinic-cloud/manifest.yaml"), (dir.path() / "c").string(), db,
        "2026-02-01");

  auto trend = Run({kChecker, "history", "sakura-phr", "--db", db});
  INFO(trend.out << trend.err);
  CHECK(trend.exit_code == 0);
  CHECK_THAT(trend.out, Catch::Contains("history of Sakura PHR (sakura-phr): 2 audit(s)"));
  CHECK(std::regex_search(
      trend.out, std::regex(R"(\n +1  2026-01-10  conditional +A +100\.0 +0  [0-9a-f]{12}\n)")));
  CHECK(std::regex_search(
      trend.out, std::regex(R"(\n +2  2026-04-10  not_certified +C +[0-9.]+ +3  [0-9a-f]{12}\n)")));
  CHECK_THAT(trend.out, Catch::Contains("decision conditional -> not_certified"));
  CHECK_THAT(trend.out, Catch::Contains("starter.auth.mfa-remote (must, pass -> fail)"));
  CHECK_THAT(trend.out, Catch::Contains("manifest changed"));

  auto all = Run({kChecker, "history", "--db", db});
  CHECK(all.exit_code == 0);
  CHECK_THAT(all.out, Catch::Contains("2 vendor(s) in"));
  CHECK_THAT(all.out, Catch::Contains("Hinode Clinic Cloud (hinode-clinic-cloud): 1 audit(s)"));

  auto regressions = Run({kChecker, "history", "--regressions", "--db", db});
  INFO(regressions.out << regressions.err);
  CHECK(regressions.exit_code == 1);
  CHECK_THAT(regressions.out, Catch::Contains("1 vendor(s) regressed"));
  CHECK_THAT(regressions.out, Catch::Contains("Sakura PHR (sakura-phr):"));
  CHECK_THAT(regressions.out, Catch::Contains("starter.auth.mfa-remote (must, pass -> fail)"));
  CHECK_THAT(regressions.out, !Catch::Contains("hinode"));

  auto as_json = Run({kChecker, "history", "--regressions", "--db", db, "--format", "json"});
  CHECK(as_json.exit_code == 1);
  auto doc = nlohmann::json::parse(as_json.out);
  CHECK(doc["format"] == "checker-history");
  REQUIRE(doc["vendors"].size() == 1);
  CHECK(doc["vendors"][0]["vendor_id"] == "sakura-phr");
  REQUIRE(doc["vendors"][0]["audits"].size() == 2);
  CHECK(doc["vendors"][0]["audits"][1]["decision"] == "not_certified");
  auto failing = doc["vendors"][0]["audits"][1]["newly_failing"];
  CHECK(std::find(failing.begin(), failing.end(), "starter.auth.mfa-remote") != failing.end());
  auto trend_json = nlohmann::json::parse(
      Run({kChecker, "history", "sakura-phr", "--db", db, "--format", "json"}).out);
  CHECK(trend_json["vendors"][0]["audits_recorded"] == 2);

  // diff from the database runs the same comparison as diff of the two report files.
  auto from_db = Run({kChecker, "diff", "--db", db, "sakura-phr@1", "sakura-phr@latest"});
  auto from_files = Run({kChecker, "diff", (dir.path() / "a/report.json").string(),
                         (dir.path() / "b/report.json").string()});
  INFO(from_db.out << from_db.err);
  CHECK(from_db.exit_code == 1);
  CHECK(from_db.out == from_files.out);
  CHECK_THAT(from_db.out, Catch::Contains("starter.auth.mfa-remote"));
  auto id = std::regex_replace(
      trend.out, std::regex(R"([\s\S]*\n +1  2026-01-10 .* ([0-9a-f]{12})\n[\s\S]*)"), "$1");
  REQUIRE(id.size() == 12);
  auto by_id = Run({kChecker, "diff", "--db", db, id, "sakura-phr@2"});
  CHECK(by_id.out == from_files.out);
  CHECK(Run({kChecker, "diff", "--db", db, "sakura-phr"}).out == from_files.out);
  CHECK(Run({kChecker, "diff", "--db", db, "sakura-phr@2026-01-10", "sakura-phr@2026-04-10"}).out ==
        from_files.out);
  auto unknown = Run({kChecker, "diff", "--db", db, "sakura-phr@9", "sakura-phr@1"});
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err,
             Catch::Contains(db + ": 'sakura-phr@9': vendor 'sakura-phr' has audits 1 to 2"));
}

TEST_CASE("the trend page escapes a hostile service name and draws the chart as inline SVG") {
  checker::test::TempDir dir;
  std::string db = (dir.path() / "history.db").string();
  std::string hostile =
      R"("<script>alert(1)</script>\u001b[2J\u202e <img src=x onerror=alert(2)>")";
  REQUIRE(
      Audit(WorseSakura(dir, hostile), (dir.path() / "a").string(), db, "2026-01-10").exit_code ==
      1);
  REQUIRE(
      Audit(Src("examples/sakura-phr/manifest.yaml"), (dir.path() / "b").string(), db, "2026-03-10")
          .exit_code == 0);
  std::string page = (dir.path() / "trend.html").string();
  auto r = Run({kChecker, "history", "sakura-phr", "--db", db, "--html", page});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find('\x1b') == std::string::npos);  // the terminal sees \x1b, not an escape
  CHECK(r.out.find("\u202e") == std::string::npos);
  // The latest name is Sakura PHR; the hostile one is the first audit's: check both places.
  auto first = Run({kChecker, "history", "--db", db});
  CHECK(first.out.find('\x1b') == std::string::npos);
  std::string html = checker::test::ReadText(page);
  CHECK_THAT(html, Catch::Contains("<svg role=\"img\" aria-label=\"score and grade over time\""));
  CHECK_THAT(html, Catch::Contains("<path d=\"M"));
  CHECK_THAT(html, Catch::Contains("Content-Security-Policy\" content=\"default-src 'none'"));
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // no external resource

  // A vendor whose latest name is hostile: the page title and heading are escaped.
  std::string db2 = (dir.path() / "hostile.db").string();
  REQUIRE(
      Audit(WorseSakura(dir, hostile), (dir.path() / "c").string(), db2, "2026-01-10").exit_code ==
      1);
  std::string page2 = (dir.path() / "hostile.html").string();
  REQUIRE(Run({kChecker, "history", "sakura-phr", "--db", db2, "--html", page2}).exit_code == 0);
  std::string html2 = checker::test::ReadText(page2);
  CHECK_THAT(html2, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_THAT(html2, Catch::Contains("&lt;img src=x onerror=alert(2)&gt;"));
  CHECK(html2.find("<script") == std::string::npos);
  CHECK(html2.find("<img") == std::string::npos);
  CHECK(html2.find('\x1b') == std::string::npos);
  CHECK(html2.find("\u202e") == std::string::npos);
}

TEST_CASE("a history file that is not a database, or cannot be written, is named in the error") {
  checker::test::TempDir dir;
  std::string bogus = dir.File("bogus.db", std::string(2048, 'z'));
  auto read = Run({kChecker, "history", "--db", bogus});
  CHECK(read.exit_code == 2);
  CHECK_THAT(read.err, Catch::Contains(bogus + ": not a SQLite database"));
  auto missing = Run({kChecker, "history", "--db", (dir.path() / "none.db").string()});
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("none.db: no such history database"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "none.db"));

  // The audit's reports are written; recording fails with exit 4 and says why.
  auto audit = Audit(Src("examples/sakura-phr/manifest.yaml"), (dir.path() / "out").string(), bogus,
                     "2026-01-10");
  CHECK(audit.exit_code == 4);
  CHECK_THAT(audit.err, Catch::Contains("the audit was not recorded in the history: " + bogus +
                                        ": not a SQLite database"));
  CHECK(std::filesystem::exists(dir.path() / "out/report.json"));
  CHECK(checker::test::ReadText(bogus) == std::string(2048, 'z'));

  auto usage = Run({kChecker, "history", "x", "--regressions", "--db", bogus});
  CHECK(usage.exit_code == 2);
}

TEST_CASE("reports written before the history are imported, and shard databases merged once") {
  checker::test::TempDir dir;
  for (const char* vendor : {"sakura-phr", "hinode-clinic-cloud"})
    Run({kChecker, "audit", "--manifest", Src(std::string("examples/") + vendor + "/manifest.yaml"),
         "--profile", "starter", "--offline", "--out", (dir.path() / vendor).string()});
  std::string shard1 = (dir.path() / "shard-1.db").string();
  std::string shard2 = (dir.path() / "shard-2.db").string();
  auto one = Run({kChecker, "history", "--db", shard1, "--import",
                  (dir.path() / "sakura-phr/report.json").string()});
  INFO(one.out << one.err);
  CHECK(one.exit_code == 0);
  CHECK_THAT(one.out, Catch::Contains("report.json: recorded audit "));
  auto two = Run({kChecker, "history", "--db", shard2, "--import",
                  (dir.path() / "hinode-clinic-cloud/report.json").string(),
                  (dir.path() / "missing.json").string(),
                  (dir.path() / "sakura-phr/report.json").string()});
  CHECK(two.exit_code == 2);  // the missing report; the others are recorded
  CHECK_THAT(two.err, Catch::Contains("missing.json"));

  std::string merged = (dir.path() / "merged.db").string();
  auto merge = Run({kChecker, "history", "--db", merged, "--merge", shard1, shard2});
  INFO(merge.out << merge.err);
  CHECK(merge.exit_code == 0);
  // Sakura's audit is in both shards: one audit, by its report's hash.
  CHECK_THAT(merge.out, Catch::Contains("2 audit(s) added, 1 already held"));
  auto again = Run({kChecker, "history", "--db", merged, "--merge", shard1, shard2});
  CHECK_THAT(again.out, Catch::Contains("0 audit(s) added, 3 already held"));
  auto list = Run({kChecker, "history", "--db", merged});
  CHECK_THAT(list.out, Catch::Contains("2 vendor(s)"));
  CHECK_THAT(list.out, Catch::Contains("Sakura PHR (sakura-phr): 1 audit(s)"));
  auto bogus = Run({kChecker, "history", "--db", merged, "--merge",
                    (dir.path() / "sakura-phr/report.json").string()});
  CHECK(bogus.exit_code == 4);
  CHECK_THAT(bogus.err, Catch::Contains("report.json: not a SQLite database"));
}

TEST_CASE("the history records the hashes of the replayed evidence and of the review files") {
  checker::test::TempDir dir;
  std::string db = (dir.path() / "h.db").string();
  // A service with no endpoint, replayed from evidence collected for no endpoint.
  checker::ProbeEvidence empty;
  empty.endpoints_recorded = true;
  const std::string recorded = checker::ProbeEvidenceToJson(empty);
  std::string evidence = dir.File("evidence.json", recorded);
  std::string manifest = dir.File("m.yaml", "service: {id: sakura-phr, name: Sakura PHR}\n");
  auto r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "starter", "--replay",
                evidence, "--attestations", Src("examples/sakura-phr/review/attestations.yaml"),
                "--out", (dir.path() / "out").string(), "--history", db});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code <= 1);
  std::string error;
  checker::HistoryOptions reader;
  reader.read_only = true;
  auto history = checker::HistoryDb::Open(db, reader, &error);
  REQUIRE(history);
  auto audits = history->Audits("sakura-phr", &error);
  REQUIRE(audits);
  REQUIRE(audits->size() == 1);
  const checker::AuditRecord& a = audits->front();
  CHECK(a.probe_mode == "replay");
  CHECK(a.evidence_sha256 == checker::Sha256Hex(recorded));
  REQUIRE(a.review_files.size() == 1);
  CHECK(a.review_files[0].kind == "attestations");
  CHECK(a.review_files[0].sha256 == checker::Sha256Hex(checker::test::ReadText(
                                        Src("examples/sakura-phr/review/attestations.yaml"))));
  CHECK(a.manifest_sha256 == checker::Sha256Hex("service: {id: sakura-phr, name: Sakura PHR}\n"));
  CHECK(history->ManifestText(a.manifest_sha256, &error) ==
        "service: {id: sakura-phr, name: Sakura PHR}\n");
  CHECK(a.report_path == (dir.path() / "out/report.json").string());
  CHECK(a.audit_id == checker::Sha256Hex(checker::test::ReadText(dir.path() / "out/report.json")));
}
