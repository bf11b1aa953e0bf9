// End-to-end: the checker executable over the bundled rules and example vendors.

#include <catch2/catch.hpp>
#include <filesystem>

#include "checker/report.h"

#include "support/test_support.h"

using namespace checker;
using test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;
std::string Src(const std::string& rel) { return test::SourceDir() + "/" + rel; }

AuditResult ReadReport(const std::filesystem::path& dir) {
  DiagnosticSink sink;
  auto r = ParseJsonReport(test::ReadText(dir / "report.json"), "report.json", sink);
  REQUIRE(r);
  return *r;
}

Outcome OutcomeOf(const AuditResult& r, const std::string& rule) {
  for (const auto& f : r.findings)
    if (f.rule_id == rule) return f.outcome;
  FAIL("no finding for " << rule);
  return Outcome::kError;
}

}  // namespace

TEST_CASE("auditing the well-run PHR app passes (exit 0)") {
  test::TempDir out;
  auto r = Run({kChecker, "audit", "--manifest", Src("examples/sakura-phr/manifest.yaml"),
                "--profile", "starter", "--out", out.path().string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("\033[") == std::string::npos);  // no colour when piped
  AuditResult report = ReadReport(out.path());
  CHECK(report.counts.Count(Outcome::kFail) == 0);
  CHECK(report.counts.Count(Outcome::kManual) == 2);
  CHECK(OutcomeOf(report, "starter.auth.mfa-remote") == Outcome::kPass);
  CHECK(OutcomeOf(report, "starter.grayzone.symptom-checker") == Outcome::kNotApplicable);
  CHECK(report.subject.service_id == "sakura-phr");
}

// The same manifest in YAML, JSON and XML under every profile: xml_lists_test.cc.

TEST_CASE("auditing the clinic cloud with gaps finds them (exit 1) and points at the lines") {
  test::TempDir out;
  std::string manifest = Src("examples/hinode-clinic-cloud/manifest.yaml");
  auto r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "starter", "--out",
                out.path().string()},
               {"NO_COLOR=1"});
  CHECK(r.exit_code == 1);
  AuditResult report = ReadReport(out.path());
  for (const char* rule :
       {"starter.auth.mfa-remote", "starter.logging.access-fields", "starter.logging.tamper",
        "starter.backup.offline", "starter.storage.japan", "starter.transport.tls12",
        "starter.appi.no-opt-out", "starter.appi.cross-border", "starter.appi.breach-report"}) {
    INFO(rule);
    CHECK(OutcomeOf(report, rule) == Outcome::kFail);
  }
  CHECK(OutcomeOf(report, "starter.appi.special-care-consent") == Outcome::kMissingEvidence);
  CHECK(OutcomeOf(report, "starter.auth.unique-ids") == Outcome::kPass);
  CHECK(r.out.find("starter.storage.japan") != std::string::npos);
  CHECK(r.out.find(manifest + ":14:23") != std::string::npos);  // storage.location.country
  size_t seen = 0;
  for (const auto& f : report.findings) {
    if (f.rule_id != "starter.storage.japan") continue;
    ++seen;
    REQUIRE(!f.evidence.empty());
    CHECK(f.evidence[0].path == "storage.location.country");
    CHECK(f.evidence[0].value == "\"SG\"");
    CHECK(f.evidence[0].location.ToString() == manifest + ":14:23");
  }
  CHECK(seen == 1);
}

TEST_CASE("audit usage and input errors exit 2 with a clear message") {
  test::TempDir dir;
  auto r = Run({kChecker, "audit", "--manifest"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("option '--manifest' needs a value (FILE)") != std::string::npos);
  r = Run({kChecker, "audit", "--manifest", "m.yaml", "--bogus"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("unknown option '--bogus'") != std::string::npos);
  std::string bad = dir.File("bad.yaml", "service:\n  id: x\n  id: y\n");
  r = Run({kChecker, "audit", "--manifest", bad, "--profile", "starter", "--out",
           (dir.path() / "out").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(bad + ":3:3: error[C104]: duplicate key 'id' (first defined at line 2)") !=
        std::string::npos);
  CHECK(!std::filesystem::exists(dir.path() / "out" / "report.json"));
  r = Run({kChecker, "audit", "--manifest", bad, "--profile", "nope"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("unknown profile 'nope' (known: clinic-system, fhir-api, hipaa") !=
        std::string::npos);
}

TEST_CASE("wrong command-line input is refused with exit 2, naming what exists") {
  test::TempDir dir;
  const std::string manifest = Src("examples/sakura-phr/manifest.yaml");
  const std::string out = (dir.path() / "out").string();
  // An unknown pack id in `checker list`, with a did-you-mean and the packs that exist.
  auto r = Run({kChecker, "list", "rules", "--pack", "starterr"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("unknown pack 'starterr'; did you mean 'starter'? (known: appi, fhir, "
                   "grayzone, hipaa, mhlw6, phr, starter, vendor, web)") != std::string::npos);
  CHECK(r.out.empty());
  r = Run({kChecker, "list", "rules", "--profile", "phr-servic"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("did you mean 'phr-service'?") != std::string::npos);
  CHECK(Run({kChecker, "list", "rules", "--pack", "starter"}).exit_code == 0);

  // A --target purpose that no rule or endpoint uses.
  r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "phr-service", "--offline",
           "--out", out, "--target", "wbe=https://127.0.0.1:1/"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--target 'wbe=https://127.0.0.1:1/': no rule or endpoint uses the purpose "
                   "'wbe'; did you mean 'web'? (purposes: api, fhir, web)") != std::string::npos);
  r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "phr-service", "--offline",
           "--out", out, "--target", "web.http=http://127.0.0.1:1/", "--target",
           "web.http=http://127.0.0.1:2/"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("web.http is given twice") != std::string::npos);

  // A CA bundle that is missing, or is not one.
  std::string missing = (dir.path() / "no-such-ca.pem").string();
  r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "phr-service", "--offline",
           "--out", out, "--ca-bundle", missing});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--ca-bundle " + missing + ": ") != std::string::npos);
  r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "phr-service", "--offline",
           "--out", out, "--ca-bundle", manifest});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("holds no PEM certificate") != std::string::npos);

  // An audit date that is not a day of the calendar.
  r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "phr-service", "--offline",
           "--out", out, "--today", "2026-02-30"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--today needs a calendar date YYYY-MM-DD, found '2026-02-30'") !=
        std::string::npos);
  CHECK(!std::filesystem::exists(dir.path() / "out" / "report.json"));
}

