// The history database through its API: recording, the trend, regressions, references to
// audits, the archived report and merging shard databases.

#include "checker/history.h"

#include <catch2/catch.hpp>

#include "checker/report.h"
#include "checker/source.h"

#include "support/test_support.h"
#include "unit/history/history_fixtures.h"

using namespace checker;
using test::MakeAudit;

namespace {

HistoryDb OpenNew(const std::string& path) {
  std::string error;
  auto db = HistoryDb::Open(path, {}, &error);
  INFO(error);
  REQUIRE(db);
  return std::move(*db);
}

std::string Record(HistoryDb& db, const test::MadeAudit& m) {
  std::string error;
  auto recorded = db.Record(m.result, m.inputs, &error);
  INFO(error);
  REQUIRE(recorded);
  CHECK_FALSE(recorded->already_recorded);
  return recorded->audit_id;
}

const std::vector<std::pair<std::string, Outcome>> kGood = {
    {"mhlw6.auth.mfa", Outcome::kPass},
    {"mhlw6.log.retention", Outcome::kPass},
    {"mhlw6.should.backup", Outcome::kPass}};
const std::vector<std::pair<std::string, Outcome>> kWorse = {
    {"mhlw6.auth.mfa", Outcome::kFail},
    {"mhlw6.log.retention", Outcome::kMissingEvidence},
    {"mhlw6.should.backup", Outcome::kPass},
    {"mhlw6.new.rule", Outcome::kPass}};

}  // namespace

TEST_CASE("two audits of a vendor are both in its trend, oldest first, with every field") {
  test::TempDir dir;
  HistoryDb db = OpenNew((dir.path() / "h.db").string());
  CHECK(db.schema_version() == 0);  // a new file
  auto second =
      MakeAudit("acme", "2026-04-01", CertDecision::kNotCertified, Grade::kC, 65, kWorse, "6.1");
  second.inputs.review_files = {{"waivers", "w.yaml", std::string(64, 'c')}};
  second.inputs.evidence_sha256 = std::string(64, 'e');
  std::string id2 = Record(db, second);  // recorded first, dated later
  std::string id1 =
      Record(db, MakeAudit("acme", "2026-01-01", CertDecision::kCertified, Grade::kA, 95, kGood));
  CHECK(id2 == Sha256Hex(second.inputs.report_json));

  std::string error;
  auto audits = db.Audits("acme", &error);
  REQUIRE(audits);
  REQUIRE(audits->size() == 2);
  const AuditRecord& a = (*audits)[0];
  const AuditRecord& b = (*audits)[1];
  CHECK(a.audit_id == id1);
  CHECK(b.audit_id == id2);
  CHECK(a.audit_date == "2026-01-01");
  CHECK(a.decision == CertDecision::kCertified);
  CHECK(b.decision == CertDecision::kNotCertified);
  CHECK(b.grade == Grade::kC);
  CHECK(b.score == 65);
  CHECK(b.failing_must == 2);
  CHECK(b.counts.total == 4);
  CHECK(b.counts.Count(Outcome::kFail) == 1);
  CHECK(b.counts.Count(Outcome::kMissingEvidence) == 1);
  CHECK(b.category_scores.at("security") == 65);
  REQUIRE(b.rule_sources.size() == 1);
  CHECK(b.rule_sources[0].edition == "6.1");
  REQUIRE(b.review_files.size() == 1);
  CHECK(b.review_files[0].sha256 == std::string(64, 'c'));
  CHECK(b.evidence_sha256 == std::string(64, 'e'));
  CHECK(b.profile_id == "starter");
  CHECK(b.probe_mode == "offline");
  CHECK(b.report_archived);
  CHECK(b.vendor_name == "acme service");

  auto outcomes = db.Outcomes(id2, &error);
  REQUIRE(outcomes);
  REQUIRE(outcomes->size() == 4);
  CHECK((*outcomes)[0].rule_id == "mhlw6.auth.mfa");
  CHECK((*outcomes)[0].outcome == Outcome::kFail);
  CHECK((*outcomes)[0].level == Level::kMust);

  AuditChanges changes = CompareAudits(a, *db.Outcomes(id1, &error), b, *outcomes);
  CHECK(changes.regression());
  REQUIRE(changes.new_failures.size() == 2);
  CHECK(changes.new_failures[0].rule_id == "mhlw6.auth.mfa");
  CHECK(changes.other.size() == 1);  // the new rule
  auto lines = DescribeChanges(a, b, changes);
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  CHECK_THAT(all, Catch::Contains("decision certified -> not_certified"));
  CHECK_THAT(all, Catch::Contains("mhlw6.auth.mfa (must, pass -> fail)"));
  CHECK_THAT(all, Catch::Contains("mhlw6 6.0 (1.0) -> 6.1 (1.0)"));
}

