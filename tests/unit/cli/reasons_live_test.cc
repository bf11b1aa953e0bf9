// Every fault in words, end to end: checker audit against real nginx sites (tests/support), each
// with several faults of one kind, must name each fault, the header and the item concerned.

#include <catch2/catch.hpp>
#include <fstream>
#include <map>

#include "checker/report.h"

#include "support/test_sites.h"
#include "support/test_support.h"

using namespace checker;

namespace {

struct Audit {
  test::RunResult run;
  std::map<std::string, Finding> findings;
};

Audit AuditSite(const std::string& site, const test::TempDir& out) {
  auto& sites = test::TestSites::Get();
  std::ofstream(out.path() / "manifest.yaml") << "service: {id: reasons, name: Reasons}\n";
  Audit a;
  a.run = test::Run({CHECKER_BINARY, "audit", "--manifest", (out.path() / "manifest.yaml").string(),
                     "--pack", test::SourceDir() + "/rules/web-baseline", "--target",
                     "web=" + sites.Url(site), "--ca-bundle", sites.pki().ca_cert, "--out",
                     (out.path() / "out").string(), "--generated-at", "2026-11-24T00:00:00Z"});
  // The reports go to a folder of their own: an audit replaces its whole --out folder and
  // refuses one holding other files (the manifest).
  DiagnosticSink sink;
  auto report =
      ParseJsonReport(test::ReadText(out.path() / "out" / "report.json"), "report.json", sink);
  REQUIRE(report);
  for (const auto& f : report->findings) a.findings[f.rule_id] = f;
  return a;
}

std::vector<std::string> English(const Finding& f) {
  std::vector<std::string> out;
  for (const auto& r : f.reasons) out.push_back(r.text.en);
  return out;
}

}  // namespace

TEST_CASE("a CSP with several faults lists each fault, with the header seen") {
  test::TempDir out;
  Audit a = AuditSite("csp-faults", out);
  INFO(a.run.out << a.run.err);
  const Finding& f = a.findings["web.http.csp"];
  CHECK(f.outcome == Outcome::kFail);
  const std::string header =
      "Content-Security-Policy: script-src 'self' 'unsafe-inline' 'unsafe-eval' https:; "
      "frame-ancestors 'none'";
  CHECK(English(f) == std::vector<std::string>{
                          "The CSP has no default-src (" + header + ")",
                          "The CSP allows 'unsafe-inline' scripts (" + header + ")",
                          "The CSP allows 'unsafe-eval' (" + header + ")",
                          "The CSP allows a wildcard or whole-scheme source (*, https:, data:) (" +
                              header + ")"});
  for (const auto& r : f.reasons) {
    CHECK(r.header == header);
    CHECK(r.endpoint == "GET " + test::TestSites::Get().Url("csp-faults"));
  }
  CHECK(f.expression.find("csp.unsafe_eval") != std::string::npos);
  // The terminal summary says them too.
  CHECK_THAT(a.run.out, Catch::Contains("The CSP allows 'unsafe-eval'"));
}

TEST_CASE("a security.txt that is expired and has no Contact lists both faults") {
  test::TempDir out;
  Audit a = AuditSite("security-txt-faults", out);
  INFO(a.run.out << a.run.err);
  const Finding& f = a.findings["web.disclosure.security-txt"];
  CHECK(f.outcome == Outcome::kFail);
  CHECK(English(f) ==
        std::vector<std::string>{
            "security.txt has no Contact field (required)",
            "security.txt has expired or its Expires is not a date (an expired file must be "
            "ignored)"});
}

TEST_CASE("a version banner names each header that leaks and its value") {
  test::TempDir out;
  Audit a = AuditSite("version", out);
  INFO(a.run.out << a.run.err);
  const Finding& f = a.findings["web.http.version-banner"];
  CHECK(f.outcome == Outcome::kFail);
  REQUIRE(f.reasons.size() == 2);
  CHECK(f.reasons[0].item == "Server");
  CHECK(f.reasons[0].header.rfind("Server: nginx/", 0) == 0);
  CHECK(f.reasons[0].text.en ==
        "The Server header reveals a version (" + f.reasons[0].header + ")");
  CHECK(f.reasons[1].item == "X-Powered-By");
  CHECK(f.reasons[1].header == "X-Powered-By: PHP/8.1.2");
  CHECK(f.reasons[1].text.ja ==
        "X-Powered-By ヘッダが版数を公開しています(X-Powered-By: PHP/8.1.2)");
}

TEST_CASE("of two cookies, only the bad one is named, by its name") {
  test::TempDir out;
  Audit a = AuditSite("two-cookies", out);
  INFO(a.run.out << a.run.err);
  const Finding& f = a.findings["web.http.cookies"];
  CHECK(f.outcome == Outcome::kFail);
  REQUIRE(f.reasons.size() == 3);
  for (const auto& r : f.reasons) {
    CHECK(r.item == "theme");
    CHECK(r.header.rfind("Set-Cookie: theme=", 0) == 0);
    CHECK(r.text.en.rfind("Cookie theme ", 0) == 0);
  }
  CHECK(English(f)[0].find("without Secure") != std::string::npos);
  CHECK(English(f)[1].find("without HttpOnly") != std::string::npos);
  CHECK(English(f)[2].find("SameSite \"\"") != std::string::npos);
  CHECK(f.message.find("__Host-sid") == std::string::npos);
}
