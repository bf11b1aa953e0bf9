// Nothing lost, nothing hung: an audit interrupted by SIGINT or SIGTERM, or one whose output
// folder cannot be written, leaves no half-written report and says what happened; hostile
// manifests and rule packs are refused quickly with positioned diagnostics.

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>

#include "support/hostile_server.h"
#include "support/test_support.h"

using namespace checker;
using test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;
std::string Src(const std::string& rel) { return test::SourceDir() + "/" + rel; }

// Every file in `dir`, temporary files included.
std::vector<std::string> Listing(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  if (!std::filesystem::exists(dir)) return names;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// An audit of the clinic cloud whose every endpoint is a server that never answers.
std::vector<std::string> AuditAgainstSlowServer(uint16_t port, const std::string& out) {
  std::string base = "127.0.0.1:" + std::to_string(port) + "/";
  return {kChecker,     "audit",
          "--manifest", Src("examples/hinode-clinic-cloud/manifest.yaml"),
          "--profile",  "medical-cloud-vendor",
          "--out",      out,
          "--timeout",  "30000",
          "--target",   "web=https://" + base,
          "--target",   "web.http=http://" + base,
          "--format",   "html,sarif"};
}

}  // namespace

TEST_CASE("SIGTERM or SIGINT during probes stops the audit at once and writes nothing") {
  test::HostileServer slow(test::HostileServer::Mode::kSlow);
  for (auto [signal, code, name] : {std::tuple{SIGTERM, 143, "SIGTERM"}, {SIGINT, 130, "SIGINT"}}) {
    test::TempDir out;
    std::string old_report = out.File("report.json", "{\"an\": \"earlier report\"}\n");
    auto run = test::RunAndSignal(AuditAgainstSlowServer(slow.port(), out.path().string()), signal,
                                  800, 5000);
    INFO(name << ": " << run.err);
    CHECK(run.exit_code == code);
    CHECK(run.elapsed_ms < 800 + 3000);  // probes stop within ~100 ms, not at their 30 s timeout
    CHECK(run.err.find(std::string("interrupted by ") + name) != std::string::npos);
    CHECK(run.err.find("no report was written") != std::string::npos);
    // The earlier report is untouched and no temporary or partial file is left.
    CHECK(test::ReadText(old_report) == "{\"an\": \"earlier report\"}\n");
    CHECK(Listing(out.path()) == std::vector<std::string>{"report.json"});
  }
}

TEST_CASE("an output folder that cannot be written exits 4 and writes no report at all") {
  test::TempDir dir;
  std::string blocker = dir.File("not-a-folder", "x");
  std::vector<std::string> audit = {
      kChecker,    "audit",   "--manifest", Src("examples/sakura-phr/manifest.yaml"),
      "--profile", "starter", "--offline",  "--format",
      "html,junit"};

  auto argv = audit;
  argv.insert(argv.end(), {"--out", blocker + "/reports"});
  auto r = Run(argv);
  CHECK(r.exit_code == 4);
  CHECK(r.err.find(blocker + "/reports") != std::string::npos);
  CHECK(r.err.find("nothing was written") != std::string::npos);

  // One destination taken by a folder: the other reports are not written either.
  test::TempDir out;
  std::filesystem::create_directories(out.path() / "report.html");
  argv = audit;
  argv.insert(argv.end(), {"--out", out.path().string()});
  r = Run(argv);
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("report.html: is a directory") != std::string::npos);
  CHECK(Listing(out.path()) == std::vector<std::string>{"report.html"});
  CHECK(std::filesystem::is_empty(out.path() / "report.html"));

  // checker report and checker index say the same.
  r = Run({kChecker, "report", "--format", "markdown", "--out", blocker + "/x",
           Src("tests/unit/reports/golden/report.json")});
  CHECK(r.exit_code == 4);
  r = Run({kChecker, "index", "--out", blocker + "/x/index.html",
           Src("tests/unit/reports/golden/report.json")});
  CHECK(r.exit_code == 4);
}

