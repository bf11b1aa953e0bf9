// End-to-end audits of the example vendors against their endpoints, served by a real nginx on
// 127.0.0.1 (scripts/example-sites.sh, the same script the demo uses), then replayed offline.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "checker/report.h"

#include "support/example_sites.h"
#include "support/hostile_server.h"
#include "support/test_support.h"

using namespace checker;
using test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;
std::string Src(const std::string& rel) { return test::SourceDir() + "/" + rel; }

using test::ExampleSites;

std::string Profile(const std::string& vendor) { return test::ExampleProfile(vendor); }

struct Audit {
  test::RunResult run;
  AuditResult report;
  std::map<std::string, Finding> findings;
};

Audit AuditVendor(const std::string& vendor, const test::TempDir& out,
                  std::vector<std::string> extra) {
  std::vector<std::string> argv = {kChecker,         "audit",
                                   "--manifest",     Src("examples/" + vendor + "/manifest.yaml"),
                                   "--profile",      Profile(vendor),
                                   "--out",          out.path().string(),
                                   "--generated-at", "2026-11-24T00:00:00Z"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  Audit a;
  a.run = Run(argv);
  DiagnosticSink sink;
  auto report = ParseJsonReport(test::ReadText(out.path() / "report.json"), "report.json", sink);
  REQUIRE(report);
  a.report = *report;
  for (const auto& f : a.report.findings) a.findings[f.rule_id] = f;
  return a;
}

std::vector<std::string> Live(const std::string& vendor) {
  auto& sites = ExampleSites::Get();
  auto args = sites.Targets(vendor);
  args.insert(args.end(), {"--ca-bundle", sites.ca()});
  return args;
}

}  // namespace

TEST_CASE("the clinic cloud's endpoints show its transport, header, cookie and disclosure gaps") {
  test::TempDir out;
  Audit a = AuditVendor("hinode-clinic-cloud", out, Live("hinode-clinic-cloud"));
  INFO(a.run.out << a.run.err);
  CHECK(a.run.exit_code == 1);
  for (const char* rule : {"web.tls.min-version", "web.tls.weak-ciphers", "web.http.https-redirect",
                           "web.http.hsts", "web.http.csp", "web.http.nosniff", "web.http.cookies",
                           "web.http.cors", "web.http.version-banner",
                           "web.disclosure.security-txt", "web.disclosure.privacy-policy"}) {
    INFO(rule << ": " << a.findings[rule].message);
    CHECK(a.findings[rule].outcome == Outcome::kFail);
  }
  for (const char* rule : {"web.cert.valid-chain", "web.cert.hostname", "web.cert.key-strength"})
    CHECK(a.findings[rule].outcome == Outcome::kPass);
  const Finding& cors = a.findings["web.http.cors"];
  REQUIRE(!cors.evidence.empty());
  CHECK(cors.evidence[0].source == "http");
  CHECK(cors.evidence[0].path == "cors.reflects_origin");
  CHECK(cors.evidence[0].value == "true");
  CHECK(cors.evidence[0].probe_id.find("origin: https://evil.example") != std::string::npos);
  CHECK(a.findings["web.tls.min-version"].message.find(
            "accepted_versions is [\"1.0\",\"1.1\",\"1.2\"]") != std::string::npos);
  CHECK(a.report.probe_mode == "live");
  CHECK(!a.report.probes.tls.empty());
  // Cookie values never reach the report.
  CHECK(test::ReadText(out.path() / "report.json").find("demo-session-value") == std::string::npos);
  CHECK(test::ReadText(out.path() / "evidence.json").find("demo-session-value") ==
        std::string::npos);
}

