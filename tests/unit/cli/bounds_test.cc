// Audits bounded as a whole: a rule's evaluation has a step budget and stops at SIGTERM, a
// hostile response body costs one document build, not one per rule. (Timings are asserted with
// generous bounds; bench/run_limits.sh measures them.)

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>

#include "support/hostile_server.h"
#include "support/test_support.h"

using namespace checker;
using test::HostileServer;
using test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;

std::string Pack(const std::string& id, const std::string& expect) {
  return "kind: pack\npack:\n  id: p\n  version: 1.0.0\n  title: {ja: t, en: t}\n  issuer: i\n"
         "  source: {document: d, edition: \"1\"}\n  effective_date: 2026-01-01\nrules:\n"
         "  - id: p." +
         id +
         "\n    title: {ja: t, en: t}\n    citation: {document: d, section: \"1\"}\n"
         "    level: must\n    severity: high\n    category: c\n"
         "    check: {type: manifest, expect: '" +
         expect + "'}\n    remediation: {ja: r, en: r}\n";
}

std::string ThousandItems() {
  std::string m = "service:\n  name: x\nitems:\n";
  for (int i = 0; i < 1000; ++i) m += "  - " + std::to_string(i) + "\n";
  return m;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

TEST_CASE("a rule that exceeds its step budget is an error naming the rule") {
  test::TempDir dir;
  std::string pack =
      dir.File("pack.yaml", Pack("nested", "count(items, a, count(items, b, b == a) > 1) == 0"));
  std::string manifest = dir.File("m.yaml", ThousandItems());
  auto audit = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = {
        kChecker, "audit", "--manifest", manifest,
        "--pack", pack,    "--out",      (dir.path() / "out").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return Run(argv);
  };
  auto r = audit({"--max-steps", "20000"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("rule p.nested: check: evaluation stopped after 20000 steps (the step budget "
                   "of one rule)") != std::string::npos);
  CHECK(r.out.find("1 error") != std::string::npos);
  // The default budget (10^6 steps) stops a million-element comprehension too.
  r = audit({});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("rule p.nested: check: evaluation stopped after 1000000 steps") !=
        std::string::npos);
  // Within its budget the rule is decided.
  r = audit({"--max-steps", "100000000"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("1 pass") != std::string::npos);
}

TEST_CASE("SIGTERM during evaluation ends the audit promptly and writes nothing") {
  test::TempDir dir;
  std::string pack = dir.File(
      "pack.yaml",
      Pack("triple", "count(items, a, count(items, b, count(items, c, c == b) > 1) > 1) == 0"));
  std::string manifest = dir.File("m.yaml", ThousandItems());
  auto run = test::RunAndSignal({kChecker, "audit", "--manifest", manifest, "--pack", pack, "--out",
                                 (dir.path() / "out").string(), "--max-steps", "100000000000"},
                                SIGTERM, 700, 5000);
  INFO(run.err);
  CHECK(run.exit_code == 143);
  CHECK(run.elapsed_ms < 700 + 2000);  // within ~100 ms of the signal (bench/run_limits.sh)
  CHECK(run.err.find("interrupted by SIGTERM; no report was written") != std::string::npos);
  CHECK(!std::filesystem::exists(dir.path() / "out" / "report.json"));
}

TEST_CASE("an endpoint answering with a flat 1 MiB JSON object is decided quickly") {
  std::string body = "{";
  for (int i = 0; body.size() < 1'000'000; ++i)
    body += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  body += "}";
  HostileServer server(HostileServer::Mode::kRespond,
                       "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  test::TempDir dir;
  std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/";
  std::string manifest = dir.File("m.yaml", "service:\n  name: flat\nendpoints:\n  - url: " + url +
                                                "\n    purpose: web\n    http_url: " + url + "\n");
  auto started = std::chrono::steady_clock::now();
  auto r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "web-baseline", "--out",
                (dir.path() / "out").string(), "--target", "web=" + url, "--timeout", "3000"});
  double seconds = Seconds(started);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("web.http.hsts") != std::string::npos);  // decided (failed), not erred
  CHECK(seconds < 20);  // about 0.5 s; before one build per rule per endpoint, 209 s
}

TEST_CASE("a malformed endpoint URL is a positioned error, live, offline and in replay") {
  test::TempDir dir;
  std::string manifest = dir.File("m.yaml",
                                  "service:\n  name: bad-url\nendpoints:\n  - purpose: web\n"
                                  "    url: \"https://[::1/\"\n");
  std::string evidence = dir.File("evidence.json", "{}");
  for (std::vector<std::string> mode :
       {std::vector<std::string>{"--offline"}, {"--replay", evidence}, {"--timeout", "500"}}) {
    std::vector<std::string> argv = {
        kChecker,    "audit",        "--manifest", manifest,
        "--profile", "web-baseline", "--out",      (dir.path() / "out").string()};
    argv.insert(argv.end(), mode.begin(), mode.end());
    auto r = Run(argv);
    INFO(mode[0] << ": " << r.err);
    CHECK(r.exit_code == 2);  // before: exit 3 (std::bad_alloc) live, silently accepted offline
    CHECK(r.err.find("m.yaml:5:10: error[C205]: endpoint url 'https://[::1/' is not an http(s) "
                     "URL: ") != std::string::npos);
  }
}

TEST_CASE("checker audit: --per-host and --rate bound the probes; a bad value exits 2") {
  HostileServer server(HostileServer::Mode::kRespond,
                       "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
  test::TempDir dir;
  std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/";
  std::string manifest =
      dir.File("m.yaml", "service:\n  name: limits\nendpoints:\n  - url: " + url +
                             "\n    purpose: web\n    http_url: " + url + "\n");
  std::vector<std::string> audit = {
      kChecker,    "audit",        "--manifest", manifest,
      "--profile", "web-baseline", "--out",      (dir.path() / "out").string(),
      "--target",  "web=" + url};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> argv = audit;
    argv.insert(argv.end(), more.begin(), more.end());
    return Run(argv);
  };
  auto limited = with({"--per-host", "1", "--rate", "50"});
  INFO(limited.out << limited.err);
  CHECK(limited.exit_code == 1);  // decided as without the limits
  auto rate = with({"--rate", "fast"});
  CHECK(rate.exit_code == 2);
  CHECK(rate.err.find("--rate needs a number of probes per second from 0 to 100000") !=
        std::string::npos);
  auto per_host = with({"--per-host", "0"});
  CHECK(per_host.exit_code == 2);
  CHECK(per_host.err.find("--per-host needs a positive whole number") != std::string::npos);
}
