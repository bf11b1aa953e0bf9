// Declared versus observed, end to end against real nginx sites (tests/support/test_sites.cc):
// client-certificate endpoints, manifest claims contradicted by the live endpoints, and endpoint
// rules that judge the audited targets rather than the manifest's URLs.

#include <catch2/catch.hpp>
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

// Audits `manifest` (YAML text) against the web-baseline and MHLW packs (and their crosswalk) with
// the given options.
Audit AuditManifest(const test::TempDir& dir, const std::string& manifest,
                    std::vector<std::string> extra) {
  std::string path = dir.File("manifest.yaml", manifest);
  std::vector<std::string> argv = {kChecker,         "audit",
                                   "--manifest",     path,
                                   "--pack",         test::SourceDir() + "/rules/web-baseline",
                                   "--pack",         test::SourceDir() + "/rules/mhlw6",
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
