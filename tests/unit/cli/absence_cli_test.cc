// End-to-end: absent evidence never passes. A manifest that declares nothing gets no `pass` from
// any profile; test-rules generates absence cases and names the rule and path of each that fails.

#include <catch2/catch.hpp>
#include <filesystem>

#include "checker/report.h"

#include "support/test_support.h"

using namespace checker;
using test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;

const char* kPackHead =
    "kind: pack\npack:\n  id: p\n  version: 1\n  title: {ja: a, en: b}\n  issuer: x\n"
    "  source: {document: d, edition: \"1\"}\n  effective_date: 2024-01-01\nrules:\n";

std::string RuleText(const std::string& id, const std::string& expect) {
  return "  - id: p." + id +
         "\n    title: {ja: a, en: b}\n    citation: {document: d, section: \"1\"}\n"
         "    level: must\n    severity: low\n    category: c\n"
         "    check: {type: manifest, expect: \"" +
         expect + "\"}\n    remediation: {ja: a, en: b}\n";
}

}  // namespace

TEST_CASE("an empty manifest gets no pass from any profile") {
  test::TempDir dir;
  std::string manifest = dir.File(
      "manifest.yaml", "schema_version: 1\nservice: {id: empty-vendor, name: Empty, type: phr}\n");
  for (const char* profile :
       {"phr-service", "medical-cloud-vendor", "clinic-system", "fhir-api", "web-baseline"}) {
    std::filesystem::path out = dir.path() / profile;
    auto r = Run({kChecker, "audit", "--manifest", manifest, "--profile", profile, "--offline",
                  "--out", out.string(), "--format", "json"});
    INFO(profile << "\n" << r.out << r.err);
    REQUIRE(r.exit_code == 1);
    DiagnosticSink sink;
    auto report = ParseJsonReport(test::ReadText(out / "report.json"), "report.json", sink);
    REQUIRE(report);
    CHECK(report->findings.size() > 20);
    for (const auto& f : report->findings) {
      INFO(f.rule_id << ": " << f.message);
      CHECK(f.outcome != Outcome::kPass);
      CHECK(f.outcome != Outcome::kNotApplicable);  // saying nothing skips no rule
      if (f.outcome == Outcome::kMissingEvidence && f.check_type == CheckType::kManifest)
        CHECK_FALSE(f.missing_paths.empty());
    }
  }
}

TEST_CASE("a declared absence fails with a message naming the paths; explain shows it") {
  test::TempDir dir;
  std::string manifest = dir.File(
      "manifest.yaml", "schema_version: 1\nservice: {id: empty-vendor, name: Empty, type: phr}\n");
  std::filesystem::path out = dir.path() / "out";
  auto r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "medical-cloud-vendor",
                "--offline", "--out", out.string(), "--format", "json"});
  DiagnosticSink sink;
  auto report = ParseJsonReport(test::ReadText(out / "report.json"), "report.json", sink);
  REQUIRE(report);
  bool seen = false;
  for (const auto& f : report->findings) {
    if (f.rule_id != "mhlw6.incident.reporting") continue;
    seen = true;
    CHECK(f.outcome == Outcome::kFail);
    CHECK(f.message.find("absence is a violation of this rule: the manifest does not declare "
                         "incident.contacts.vendor_24x7, incident.contacts.mhlw_procedure, "
                         "incident.contacts.police") != std::string::npos);
    CHECK(f.missing_paths.size() == 3);
  }
  CHECK(seen);
  auto explain = Run({kChecker, "explain", "mhlw6.incident.reporting"});
  CHECK(explain.out.find("When evidence is absent: the rule fails (absence is a violation)") !=
        std::string::npos);
  explain = Run({kChecker, "explain", "web.auth.no-forced-rotation"});
  CHECK(explain.out.find("When evidence is absent: missing_evidence, naming each absent path") !=
        std::string::npos);
}

TEST_CASE("test-rules counts the generated absence cases and names each that passes") {
  auto bundled = Run({kChecker, "test-rules", test::SourceDir() + "/rules"});
  INFO(bundled.out << bundled.err);
  CHECK(bundled.exit_code == 0);
  CHECK(bundled.out.find(" generated absence case(s) (0 passing or misjudging absent evidence)") !=
        std::string::npos);

  test::TempDir dir;
  dir.File("p/pack.yaml", std::string(kPackHead) + RuleText("strict", "a.b >= 3") +
                              RuleText("either", "exists(d.x) || exists(d.y)") +
                              RuleText("never", "!exists(u) || len(u) >= 0"));
  dir.File("p/fixtures/f.yaml",
           "fixtures:\n"
           "  - {rule: p.strict, expect: pass, manifest: {a: {b: 3}}}\n"
           "  - {rule: p.strict, expect: fail, manifest: {a: {b: 1}}}\n"
           "  - {rule: p.either, expect: pass, manifest: {d: {x: 1}}}\n"
           "  - {rule: p.either, expect: fail, manifest: {d: {}}}\n"
           "  - {rule: p.never, expect: pass, manifest: {u: abc}}\n"
           "  - {rule: p.never, expect: fail, manifest: {u: 5}}\n");
  auto r = Run({kChecker, "test-rules", dir.path().string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("f.yaml:4:5: FAIL p.either: absence of d.x gives fail") != std::string::npos);
  CHECK(r.out.find("f.yaml:6:5: FAIL p.never: absence of u gives pass") != std::string::npos);
  CHECK(r.out.find("p.strict: absence") == std::string::npos);
  CHECK(r.out.find("3 generated absence case(s) (2 passing or misjudging absent evidence)") !=
        std::string::npos);
}
