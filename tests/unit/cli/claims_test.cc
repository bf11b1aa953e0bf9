// Declared versus observed, end to end against real nginx sites (tests/support/test_sites.cc):
// client-certificate endpoints, manifest claims contradicted by the live endpoints, and endpoint
// rules that judge the audited targets rather than the manifest's URLs.

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>

#include "checker/report.h"

#include "support/test_sites.h"

using namespace checker;
using test::Run;
using test::TestSites;

namespace {

const std::string kChecker = CHECKER_BINARY;

struct Audit {
  test::RunResult run;
  AuditResult report;
  std::map<std::string, Finding> findings;
};

// Audits `manifest` (YAML text) against the web-baseline, MHLW and starter packs (and their
// crosswalk) with
// the given options.
Audit AuditManifest(const test::TempDir& dir, const std::string& manifest,
                    std::vector<std::string> extra) {
  std::string path = dir.File("manifest.yaml", manifest);
  std::vector<std::string> argv = {kChecker,         "audit",
                                   "--manifest",     path,
                                   "--pack",         test::SourceDir() + "/rules/web-baseline",
                                   "--pack",         test::SourceDir() + "/rules/mhlw6",
                                   "--pack",         test::SourceDir() + "/rules/starter",
                                   "--pack",         test::SourceDir() + "/rules/crosswalk",
                                   "--out",          (dir.path() / "out").string(),
                                   "--ca-bundle",    TestSites::Get().pki().ca_cert,
                                   "--generated-at", "2026-11-24T00:00:00Z"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  Audit a;
  a.run = Run(argv);
  DiagnosticSink sink;
  auto report =
      ParseJsonReport(test::ReadText(dir.path() / "out/report.json"), "report.json", sink);
  REQUIRE(report);
  a.report = *report;
  for (const auto& f : a.report.findings) a.findings[f.rule_id] = f;
  return a;
}

const char* kManifest =
    "service: {id: t, name: Test clinic}\n"
    "network: {type: tls}\n"
    "transmission:\n"
    "  tls_min_version: \"1.2\"\n"
    "  client_certificates: true\n"
    "endpoints:\n"
    "  - {url: \"https://portal.example/\", purpose: web}\n";

}  // namespace

TEST_CASE("HTTP rules at a client-certificate endpoint wait for a client certificate") {
  auto& sites = TestSites::Get();
  test::TempDir dir;
  std::string target = "web=" + sites.Url("client-cert");
  Audit without = AuditManifest(dir, kManifest, {"--target", target});
  INFO(without.run.out << without.run.err);
  for (const char* rule : {"web.http.hsts", "web.http.version-banner", "web.http.nosniff"}) {
    INFO(rule << ": " << without.findings[rule].message);
    CHECK(without.findings[rule].outcome == Outcome::kMissingEvidence);
    CHECK(without.findings[rule].message ==
          "GET " + sites.Url("client-cert") +
              ": the endpoint requires a client certificate; pass --client-cert/--client-key");
  }
  // The TLS probe saw the request and the CA it names.
  bool seen = false;
  for (const auto& [key, o] : without.report.probes.tls) {
    if (!o.spec.version.empty() || !o.spec.ciphers.empty()) continue;
    seen = o.client_certificate_requested &&
           o.client_ca_names == std::vector<std::string>{"CN=checker test CA"};
  }
  CHECK(seen);

  test::TempDir dir2;
  Audit with = AuditManifest(dir2, kManifest,
                             {"--target", target, "--client-cert", sites.pki().client_cert,
                              "--client-key", sites.pki().client_key});
  INFO(with.run.out << with.run.err);
  CHECK(with.findings["web.http.hsts"].outcome == Outcome::kPass);
  CHECK(with.findings["web.http.nosniff"].outcome == Outcome::kPass);
  // The site behind the certificate shows its nginx version: judged on the real page.
  CHECK(with.findings["web.http.version-banner"].outcome == Outcome::kFail);
}

TEST_CASE("the client certificate and key files are checked before any probe") {
  auto& sites = TestSites::Get();
  test::TempDir dir;
  std::string manifest = dir.File("manifest.yaml", kManifest);
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = {kChecker,     "audit",
                                     "--manifest", manifest,
                                     "--pack",     test::SourceDir() + "/rules/web-baseline",
                                     "--pack",     test::SourceDir() + "/rules/crosswalk",
                                     "--out",      (dir.path() / "out").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return Run(argv);
  };
  auto missing =
      run({"--client-cert", "/nonexistent/c.pem", "--client-key", sites.pki().client_key});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("--client-cert /nonexistent/c.pem") != std::string::npos);
  auto key = run({"--client-cert", sites.pki().client_cert, "--client-key", "/nonexistent/k.pem"});
  CHECK(key.exit_code == 2);
  CHECK(key.err.find("--client-key /nonexistent/k.pem") != std::string::npos);
  auto alone = run({"--client-cert", sites.pki().client_cert});
  CHECK(alone.exit_code == 2);
  CHECK(alone.err.find("go together") != std::string::npos);
}

