// Evidence bounded per audit (issue 12, item 6): a body no rule reads is kept as SHA-256, length
// and excerpt; whole bodies stop at --max-evidence-bytes, with a note; binary bodies are stored as
// base64, never as escaped text; a replay of a rule whose body was not kept is missing_evidence,
// never a pass.

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "checker/source.h"

#include "support/hostile_server.h"
#include "support/test_support.h"

using namespace checker;
using test::HostileServer;
using test::Run;
namespace fs = std::filesystem;

namespace {

const std::string kChecker = CHECKER_BINARY;

std::string Rule(const std::string& id, const std::string& path, const std::string& expect) {
  return "  - id: p." + id +
         "\n    title: {ja: t, en: t}\n    citation: {document: d, section: \"1\"}\n"
         "    level: must\n    severity: high\n    category: c\n"
         "    check:\n      type: http\n      request: {path: " +
         path + "}\n      expect: '" + expect + "'\n    remediation: {ja: r, en: r}\n";
}

const nlohmann::json* Finding(const nlohmann::json& report, const std::string& id) {
  for (const auto& f : report.at("findings"))
    if (f.at("rule_id") == id) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("evidence keeps whole bodies up to its cap; a replay of a body not kept never passes") {
  std::string body;
  for (int i = 0; body.size() < (1u << 20); ++i) body += static_cast<char>((i * 7919) % 256);
  HostileServer server(HostileServer::Mode::kRespond,
                       "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                       "Content-Length: " +
                           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  test::TempDir dir;
  // p.reads passes live on a binary body (not JSON, so body.json.x does not exist); p.status
  // reads no body.
  std::string pack = dir.File(
      "pack.yaml",
      "kind: pack\npack:\n  id: p\n  version: 1.0.0\n  title: {ja: t, en: t}\n  issuer: i\n"
      "  source: {document: d, edition: \"1\"}\n  effective_date: 2026-01-01\nrules:\n" +
          Rule("reads", "/data", "status == 200 && !exists(body.json.x)") +
          Rule("status", "/", "status == 200"));
  std::string manifest = dir.File("m.yaml", "service:\n  name: bodies\n");
  std::vector<std::string> argv = {kChecker, "audit",      "--manifest", manifest,
                                   "--pack", pack,         "--out",      (dir.path() / "out").string(),
                                   "--max-evidence-bytes", "2000000"};
  for (int i = 0; i < 5; ++i)
    argv.insert(argv.end(), {"--target", "http://127.0.0.1:" + std::to_string(server.port()) +
                                             "/e" + std::to_string(i)});
  auto live = Run(argv);
  INFO(live.out << live.err);
  REQUIRE(live.exit_code == 0);  // both rules pass live: they saw every body they read
  CHECK(live.out.find("evidence: 4 response bodies beyond the evidence cap of 2000000 bytes") !=
        std::string::npos);

  fs::path evidence_path = dir.path() / "out" / "evidence.json";
  // One body whole (as base64: 1.4 MB), nine as excerpts: before, 10 bodies escaped, ~50 MB.
  CHECK(fs::file_size(evidence_path) < 2'000'000);
  auto evidence = nlohmann::json::parse(test::ReadText(evidence_path));
  REQUIRE(evidence.at("http").size() == 10);
  int whole = 0, cut = 0, unread = 0;
  for (const auto& o : evidence.at("http")) {
    INFO(o.at("key"));
    CHECK(o.at("body_encoding") == "base64");  // binary: never escaped text
    CHECK(o.at("body_bytes") == body.size());
    CHECK(o.at("body_sha256") == Sha256Hex(body));  // of every byte received
    std::string why = o.value("body_omitted", "");
    if (why.empty()) {
      ++whole;
      CHECK(o.at("body").get<std::string>().size() == (body.size() + 2) / 3 * 4);
    } else {
      CHECK(o.at("body").get<std::string>().size() <= 4 * 1024 / 3 + 4);
      if (why == "no rule reads this response's body") ++unread;
      if (why.find("--max-evidence-bytes") != std::string::npos) ++cut;
    }
  }
  CHECK(whole == 1);
  CHECK(cut == 4);
  CHECK(unread == 5);  // GET / of each endpoint: p.status reads no body
  auto report = nlohmann::json::parse(test::ReadText(dir.path() / "out" / "report.json"));
  REQUIRE(report.at("probes").contains("notes"));
  CHECK(report.at("probes").at("notes").at(0).get<std::string>().find("--max-evidence-bytes") !=
        std::string::npos);

  auto replay = Run({kChecker, "audit", "--manifest", manifest, "--pack", pack, "--replay",
                     evidence_path.string(), "--out", (dir.path() / "replay").string()});
  INFO(replay.out << replay.err);
  CHECK(replay.exit_code == 1);
  auto replayed = nlohmann::json::parse(test::ReadText(dir.path() / "replay" / "report.json"));
  const auto* reads = Finding(replayed, "p.reads");
  REQUIRE(reads != nullptr);
  CHECK(reads->at("outcome") == "missing_evidence");
  int missing = 0, passed = 0;
  for (const auto& e : reads->at("endpoints")) {
    if (e.at("outcome") == "pass") ++passed;
    if (e.at("outcome") != "missing_evidence") continue;
    ++missing;
    CHECK(e.at("detail").get<std::string>().find(
              "the rule reads body.json.x, but the evidence keeps only the SHA-256, length and an "
              "excerpt of the body (the evidence cap of 2000000 bytes") != std::string::npos);
  }
  CHECK(missing == 4);
  CHECK(passed == 1);  // the body kept whole (base64) decides as it did live
  const auto* status = Finding(replayed, "p.status");
  REQUIRE(status != nullptr);
  CHECK(status->at("outcome") == "pass");  // reads no body: its excerpts suffice
}