TEST_CASE("hostile manifests are refused quickly, with the position where each limit was crossed") {
  test::TempDir dir;
  auto audit = [&](const std::string& manifest) {
    return Run({kChecker, "audit", "--manifest", manifest, "--profile", "starter", "--offline",
                "--out", (dir.path() / "out").string()});
  };

  SECTION("a 200 MB manifest: only the first 16 MiB are read") {
    std::string path = (dir.path() / "big.yaml").string();
    {
      std::ofstream big(path, std::ios::binary);
      big << "service:\n  name: x\n";
      std::string line = "# " + std::string(97, 'x') + "\n";
      for (int i = 0; i < 2'000'000; ++i) big << line;
    }
    REQUIRE(std::filesystem::file_size(path) > 200'000'000);
    auto r = audit(path);
    CHECK(r.exit_code == 2);
    // 16 MiB = 16777216 bytes: 2 lines (19 bytes), then 100-byte lines: byte 97 of line 167774.
    CHECK(r.err.find(path + ":167774:98: error[C107]: document is larger than the limit of "
                            "16777216 bytes") != std::string::npos);
  }
  SECTION("an XML entity expansion attack") {
    std::string path =
        dir.File("bomb.xml",
                 "<?xml version=\"1.0\"?>\n<!DOCTYPE m [\n"
                 " <!ENTITY a \"aaaaaaaaaaaaaaaa\">\n"
                 " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
                 "]>\n<manifest><service><name>&b;</name></service></manifest>\n");
    auto r = audit(path);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(path + ":2:1: error[C109]: DOCTYPE declarations are refused") !=
          std::string::npos);
  }
  SECTION("a YAML alias bomb") {
    std::string text = "a: &a [x,x,x,x,x,x,x,x,x,x]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
      text += std::string(1, c) + ": &" + c + " [";
      for (int i = 0; i < 10; ++i) text += std::string(i ? "," : "") + "*" + char(c - 1);
      text += "]\n";
    }
    std::string path = dir.File("alias.yaml", text);
    auto r = audit(path);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(path + ":4:29: error[C105]: aliases expand to more than 10000 values") !=
          std::string::npos);
  }
  SECTION("nesting 10,000 deep, in JSON and in YAML") {
    std::string json = dir.File("deep.json", std::string(10000, '[') + std::string(10000, ']'));
    auto r = audit(json);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(json + ":1:65: error[C106]: nesting deeper than 64 levels") !=
          std::string::npos);
    std::string yaml =
        dir.File("deep.yaml", "a: " + std::string(10000, '[') + std::string(10000, ']'));
    r = audit(yaml);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(yaml + ":1:67: error[C106]: nesting deeper than 64 levels") !=
          std::string::npos);
  }
}

TEST_CASE("a rule pack with a pathological regex or a deeply nested expression is refused") {
  test::TempDir dir;
  auto rule = [](const std::string& id, const std::string& expect) {
    return "  - id: p." + id +
           "\n    title: {ja: t, en: t}\n    citation: {document: d, section: \"1\"}\n"
           "    level: must\n    severity: high\n    category: c\n"
           "    check: {type: manifest, expect: '" +
           expect + "'}\n    remediation: {ja: r, en: r}\n";
  };
  std::string head =
      "kind: pack\npack:\n  id: p\n  version: 1.0.0\n  title: {ja: t, en: t}\n  issuer: i\n"
      "  source: {document: d, edition: \"1\"}\n  effective_date: 2026-01-01\nrules:\n";
  std::string pack = dir.File(
      "pack.yaml", head + rule("huge-regex", "matches(service.name, \"((a{100}){100}){100}\")") +
                       rule("deep", std::string(1500, '(') + "true" + std::string(1500, ')')));
  auto r = Run({kChecker, "lint", pack});
  CHECK(r.exit_code == 2);
  CHECK(r.out.find(pack + ":16:60: error[C304]: invalid regular expression") != std::string::npos);
  CHECK(r.out.find(pack + ":24:70: error[C305]: expression nested deeper than 64 levels") !=
        std::string::npos);

  // A regex that backtracking engines take exponential time on is linear in RE2.
  std::string redos =
      dir.File("redos.yaml", head + rule("redos", "matches(service.name, \"^(a|aa)+$\")"));
  std::string manifest =
      dir.File("m.yaml", "service:\n  name: \"" + std::string(200000, 'a') + "b\"\n");
  r = Run({kChecker, "audit", "--manifest", manifest, "--pack", redos, "--out",
           (dir.path() / "out").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("p.redos") != std::string::npos);
}
