#include "checker/review.h"

#include <catch2/catch.hpp>

#include "checker/source.h"

#include "support/test_support.h"

using namespace checker;

namespace {

AuditResult Audit() {
  AuditResult r;
  r.subject.operator_name = "Vendor K.K.";
  for (auto [id, outcome, level] : {std::tuple{"a.attest", Outcome::kManual, Level::kMust},
                                    std::tuple{"a.fail", Outcome::kFail, Level::kMust},
                                    std::tuple{"a.pass", Outcome::kPass, Level::kMust}}) {
    Finding f;
    f.rule_id = id;
    f.outcome = outcome;
    f.level = level;
    f.category = "c";
    r.findings.push_back(f);
  }
  return r;
}

std::string Diags(const DiagnosticSink& sink) {
  std::string out;
  for (const auto& d : sink.diagnostics()) out += FormatDiagnostic(d);
  return out;
}

const char* kPolicyHash = "a1b4a0d3ad9af65b3ae4ca37c4c2c1c1cb5a6b2a3b0f0c5c2e0b6f1d9d2b7e51";

}  // namespace

TEST_CASE("an attestation with intact evidence decides a manual rule; the decision follows") {
  test::TempDir dir;
  dir.File("policy.md", "approved by the board\n");
  std::string hash = Sha256Hex("approved by the board\n");
  std::string file = dir.File("review.yaml",
                              "attestations:\n  - rule: a.attest\n    verdict: pass\n"
                              "    evidence: [{file: policy.md, sha256: " +
                                  hash +
                                  "}]\n"
                                  "    reviewer: R. Reviewer\n    date: 2026-11-20\n");
  DiagnosticSink sink;
  auto review = LoadReview(file, sink);
  REQUIRE(review);
  AuditResult r = Audit();
  ApplyReview(r, *review, "2026-11-24", sink);
  INFO(Diags(sink));
  CHECK(r.findings[0].outcome == Outcome::kPass);
  CHECK(r.findings[0].message == "attested by R. Reviewer on 2026-11-20");
  CHECK(r.findings[0].evidence[0].value == "\"sha256:" + hash + "\"");
  CHECK(r.certification.decision == "not_certified");  // a.fail still fails
}

TEST_CASE("a changed or missing evidence file makes the attestation an error") {
  test::TempDir dir;
  dir.File("policy.md", "changed after review\n");
  std::string file = dir.File(
      "review.yaml",
      std::string("attestations:\n  - rule: a.attest\n    verdict: pass\n    evidence:\n") +
          "      - {file: policy.md, sha256: " + kPolicyHash + "}\n" +
          "      - {file: gone.pdf, sha256: " + kPolicyHash + "}\n" +
          "    reviewer: R\n    date: 2026-11-20\n");
  DiagnosticSink sink;
  auto review = LoadReview(file, sink);
  REQUIRE(review);
  AuditResult r = Audit();
  ApplyReview(r, *review, "2026-11-24", sink);
  CHECK(r.findings[0].outcome == Outcome::kError);
  REQUIRE(sink.diagnostics().size() == 2);
  CHECK(sink.diagnostics()[0].code == DiagCode::kEvidenceHashMismatch);
  CHECK(sink.diagnostics()[0].location.line == 5);
  CHECK(sink.diagnostics()[1].code == DiagCode::kEvidenceFileMissing);
}

TEST_CASE("waivers: applied until they expire, never approved by the vendor or the requester") {
  test::TempDir dir;
  auto waiver = [&](std::string approver, std::string org, std::string expires) {
    return dir.File(
        "w.yaml",
        "waivers:\n  - rule: a.fail\n    justification: migrating\n    requested_by: V. Dev\n"
        "    approver: " +
            approver + "\n    approver_organisation: " + org + "\n    expires: " + expires + "\n");
  };
  DiagnosticSink sink;
  auto ok = LoadReview(waiver("A. Auditor", "Cert Body", "2027-03-31"), sink);
  REQUIRE(ok);
  AuditResult r = Audit();
  r.findings[0].outcome = Outcome::kPass;
  ApplyReview(r, *ok, "2026-11-24", sink);
  CHECK(r.findings[1].outcome == Outcome::kWaived);
  CHECK(r.findings[1].message.rfind("waived until 2027-03-31 by A. Auditor (Cert Body): migrating",
                                    0) == 0);
  CHECK(r.waivers.size() == 1);
  CHECK(r.certification.decision == "certified");

  AuditResult late = Audit();
  ApplyReview(late, *ok, "2027-04-01", sink);
  CHECK(late.findings[1].outcome == Outcome::kFail);
  CHECK(late.findings[1].message.find("a waiver expired on 2027-03-31 and no longer applies") !=
        std::string::npos);
  CHECK(sink.diagnostics().back().code == DiagCode::kWaiverExpired);

  DiagnosticSink vendor_sink;
  auto vendor = LoadReview(waiver("V. Boss", "Vendor K.K.", "2027-03-31"), vendor_sink);
  REQUIRE(vendor);
  AuditResult v = Audit();
  ApplyReview(v, *vendor, "2026-11-24", vendor_sink);
  CHECK(v.findings[1].outcome == Outcome::kFail);
  CHECK(
      Diags(vendor_sink).find("dual control: a waiver cannot be approved by the audited vendor") !=
      std::string::npos);

  DiagnosticSink self_sink;
  CHECK(!LoadReview(waiver("V. Dev", "Cert Body", "2027-03-31"), self_sink));
  CHECK(Diags(self_sink).find("the approver must not be the person who requested the waiver") !=
        std::string::npos);
}