TEST_CASE("a fail at one endpoint stands when another times out, which is listed beside it") {
  // The clinic cloud's real site (nginx) fails its header and TLS rules; a second web endpoint,
  // added by repeating --target web=, never answers.
  test::HostileServer silent(test::HostileServer::Mode::kSlow);
  const std::string silent_url = "https://127.0.0.1:" + std::to_string(silent.port()) + "/";
  test::TempDir out;
  auto args = Live("hinode-clinic-cloud");
  args.insert(args.end(), {"--target", "web=" + silent_url, "--timeout", "1000"});
  Audit a = AuditVendor("hinode-clinic-cloud", out, args);
  INFO(a.run.out << a.run.err);
  CHECK(a.run.exit_code == 1);
  for (const char* rule : {"web.http.hsts", "web.tls.min-version"}) {
    const Finding& f = a.findings[rule];
    INFO(rule << ": " << f.message);
    CHECK(f.outcome == Outcome::kFail);
    REQUIRE(f.endpoints.size() == 2);
    CHECK(f.endpoints[0].url.rfind("https://127.0.0.1:", 0) == 0);
    CHECK(f.endpoints[0].purpose == "web");
    CHECK(f.endpoints[0].outcome == Outcome::kFail);
    CHECK(!f.endpoints[0].probe_ids.empty());
    CHECK(f.endpoints[1].url == silent_url);
    CHECK(f.endpoints[1].outcome == Outcome::kError);
    CHECK(f.endpoints[1].detail.find("imed out") != std::string::npos);
    CHECK(f.message.find("; besides, error: ") != std::string::npos);
    CHECK(f.message.find(std::to_string(silent.port())) != std::string::npos);
  }
  CHECK(a.report.certification.decision == CertDecision::kNotCertified);
  CHECK(a.report.audit_date == "2026-11-24");  // the date of --generated-at, without --today
  // The per-endpoint table reaches the HTML and Markdown reports.
  auto rendered = Run({kChecker, "report", "--format", "html,markdown", "--out",
                       out.path().string(), (out.path() / "report.json").string()});
  CHECK(rendered.exit_code == 0);
  std::string md = test::ReadText(out.path() / "report.md");
  CHECK(md.find("| " + silent_url + " | web | error | ") != std::string::npos);
}

TEST_CASE("the well-run PHR app passes every endpoint rule") {
  test::TempDir out;
  Audit a = AuditVendor("sakura-phr", out, Live("sakura-phr"));
  INFO(a.run.out << a.run.err);
  CHECK(a.run.exit_code == 0);
  size_t web_rules = 0;
  for (const auto& [id, f] : a.findings) {
    if (id.rfind("web.", 0) != 0) continue;
    ++web_rules;
    INFO(id << ": " << f.message);
    CHECK(f.outcome == Outcome::kPass);
  }
  CHECK(web_rules >= 10);  // the web baseline was audited: the loop above checked something
}

TEST_CASE("a replay of recorded evidence re-derives every verdict offline") {
  test::TempDir live_out, replay_out;
  Audit live = AuditVendor("hinode-clinic-cloud", live_out, Live("hinode-clinic-cloud"));
  std::string evidence = (live_out.path() / "evidence.json").string();
  Audit replay = AuditVendor("hinode-clinic-cloud", replay_out, {"--replay", evidence});
  INFO(replay.run.err);
  CHECK(replay.run.exit_code == live.run.exit_code);
  CHECK(replay.report.probe_mode == "replay");
  REQUIRE(replay.findings.size() == live.findings.size());
  REQUIRE(live.findings.size() >= 10);
  CHECK(replay.findings.size() == live.findings.size());
  for (const auto& [id, f] : live.findings) {
    INFO(id);
    REQUIRE(replay.findings.count(id) == 1);
    CHECK(replay.findings[id].outcome == f.outcome);
    CHECK(replay.findings[id].message == f.message);
  }
}

TEST_CASE("offline audits leave endpoint rules without evidence") {
  test::TempDir out;
  Audit a = AuditVendor("sakura-phr", out, {"--offline"});
  CHECK(a.run.exit_code == 1);
  CHECK(a.findings["web.http.hsts"].outcome == Outcome::kMissingEvidence);
  CHECK(a.findings["web.http.hsts"].message ==
        "needs endpoint evidence; probes were not run (offline)");
  CHECK(a.findings["phr.dsr.deletion"].outcome == Outcome::kPass);
  CHECK(!std::filesystem::exists(out.path() / "evidence.json"));
}