TEST_CASE("a pack given alone finds the shared checks it cites") {
  test::TempDir out;
  auto r = Run({kChecker, "audit", "--manifest", Src("examples/sakura-phr/manifest.yaml"), "--pack",
                Src("rules/web-baseline"), "--offline", "--today", "2026-01-31", "--out",
                out.path().string()});
  INFO(r.err);
  CHECK(r.exit_code == 1);  // endpoint rules lack evidence offline
  CHECK(r.err.find("unknown check") == std::string::npos);
  AuditResult report = ReadReport(out.path());
  CHECK(report.audit_date == "2026-01-31");
  CHECK(report.rule_sources.size() == 1);
  bool shared = false;
  for (const auto& f : report.findings) shared = shared || f.check_id == "xw.https-redirect";
  CHECK(shared);
  // Naming the crosswalk as well loads it once.
  CHECK(Run({kChecker, "audit", "--manifest", Src("examples/sakura-phr/manifest.yaml"), "--pack",
             Src("rules/web-baseline"), "--pack", Src("rules/crosswalk"), "--offline", "--out",
             out.path().string()})
            .exit_code == 1);
}

TEST_CASE("lint reports every problem, as text or JSON, and exits 2 on errors") {
  CHECK(Run({kChecker, "lint", Src("rules")}).exit_code == 0);
  test::TempDir dir;
  dir.File("p/pack.yaml",
           "kind: pack\npack:\n  id: p\n  version: 1\n  titel: {ja: a, en: b}\n  issuer: x\n"
           "  source: {document: d, edition: \"1\"}\n  effective_date: 2024-13-01\nrules: []\n");
  auto r = Run({kChecker, "lint", dir.path().string()});
  CHECK(r.exit_code == 2);
  std::string file = (dir.path() / "p/pack.yaml").string();
  CHECK(
      r.out.find(file + ":5:3: error[C200]: unknown key 'titel' in pack; did you mean 'title'?") !=
      std::string::npos);
  CHECK(r.out.find(file + ":8:19: error[C207]") != std::string::npos);
  CHECK(r.out.find("error(s)") != std::string::npos);
  r = Run({kChecker, "lint", "--format", "json", dir.path().string()});
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("\"line\": 5, \"column\": 3, \"severity\": \"error\", \"code\": \"C200\", "
                   "\"name\": \"unknown-key\"") != std::string::npos);
}