TEST_CASE("recording the same report twice keeps one audit") {
  test::TempDir dir;
  HistoryDb db = OpenNew((dir.path() / "h.db").string());
  auto m = MakeAudit("acme", "2026-01-01", CertDecision::kCertified, Grade::kA, 95, kGood);
  Record(db, m);
  std::string error;
  auto again = db.Record(m.result, m.inputs, &error);
  REQUIRE(again);
  CHECK(again->already_recorded);
  CHECK(db.Audits("acme", &error)->size() == 1);
}

TEST_CASE("regressions list a vendor that worsened and not one that improved or held") {
  test::TempDir dir;
  HistoryDb db = OpenNew((dir.path() / "h.db").string());
  Record(db, MakeAudit("worse", "2026-01-01", CertDecision::kCertified, Grade::kA, 95, kGood));
  Record(db, MakeAudit("worse", "2026-04-01", CertDecision::kNotCertified, Grade::kC, 65, kWorse));
  Record(db, MakeAudit("better", "2026-01-01", CertDecision::kNotCertified, Grade::kC, 65, kWorse));
  Record(db, MakeAudit("better", "2026-04-01", CertDecision::kCertified, Grade::kA, 95, kGood));
  // Same decision, lower grade: a regression too.
  Record(db, MakeAudit("graded", "2026-01-01", CertDecision::kCertified, Grade::kAPlus, 99, kGood));
  Record(db, MakeAudit("graded", "2026-04-01", CertDecision::kCertified, Grade::kA, 92, kGood));
  Record(db, MakeAudit("once", "2026-04-01", CertDecision::kNotCertified, Grade::kF, 10, kWorse));
  // Worse once, then recovered: the latest step is what counts.
  Record(db, MakeAudit("recovered", "2026-01-01", CertDecision::kCertified, Grade::kA, 95, kGood));
  Record(db,
         MakeAudit("recovered", "2026-02-01", CertDecision::kNotCertified, Grade::kC, 65, kWorse));
  Record(db, MakeAudit("recovered", "2026-03-01", CertDecision::kCertified, Grade::kA, 95, kGood));
  std::string error;
  auto regressions = db.Regressions(&error);
  INFO(error);
  REQUIRE(regressions);
  REQUIRE(regressions->size() == 2);
  CHECK((*regressions)[0].latest.vendor_id == "graded");
  CHECK((*regressions)[0].changes.grade_worse);
  CHECK_FALSE((*regressions)[0].changes.decision_worse);
  CHECK((*regressions)[1].latest.vendor_id == "worse");
  CHECK((*regressions)[1].previous.audit_date == "2026-01-01");
  CHECK((*regressions)[1].changes.new_failures.size() == 2);

  auto vendors = db.Vendors(&error);
  REQUIRE(vendors);
  REQUIRE(vendors->size() == 5);
  CHECK((*vendors)[3].vendor_id == "recovered");
  CHECK((*vendors)[3].audits == 3);
  CHECK((*vendors)[3].latest.audit_date == "2026-03-01");
}

TEST_CASE("audits are named by VENDOR@N, @latest, @previous or an id prefix") {
  test::TempDir dir;
  HistoryDb db = OpenNew((dir.path() / "h.db").string());
  std::string id1 =
      Record(db, MakeAudit("acme", "2026-01-01", CertDecision::kCertified, Grade::kA, 95, kGood));
  std::string id2 = Record(
      db, MakeAudit("acme", "2026-04-01", CertDecision::kNotCertified, Grade::kC, 65, kWorse));
  std::string error;
  CHECK(db.Resolve("acme@1", &error) == id1);
  CHECK(db.Resolve("acme@2", &error) == id2);
  CHECK(db.Resolve("acme@latest", &error) == id2);
  CHECK(db.Resolve("acme@previous", &error) == id1);
  CHECK(db.Resolve(id1.substr(0, 10), &error) == id1);
  CHECK(db.Resolve(id2, &error) == id2);
  CHECK(db.Resolve("acme@2026-04-01", &error) == id2);
  CHECK_FALSE(db.Resolve("acme@2026-04-02", &error));
  CHECK_THAT(error, Catch::Contains("vendor 'acme' has no audit dated 2026-04-02"));
  CHECK_FALSE(db.Resolve("acme@3", &error));
  CHECK_THAT(error, Catch::Contains("has audits 1 to 2"));
  CHECK_FALSE(db.Resolve("nobody@1", &error));
  CHECK_THAT(error, Catch::Contains("no audit of vendor 'nobody'"));
  CHECK_FALSE(db.Resolve("abc", &error));
  CHECK_THAT(error, Catch::Contains("neither VENDOR@N"));
  CHECK_FALSE(db.Resolve("00000000", &error));
  CHECK_THAT(error, Catch::Contains("no audit has an id starting with '00000000'"));
}