TEST_CASE("endpoint rules judge the audited target, not the manifest's URL") {
  auto& sites = TestSites::Get();
  test::TempDir dir;
  // The manifest declares HTTPS; the endpoint actually audited is plain HTTP.
  Audit a = AuditManifest(dir, kManifest, {"--target", "web=" + sites.Url("good-http")});
  const Finding& f = a.findings["web.endpoints.https-only"];
  INFO(f.message);
  CHECK(f.outcome == Outcome::kFail);
  REQUIRE(f.evidence.size() == 2);
  CHECK(f.evidence[0].source == "target");
  CHECK(f.evidence[1].source == "target");
  CHECK(f.evidence[1].path == "endpoints[0].url");
  CHECK(f.evidence[1].value == "\"" + sites.Url("good-http") + "\"");
  CHECK(!f.evidence[1].location.known());
  // Without a target, the manifest's own endpoints are what is audited.
  test::TempDir dir2;
  Audit offline = AuditManifest(dir2, kManifest, {"--offline"});
  CHECK(offline.findings["web.endpoints.https-only"].outcome == Outcome::kPass);
  CHECK(offline.findings["web.endpoints.https-only"].evidence[0].source == "manifest");
}

TEST_CASE("a TLS 1.2 minimum contradicted by an endpoint that accepts TLS 1.0") {
  auto& sites = TestSites::Get();
  test::TempDir dir;
  Audit a = AuditManifest(dir, kManifest,
                          {"--target", "web=" + sites.Url("tls-old"), "--format", "markdown"});
  INFO(a.run.out << a.run.err);
  const Finding& f = a.findings["claim.transmission.tls_min_version"];
  CHECK(f.outcome == Outcome::kFail);
  CHECK(f.pack_id == "claims");
  // A must-rule relies on the claim, so its contradiction is must-level and blocks certification.
  CHECK(f.level == Level::kMust);
  std::string manifest = (dir.path() / "manifest.yaml").string();
  CHECK(f.message == "declared: TLS 1.2 minimum (" + manifest +
                         ":4:20); observed: TLS 1.0, 1.1, 1.2 accepted at " + sites.Url("tls-old") +
                         "; relied on by starter.transport.tls12");
  REQUIRE(f.evidence.size() >= 2);
  CHECK(f.evidence[0].source == "manifest");
  CHECK(f.evidence[0].path == "transmission.tls_min_version");
  CHECK(f.evidence[0].value == "\"1.2\"");
  CHECK(f.evidence[0].location.line == 4);
  CHECK(f.evidence[1].source == "tls");
  CHECK(f.evidence[1].path == "accepted_versions");
  CHECK(f.evidence[1].value == "[\"1.0\",\"1.1\",\"1.2\"]");
  CHECK(a.report.probes.tls.count(f.evidence[1].probe_id) == 1);
  CHECK(a.report.certification.decision == CertDecision::kNotCertified);
  CHECK(a.run.exit_code == 1);
  bool recorded = false;
  for (const auto& c : a.report.claims)
    if (c.path == "transmission.tls_min_version")
      recorded = c.status == ClaimStatus::kContradicted &&
                 c.finding_id == "claim.transmission.tls_min_version";
  CHECK(recorded);
  CHECK(test::ReadText(dir.path() / "out/report.md").find("Declared versus observed") !=
        std::string::npos);
}