TEST_CASE("list, explain, --help and --version") {
  auto r = Run({kChecker, "list", "rules", "--profile", "starter"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("starter.session.idle-timeout") != std::string::npos);
  r = Run({kChecker, "explain", "starter.auth.mfa-remote"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("Citation: MHLW Guideline 6.0 System Operation 14⑤") != std::string::npos);
  std::string also = r.out.substr(r.out.find("Also satisfies: "));
  also = also.substr(0, also.find('\n'));
  CHECK(also.find("starter.hipaa.person-auth") != std::string::npos);
  CHECK(also.find("mhlw6.auth.mfa-remote") != std::string::npos);  // crosswalk across packs
  CHECK(also.find("hipaa.authentication.person") != std::string::npos);
  r = Run({kChecker, "explain", "starter.auth.mfa-remote", "--lang", "ja"});
  CHECK(r.out.find("是正:") != std::string::npos);
  CHECK(Run({kChecker, "explain", "no.such.rule"}).exit_code == 2);
  for (const char* cmd : {"audit", "lint", "list", "explain"}) {
    auto help = Run({kChecker, cmd, "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.rfind(std::string("Usage: checker ") + cmd, 0) == 0);
    CHECK(Run({kChecker, cmd, "--version"}).out.rfind("checker ", 0) == 0);
  }
  CHECK(Run({kChecker, "--version"}).exit_code == 0);
  CHECK(Run({kChecker}).exit_code == 2);
  CHECK(Run({kChecker, "frobnicate"}).exit_code == 2);
}

TEST_CASE("test-rules runs every fixture and reports wrong outcomes and missing cases") {
  auto ok = Run({kChecker, "test-rules", Src("rules")});
  INFO(ok.out << ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find(" 0 problem(s)") != std::string::npos);
  test::TempDir dir;
  dir.File("p/pack.yaml",
           "kind: pack\npack:\n  id: p\n  version: 1\n  title: {ja: a, en: b}\n  issuer: x\n"
           "  source: {document: d, edition: \"1\"}\n  effective_date: 2024-01-01\nrules:\n"
           "  - id: p.one\n    title: {ja: a, en: b}\n    citation: {document: d, section: \"1\"}\n"
           "    level: must\n    severity: low\n    category: c\n"
           "    check: {type: manifest, expect: a == 1}\n    remediation: {ja: a, en: b}\n");
  dir.File("p/fixtures/f.yaml", "fixtures:\n  - {rule: p.one, expect: pass, manifest: {a: 2}}\n");
  auto r = Run({kChecker, "test-rules", dir.path().string()});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("f.yaml:2:5: FAIL p.one: expected pass, got fail") != std::string::npos);
  CHECK(r.out.find("MISSING p.one: no passing fixture") != std::string::npos);
  CHECK(r.out.find("MISSING p.one: no failing fixture") !=
        std::string::npos);  // wrong cases count for nothing
}

TEST_CASE("lint checks every rule against the manifest schema, with positions") {
  test::TempDir dir;
  dir.File("p/pack.yaml",
           "kind: pack\npack:\n  id: p\n  version: 1.0.0\n  title: {ja: a, en: b}\n  issuer: x\n"
           "  source: {document: d, edition: \"1\"}\n  effective_date: 2024-01-01\nrules:\n"
           "  - id: p.one\n    title: {ja: a, en: b}\n    level: must\n    severity: low\n"
           "    category: c\n    citation: {document: d, section: s}\n"
           "    check: {type: manifest, expect: \"auth.mfa.enable == true && "
           "access_control.model == 'rback'\"}\n"
           "    remediation: {ja: a, en: b}\n");
  auto r = Run({kChecker, "lint", dir.path().string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  std::string file = (dir.path() / "p/pack.yaml").string();
  CHECK(r.out.find(file + ":16:47: error[C200]: the rule reads 'auth.mfa.enable', but the "
                          "manifest schema has no 'auth.mfa.enable'") != std::string::npos);
  CHECK(r.out.find("did you mean 'enabled'?") != std::string::npos);
  CHECK(r.out.find(file + ":16:89: error[C205]: 'rback' is not a value of "
                          "'access_control.model'") != std::string::npos);
}

TEST_CASE("an unknown manifest key is a warning with did-you-mean, an error with --strict") {
  test::TempDir dir;
  dir.File("m.yaml", "service: {id: x, name: X, type: phr}\nauth:\n  mfa:\n    enable: true\n");
  std::string manifest = (dir.path() / "m.yaml").string();
  auto r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "starter", "--out",
                (dir.path() / "out").string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code != 2);
  CHECK(r.err.find(manifest + ":4:5: warning[C200]: unknown key 'auth.mfa.enable': the manifest "
                              "schema has no such field; did you mean 'enabled'?") !=
        std::string::npos);
  AuditResult report = ReadReport(dir.path() / "out");
  REQUIRE(report.manifest_warnings.size() == 1);
  CHECK(report.manifest_warnings[0].line == 4);
  CHECK(report.manifest_warnings[0].message.find("did you mean 'enabled'?") != std::string::npos);

  r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "starter", "--strict", "--out",
           (dir.path() / "strict").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(manifest + ":4:5: error[C200]: unknown key 'auth.mfa.enable'") !=
        std::string::npos);
  CHECK(!std::filesystem::exists(dir.path() / "strict" / "report.json"));
}

TEST_CASE("a manifest value of the wrong type or outside its enumeration is a positioned error") {
  test::TempDir dir;
  dir.File("m.yaml", "service: {id: x, name: X, type: clinic}\nauth: {mfa: {enabled: 'yes'}}\n");
  std::string manifest = (dir.path() / "m.yaml").string();
  auto r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "starter", "--out",
                (dir.path() / "out").string()});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(manifest + ":1:33: error[C205]: 'service.type' is 'clinic'") !=
        std::string::npos);
  CHECK(r.err.find(manifest + ":2:23: error[C201]: 'auth.mfa.enabled' must be a bool") !=
        std::string::npos);
}

TEST_CASE("the XML manifest passes the schema although its scalars are typed") {
  test::TempDir out;
  auto r = Run({kChecker, "audit", "--manifest", Src("examples/sakura-phr/manifest.xml"),
                "--profile", "starter", "--strict", "--out", out.path().string()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
}
