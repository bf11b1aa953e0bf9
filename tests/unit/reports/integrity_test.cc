#include "checker/integrity.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "checker/diff.h"

#include "support/test_support.h"

using namespace checker;

namespace {

void Keys(const test::TempDir& dir, const std::string& name) {
  std::string d = dir.path().string();
  REQUIRE(
      std::system(("openssl genpkey -algorithm ed25519 -out " + d + "/" + name + ".pem 2>/dev/null")
                      .c_str()) == 0);
  REQUIRE(std::system(("openssl pkey -in " + d + "/" + name + ".pem -pubout -out " + d + "/" +
                       name + ".pub")
                          .c_str()) == 0);
}

void FlipByte(const std::string& path, size_t at) {
  std::string text = test::ReadText(path);
  text[at] = static_cast<char>(text[at] ^ 1);
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE(
    "a signed report verifies, and any changed byte of the report or its evidence is caught") {
  test::TempDir dir;
  Keys(dir, "issuer");
  Keys(dir, "other");
  std::string d = dir.path().string();
  std::string report = dir.File("out/report.json", "{\"format\": \"checker-report\"}\n");
  dir.File("out/evidence.json", "{\"format\": \"checker-evidence\"}\n");
  REQUIRE(SignReport(report, {"evidence.json"}, d + "/issuer.pem", "2026-11-24T00:00:00Z").empty());
  CHECK(VerifyReport(report, d + "/issuer.pub").empty());
  CHECK(!VerifyReport(report, d + "/other.pub").empty());

  FlipByte(d + "/out/evidence.json", 5);
  auto problems = VerifyReport(report, d + "/issuer.pub");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "evidence.json has changed since it was signed");
  FlipByte(d + "/out/evidence.json", 5);
  CHECK(VerifyReport(report, d + "/issuer.pub").empty());

  FlipByte(report, 3);
  CHECK(VerifyReport(report, d + "/issuer.pub").size() == 1);
  FlipByte(report, 3);

  std::string sig = test::ReadText(report + ".sig");
  size_t pos = sig.find("\"signed_at\": \"2026");
  sig.replace(pos + 15, 4, "2027");  // backdating the signature breaks it
  std::ofstream(report + ".sig") << sig;
  CHECK(!VerifyReport(report, d + "/issuer.pub").empty());
  CHECK(SignReport(report, {}, d + "/issuer.pub", "x") ==
        d + "/issuer.pub is not an Ed25519 private key in PEM");
}

// Failure 5 of issue 12: the signature covered the hashes but not the envelope, and the reader
// took what it wanted from the file. Each of these verified before.
TEST_CASE("every change to the signature file fails verification") {
  test::TempDir dir;
  Keys(dir, "issuer");
  std::string d = dir.path().string();
  std::string report = dir.File("out/report.json", "{\"format\": \"checker-report\"}\n");
  dir.File("out/evidence.json", "{\"format\": \"checker-evidence\"}\n");
  REQUIRE(SignReport(report, {"evidence.json"}, d + "/issuer.pem", "2026-11-24T00:00:00Z").empty());
  const std::string signed_text = test::ReadText(report + ".sig");
  REQUIRE(VerifyReport(report, d + "/issuer.pub").empty());
  auto tampered = [&](const std::string& from, const std::string& to) {
    std::string text = signed_text;
    size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(report + ".sig", std::ios::binary | std::ios::trunc) << text;
    auto problems = VerifyReport(report, d + "/issuer.pub");
    std::string all;
    for (const auto& p : problems) all += p + "\n";
    return all;
  };
  size_t at = signed_text.find("\"signature\": \"") + 14;
  std::string signature = signed_text.substr(at, signed_text.find('"', at) - at);
  REQUIRE(signature.size() == 88);

  CHECK(tampered(signature, signature + "AAAA").find("not the base64 of exactly 64 bytes") !=
        std::string::npos);
  CHECK(tampered(signature, signature.substr(0, 86) + "A=").find("64 bytes") != std::string::npos);
  CHECK(tampered("\"algorithm\": \"ed25519\"", "\"algorithm\": \"none\"")
            .find("only \"ed25519\" is accepted") != std::string::npos);
  CHECK(tampered("\"algorithm\": \"ed25519\"", "\"algorithm\": \"Ed25519\"") != "");
  CHECK(tampered("\"report\": \"report.json\"", "\"report\": \"other.json\"")
            .find("does not verify") != std::string::npos);
  CHECK(tampered("\"version\": 2", "\"version\": 1").find("version 1 left part") !=
        std::string::npos);
  CHECK(tampered("\"version\": 2", "\"version\": 3") != "");
  CHECK(tampered("\"version\": 2", "\"version\": \"2\"") != "");
  CHECK(tampered("\"algorithm\"", "\"comment\": \"ok\",\n  \"algorithm\"")
            .find("(\"comment\"); it is refused") != std::string::npos);
  CHECK(tampered("\"algorithm\"", "\"report\": \"other.json\",\n  \"algorithm\"")
            .find("has the member \"report\" twice") != std::string::npos);
  CHECK(tampered("\"files\": [", "\"files\": [ ").find("not laid out") != std::string::npos);
  CHECK(tampered("\"signature\": ", "\"signature\":") != "");
  CHECK(tampered("\"signed_at\": \"2026", "\"signed_at\": \"2027").find("does not verify") !=
        std::string::npos);
  CHECK(tampered("\"path\": \"evidence.json\"", "\"path\": \"report.json\"") != "");
  CHECK(tampered("{\n", "{\n  \"signature\": \"x\",\n") != "");  // a second signature
  CHECK(tampered("\n}", ",\n  \"x\": 1\n}") != "");
  CHECK(tampered("\"format\": \"checker-signature\"", "\"format\": 9") != "");
  CHECK(tampered(signed_text, "[]") != "");

  std::ofstream(report + ".sig", std::ios::binary | std::ios::trunc) << signed_text;
  CHECK(VerifyReport(report, d + "/issuer.pub").empty());  // the untouched file still verifies
}

TEST_CASE("diff finds new failures, fixes, evidence changes and decision moves") {
  auto finding = [](const std::string& id, Outcome o, const std::string& value) {
    Finding f;
    f.rule_id = id;
    f.outcome = o;
    f.evidence.push_back({"manifest", "x", value, {}, ""});
    return f;
  };
  AuditResult before, after;
  before.certification.decision = CertDecision::kCertified;
  after.certification.decision = CertDecision::kNotCertified;
  before.findings = {finding("a", Outcome::kPass, "1"), finding("b", Outcome::kFail, "1"),
                     finding("c", Outcome::kPass, "1"), finding("gone", Outcome::kPass, "1")};
  after.findings = {finding("a", Outcome::kFail, "2"), finding("b", Outcome::kPass, "1"),
                    finding("c", Outcome::kPass, "2"),
                    finding("new", Outcome::kMissingEvidence, "")};
  AuditDiff d = DiffAudits(before, after);
  REQUIRE(d.new_failures.size() == 2);
  CHECK(d.new_failures[0].rule_id == "a");
  CHECK(d.new_failures[1].rule_id == "new");
  REQUIRE(d.fixed.size() == 1);
  CHECK(d.fixed[0].rule_id == "b");
  REQUIRE(d.evidence_changed.size() == 1);
  CHECK(d.evidence_changed[0].rule_id == "c");
  CHECK(d.removed_rules == std::vector<std::string>{"gone"});
  CHECK(d.regression());
  CHECK(RenderDiffText(d).rfind("decision: certified -> not_certified", 0) == 0);
  CHECK(RenderDiffJson(d).find("\"regression\": true") != std::string::npos);
  CHECK(!DiffAudits(before, before).regression());
}
