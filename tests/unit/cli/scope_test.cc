// The vendor's manifest cannot steer the checker (issue 12, item 7): a URL it carries is fetched
// only at a declared origin, and no probe connects to a loopback or private address the auditor
// did not allow, not even through a redirect. A real nginx (tests/support) serves the vendor's
// site and an "internal admin" page whose own access log shows whether anything reached it.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "checker/report.h"

#include "support/nginx_server.h"
#include "support/test_support.h"

using namespace checker;
using test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;

const std::string kPack = test::TestPack(
    "scope", {{"scope.policy",
               R"({type: document, url_path: privacy.policy_url, expect: 'status == 200'})"}});

// The vendor's site on one port (its /to-admin redirects to the admin page by the name
// localhost), and the internal admin page on another, with an access log of its own.
struct Servers {
  test::TempDir dir;
  uint16_t site = test::FreePort();
  uint16_t admin = test::FreePort();
  std::filesystem::path admin_log = dir.path() / "admin-access.log";
  test::NginxServer nginx{
      dir.path() / "nginx",
      "  server {\n    listen 127.0.0.1:" + std::to_string(site) +
          ";\n    location = /to-admin { return 302 http://localhost:" + std::to_string(admin) +
          "/internal-admin; }\n    location / { return 200 site; }\n  }\n"
          "  server {\n    listen 127.0.0.1:" +
          std::to_string(admin) + ";\n    access_log " + admin_log.string() +
          ";\n    location / { return 200 admin-secret; }\n  }\n",
      {site, admin}};
  std::string SiteUrl() const { return "http://127.0.0.1:" + std::to_string(site) + "/"; }
  std::string AdminUrl() const {
    return "http://127.0.0.1:" + std::to_string(admin) + "/internal-admin";
  }
  // Requests the admin page has answered so far.
  size_t AdminRequests() const {
    std::ifstream in(admin_log);
    size_t n = 0;
    for (std::string line; std::getline(in, line);) n += !line.empty();
    return n;
  }
};

struct Audit {
  test::RunResult run;
  Finding policy;
};

Audit AuditWith(const Servers& s, const std::string& manifest_extra,
                const std::vector<std::string>& options) {
  static int n = 0;
  std::string name = "run" + std::to_string(++n);
  std::string manifest = s.dir.File(name + "/m.yaml",
                                    "service: {id: v, name: V}\n"
                                    "endpoints: [{url: \"" +
                                        s.SiteUrl() + "\", purpose: web}]\n" + manifest_extra);
  std::string pack = s.dir.File(name + "/pack.yaml", kPack);
  std::string out = (s.dir.path() / name / "out").string();
  std::vector<std::string> argv = {
      kChecker, "audit",    "--manifest",         manifest,    "--pack", pack, "--out",
      out,      "--target", "web=" + s.SiteUrl(), "--timeout", "3000"};
  argv.insert(argv.end(), options.begin(), options.end());
  Audit a;
  a.run = Run(argv);
  DiagnosticSink sink;
  auto report = ParseJsonReport(test::ReadText(out + "/report.json"), "report.json", sink);
  REQUIRE(report);
  REQUIRE(report->findings.size() == 1);
  a.policy = report->findings[0];
  return a;
}

}  // namespace

TEST_CASE("a manifest URL outside the declared endpoints is not fetched") {
  Servers s;
  std::string policy = "privacy: {policy_url: \"" + s.AdminUrl() + "\"}\n";
  for (const auto& options : {std::vector<std::string>{}, {"--allow-private"}}) {
    Audit a = AuditWith(s, policy, options);
    INFO(a.run.out << a.run.err);
    CHECK(a.policy.outcome == Outcome::kMissingEvidence);
    CHECK(a.policy.message.find("privacy.policy_url '" + s.AdminUrl() +
                                "' is outside the declared scope") != std::string::npos);
    CHECK(a.policy.message.find("it was not fetched") != std::string::npos);
  }
  CHECK(s.AdminRequests() == 0);
}

TEST_CASE("an origin the vendor declares in scope is still refused at a loopback address") {
  Servers s;
  std::string manifest =
      "privacy: {policy_url: \"" + s.AdminUrl() +
      "\"}\nscope: {additional_origins: [\"http://127.0.0.1:" + std::to_string(s.admin) + "\"]}\n";
  Audit refused = AuditWith(s, manifest, {});
  INFO(refused.run.out << refused.run.err);
  CHECK(refused.policy.outcome == Outcome::kError);
  CHECK(refused.policy.message.find(
            "127.0.0.1 is a loopback address; pass --target or --allow-private to audit it") !=
        std::string::npos);
  CHECK(s.AdminRequests() == 0);
  // The auditor's --allow-private lets it through (and the log does see requests).
  Audit allowed = AuditWith(s, manifest, {"--allow-private"});
  CHECK(allowed.policy.outcome == Outcome::kPass);
  CHECK(s.AdminRequests() == 1);
}

TEST_CASE("a redirect from an allowed endpoint to a loopback address is refused") {
  Servers s;
  // The policy is on the audited site, which redirects to the admin page by a host name that
  // resolves to loopback; the vendor even declares that origin in scope.
  std::string manifest =
      "privacy: {policy_url: /to-admin}\n"
      "scope: {additional_origins: [\"http://localhost:" +
      std::to_string(s.admin) + "\"]}\n";
  Audit refused = AuditWith(s, manifest, {});
  INFO(refused.run.out << refused.run.err);
  CHECK(refused.policy.outcome == Outcome::kError);
  CHECK(refused.policy.message.find("is a loopback address; pass --target or --allow-private") !=
        std::string::npos);
  CHECK(s.AdminRequests() == 0);
  Audit allowed = AuditWith(s, manifest, {"--allow-private"});
  CHECK(allowed.policy.outcome == Outcome::kPass);
  CHECK(s.AdminRequests() == 1);
}

TEST_CASE("an origin in scope.additional_origins must be an origin") {
  test::TempDir dir;
  std::string manifest =
      dir.File("m.yaml",
               "service: {id: v, name: V}\nscope:\n  additional_origins:\n"
               "    - \"https://docs.example.jp\"\n    - \"https://docs.example.jp/privacy\"\n"
               "    - \"ftp://docs.example.jp\"\n");
  auto r = Run({kChecker, "audit", "--manifest", manifest, "--pack", dir.File("p.yaml", kPack),
                "--offline", "--out", (dir.path() / "out").string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("m.yaml:5:7") != std::string::npos);
  CHECK(r.err.find("'https://docs.example.jp/privacy' is not an origin: an origin has no path") !=
        std::string::npos);
  CHECK(r.err.find("m.yaml:6:7") != std::string::npos);
  CHECK(r.err.find("m.yaml:4:") == std::string::npos);
}
