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