TEST_CASE("the archived report reads back as the report that was written") {
  test::TempDir dir;
  HistoryDb db = OpenNew((dir.path() / "h.db").string());
  auto m = MakeAudit("acme", "2026-04-01", CertDecision::kNotCertified, Grade::kC, 65, kWorse);
  std::string id = Record(db, m);
  std::string error;
  auto report = db.ReportJson(id, &error);
  REQUIRE(report);
  CHECK(*report == m.inputs.report_json);
  DiagnosticSink sink;
  auto back = ParseJsonReport(*report, "db", sink);
  REQUIRE(back);
  CHECK(back->findings.size() == 4);

  HistoryOptions no_archive;
  no_archive.archive_reports = false;
  auto lean = HistoryDb::Open((dir.path() / "lean.db").string(), no_archive, &error);
  REQUIRE(lean);
  auto recorded = lean->Record(m.result, m.inputs, &error);
  REQUIRE(recorded);
  CHECK_FALSE(lean->ReportJson(recorded->audit_id, &error));
  CHECK_THAT(error, Catch::Contains("recorded without its report"));
}

TEST_CASE("merging shard databases keeps every audit once, and merging again adds nothing") {
  test::TempDir dir;
  std::string s1 = (dir.path() / "shard1.db").string(), s2 = (dir.path() / "shard2.db").string();
  auto shared = MakeAudit("both", "2026-01-01", CertDecision::kCertified, Grade::kA, 95, kGood);
  {
    HistoryDb a = OpenNew(s1);
    Record(a, MakeAudit("acme", "2026-01-01", CertDecision::kCertified, Grade::kA, 95, kGood));
    Record(a, MakeAudit("acme", "2026-04-01", CertDecision::kNotCertified, Grade::kC, 65, kWorse));
    Record(a, shared);
    HistoryDb b = OpenNew(s2);
    Record(b, MakeAudit("beta", "2026-02-01", CertDecision::kConditional, Grade::kB, 85, kGood));
    Record(b, shared);
  }
  HistoryDb merged = OpenNew((dir.path() / "merged.db").string());
  std::string error;
  auto result = merged.Merge({s1, s2}, &error);
  INFO(error);
  REQUIRE(result);
  CHECK(result->audits_added == 4);
  CHECK(result->audits_already_present == 1);
  auto vendors = merged.Vendors(&error);
  REQUIRE(vendors);
  CHECK(vendors->size() == 3);
  auto acme = merged.Audits("acme", &error);
  REQUIRE(acme->size() == 2);
  CHECK(acme->at(1).rule_sources.size() == 1);
  CHECK(acme->at(1).category_scores.at("security") == 65);
  CHECK(merged.Outcomes(acme->at(1).audit_id, &error)->size() == 4);
  CHECK(merged.ReportJson(acme->at(1).audit_id, &error));
  auto regressions = merged.Regressions(&error);
  REQUIRE(regressions);
  REQUIRE(regressions->size() == 1);
  CHECK(regressions->at(0).latest.vendor_id == "acme");

  auto again = merged.Merge({s1, s2}, &error);
  REQUIRE(again);
  CHECK(again->audits_added == 0);
  CHECK(again->audits_already_present == 5);
  CHECK_FALSE(merged.Merge({(dir.path() / "merged.db").string()}, &error));
  CHECK_FALSE(merged.Merge({(dir.path() / "missing.db").string()}, &error));
  CHECK_THAT(error, Catch::Contains("missing.db: no such history database"));
}

TEST_CASE("the manifest is archived once by its hash, and only when it is the one audited") {
  test::TempDir dir;
  HistoryDb db = OpenNew((dir.path() / "h.db").string());
  const std::string manifest = "service: {id: acme}\n";
  auto first = MakeAudit("acme", "2026-01-01", CertDecision::kCertified, Grade::kA, 95, kGood);
  first.result.subject.manifest_sha256 = Sha256Hex(manifest);
  first.inputs.report_json = RenderJsonReport(first.result);
  first.inputs.manifest_text = manifest;
  Record(db, first);
  std::string error;
  CHECK(db.ManifestText(Sha256Hex(manifest), &error) == manifest);
  // A manifest changed on disk since the audit is not archived under the audited hash.
  auto changed = MakeAudit("acme", "2026-02-01", CertDecision::kCertified, Grade::kA, 95, kGood);
  changed.inputs.manifest_text = "service: {id: acme, changed: true}\n";
  Record(db, changed);
  CHECK_FALSE(db.ManifestText(changed.result.subject.manifest_sha256, &error));
  CHECK_THAT(error, Catch::Contains("is archived"));
  CHECK_FALSE(db.ManifestText(Sha256Hex(changed.inputs.manifest_text), &error));
}