TEST_CASE("a client-certificate claim against an endpoint that requests none is contradicted") {
  auto& sites = TestSites::Get();
  test::TempDir dir;
  Audit a = AuditManifest(dir, kManifest, {"--target", "web=" + sites.Url("good")});
  const Finding& f = a.findings["claim.transmission.client_certificates"];
  INFO(f.message);
  CHECK(f.outcome == Outcome::kFail);
  CHECK(f.message.find("declared: client certificates required (") == 0);
  CHECK(f.message.find("observed: no client certificate requested at " + sites.Url("good")) !=
        std::string::npos);
  CHECK(f.message.find("relied on by mhlw6.network.tls-client-cert") != std::string::npos);
  // The rule reading the manifest alone still passes: the contradiction is what tells.
  CHECK(a.findings["mhlw6.network.tls-client-cert"].outcome == Outcome::kPass);
  CHECK(a.findings.count("claim.transmission.tls_min_version") == 0);

  // Against the endpoint that does request one, both claims are confirmed.
  test::TempDir dir2;
  Audit ok = AuditManifest(dir2, kManifest,
                           {"--target", "web=" + sites.Url("client-cert"), "--client-cert",
                            sites.pki().client_cert, "--client-key", sites.pki().client_key});
  CHECK(ok.findings.count("claim.transmission.client_certificates") == 0);
  std::map<std::string, ClaimStatus> status;
  for (const auto& c : ok.report.claims) status[c.path] = c.status;
  CHECK(status["transmission.client_certificates"] == ClaimStatus::kConfirmed);
  CHECK(status["transmission.tls_min_version"] == ClaimStatus::kConfirmed);
}

TEST_CASE("claims no probe observed stay declared, not verified") {
  test::TempDir dir;
  Audit a = AuditManifest(dir, kManifest, {"--offline", "--format", "html"});
  REQUIRE(a.report.claims.size() == 2);
  for (const auto& c : a.report.claims) {
    CHECK(c.status == ClaimStatus::kDeclared);
    CHECK(c.detail == "not verified: probes were not run (offline)");
    CHECK(c.location.known());
  }
  CHECK(a.findings.count("claim.transmission.tls_min_version") == 0);
  std::string html = test::ReadText(dir.path() / "out/report.html");
  CHECK(html.find("data-claim=\"declared\"") != std::string::npos);
}

TEST_CASE("a claim's words show the endpoint URL as the evidence stores it, credentials masked") {
  auto& sites = TestSites::Get();
  test::TempDir dir;
  const std::string target = sites.Url("tls-old") + "?access_token=S3CRET-claim";
  Audit a = AuditManifest(dir, kManifest, {"--target", "web=" + target});
  INFO(a.run.out << a.run.err);
  const Finding& f = a.findings["claim.transmission.tls_min_version"];
  CHECK(f.outcome == Outcome::kFail);
  CHECK(f.message.find("access_token=[REDACTED]") != std::string::npos);
  CHECK(f.message.find("S3CRET") == std::string::npos);
  size_t observed = 0;
  for (const auto& claim : a.report.claims) {
    if (claim.status == ClaimStatus::kDeclared) continue;
    ++observed;
    INFO(claim.path << ": " << claim.detail);
    CHECK(claim.detail.find("access_token=[REDACTED]") != std::string::npos);
    CHECK(claim.detail.find("S3CRET") == std::string::npos);
  }
  CHECK(observed > 0);
}