TEST_CASE("probes stay in scope: an unreachable declared endpoint is an error, not a hang") {
  test::TempDir out;
  // Every declared endpoint is overridden, so nothing but loopback is reached.
  Audit a = AuditVendor("hinode-clinic-cloud", out,
                        {"--timeout", "500", "--target", "web=https://127.0.0.1:1/", "--target",
                         "web.http=http://127.0.0.1:1/"});
  CHECK(a.findings["web.http.hsts"].outcome == Outcome::kError);
  CHECK(a.findings["web.http.hsts"].message.find("connection refused") != std::string::npos);
  CHECK(Run({kChecker, "audit", "--manifest", Src("examples/sakura-phr/manifest.yaml"), "--profile",
             "phr-service", "--target", "ftp://x"})
            .exit_code == 2);
}

TEST_CASE("the symptom checker's features become questions for the regulator, never verdicts") {
  test::TempDir out;
  Audit a = AuditVendor("kokoro-symptom-checker", out, Live("kokoro-symptom-checker"));
  INFO(a.run.out << a.run.err);
  CHECK(a.run.exit_code == 0);
  for (const char* rule :
       {"grayzone.symptom-checker", "grayzone.disease-risk", "grayzone.otc-recommendation",
        "grayzone.data-sharing", "grayzone.clinic-ranking", "grayzone.health-advice-chat"}) {
    INFO(rule);
    CHECK(a.findings[rule].outcome == Outcome::kLegalReview);
  }
  const Finding& f = a.findings["grayzone.symptom-checker"];
  CHECK(f.message.find("[医師法 17条, 20条;") != std::string::npos);
  REQUIRE(!f.evidence.empty());
  // The feature that raised the question, at its own position.
  CHECK(f.evidence[0].path == "service.features[0]");
  CHECK(f.evidence[0].value == "\"symptom_checker\"");
  CHECK(f.evidence[0].location.line > 0);
  CHECK(a.findings["grayzone.specimen-tests"].outcome == Outcome::kNotApplicable);
  CHECK(a.report.counts.Count(Outcome::kFail) == 0);
}

TEST_CASE("the FHIR provider's SMART configuration gaps are found on its live endpoint") {
  test::TempDir out;
  Audit a = AuditVendor("aozora-fhir", out, Live("aozora-fhir"));
  INFO(a.run.out << a.run.err);
  CHECK(a.run.exit_code == 1);
  CHECK(a.findings["fhir.smart.pkce-s256"].outcome == Outcome::kFail);
  CHECK(a.findings["fhir.smart.no-implicit"].outcome == Outcome::kFail);
  for (const char* rule :
       {"fhir.metadata.capability", "fhir.metadata.smart-security", "fhir.smart.discovery",
        "fhir.smart.https-endpoints", "fhir.smart.oidc-fields", "fhir.api.cors-strict"}) {
    INFO(rule << ": " << a.findings[rule].message);
    CHECK(a.findings[rule].outcome == Outcome::kPass);
  }
  CHECK(a.report.counts.Count(Outcome::kFail) == 2);
}

TEST_CASE("the clinic cloud's manifest gaps are found against MHLW 6.0 and the vendor guideline") {
  test::TempDir out;
  Audit a = AuditVendor("hinode-clinic-cloud", out, Live("hinode-clinic-cloud"));
  for (const char* rule :
       {"mhlw6.auth.mfa-remote", "mhlw6.auth.mfa-admin", "mhlw6.log.tamper",
        "mhlw6.backup.generations", "mhlw6.location.japan", "mhlw6.network.no-ssl-vpn",
        "mhlw6.remote.telework", "mhlw6.maintenance.remote-vpn", "vendor.maintenance.logged",
        "vendor.provide.japan-law", "appi.third-party.no-opt-out", "appi.cross-border.basis"}) {
    INFO(rule << ": " << a.findings[rule].message);
    CHECK(a.findings[rule].outcome == Outcome::kFail);
  }
  CHECK(a.findings["mhlw6.maintenance.remote-logged"].outcome == Outcome::kMissingEvidence);
  CHECK(a.findings["mhlw6.maintenance.remote-logged"].missing_paths ==
        std::vector<std::string>{"maintenance.remote.logged"});
  CHECK(a.findings["grayzone.overseas-records"].outcome == Outcome::kLegalReview);
}
