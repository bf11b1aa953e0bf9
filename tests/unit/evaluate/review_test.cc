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
  CHECK(r.certification.decision == CertDecision::kNotCertified);  // a.fail still fails
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
  CHECK(r.certification.decision == CertDecision::kCertified);

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

namespace {

std::string WaiverFile(const test::TempDir& dir, const std::string& requester,
                       const std::string& approver, const std::string& org,
                       const std::string& expires = "2027-03-31") {
  return dir.File("w.yaml",
                  "waivers:\n  - rule: a.fail\n    justification: migrating\n"
                  "    requested_by: \"" +
                      requester + "\"\n    approver: \"" + approver +
                      "\"\n    approver_organisation: \"" + org + "\"\n    expires: " + expires +
                      "\n");
}

}  // namespace

TEST_CASE("dual control: the requester approving under another spelling is refused") {
  test::TempDir dir;
  const char* spellings[] = {
      "sato ichiro",
      "Sato Ichiro ",
      "Sato  Ichiro",
      "\xEF\xBC\xB3\xEF\xBD\x81\xEF\xBD\x94\xEF\xBD\x8F Ichiro",  // fullwidth
      "Sato\xC2\xA0Ichiro",
      "Sa\xE2\x80\x8Bto Ichiro",
      "Sato Ichiro (Hinode)",
      "Sato\xE3\x80\x80Ichiro",
  };
  for (const char* approver : spellings) {
    INFO(approver);
    DiagnosticSink sink;
    CHECK_FALSE(LoadReview(WaiverFile(dir, "Sato Ichiro", approver, "Cert Body"), sink));
    CHECK(Diags(sink).find("dual control: the approver must not be the person who requested") !=
          std::string::npos);
  }
  DiagnosticSink sink;
  CHECK_FALSE(LoadReview(WaiverFile(dir, "Sato Ichiro", "Sat\xD0\xBE Ichiro", "Cert Body"), sink));
  CHECK(Diags(sink).find("mixes Latin and Cyrillic letters") != std::string::npos);
}

TEST_CASE("dual control: the vendor approving under another spelling is refused") {
  test::TempDir dir;
  for (const char* org : {"vendor k.k.", "Vendor  K.K. ", "VENDOR KK", "Vendor K.K. (Tokyo)",
                          "\xEF\xBC\xB6\xEF\xBD\x85ndor K.K."}) {
    INFO(org);
    DiagnosticSink sink;
    auto review = LoadReview(WaiverFile(dir, "V. Dev", "A. Auditor", org), sink);
    REQUIRE(review);
    AuditResult r = Audit();
    ApplyReview(r, *review, "2026-11-24", sink);
    CHECK(r.findings[1].outcome == Outcome::kFail);
    CHECK(Diags(sink).find("cannot be approved by the audited vendor") != std::string::npos);
  }
}

TEST_CASE("a waiver applies only when the manifest names its operator") {
  test::TempDir dir;
  DiagnosticSink sink;
  auto review = LoadReview(WaiverFile(dir, "V. Dev", "A. Auditor", "Cert Body"), sink);
  REQUIRE(review);
  AuditResult r = Audit();
  r.subject.operator_name.clear();
  ApplyReview(r, *review, "2026-11-24", sink);
  CHECK(r.findings[1].outcome == Outcome::kFail);
  CHECK(r.findings[1].message.find("the manifest does not name its operator") != std::string::npos);
  CHECK(Diags(sink).find("service.operator.name") != std::string::npos);
}

TEST_CASE("waiver dates are calendar dates, and a waiver runs at most --max-waiver-days") {
  test::TempDir dir;
  for (const char* bad : {"9999-99-99", "2026-02-30", "2027-13-01", "2027-04-31", "2027-00-10"}) {
    INFO(bad);
    DiagnosticSink sink;
    CHECK_FALSE(LoadReview(WaiverFile(dir, "V. Dev", "A. Auditor", "Cert Body", bad), sink));
    CHECK(Diags(sink).find("must be a calendar date") != std::string::npos);
  }
  DiagnosticSink leap;
  CHECK(LoadReview(WaiverFile(dir, "V. Dev", "A. Auditor", "Cert Body", "2028-02-29"), leap));

  for (const char* far : {"9999-12-31", "2027-11-26"}) {  // 367 days from 2026-11-24
    INFO(far);
    DiagnosticSink sink;
    auto review = LoadReview(WaiverFile(dir, "V. Dev", "A. Auditor", "Cert Body", far), sink);
    REQUIRE(review);
    AuditResult r = Audit();
    ApplyReview(r, *review, "2026-11-24", sink);
    CHECK(r.findings[1].outcome == Outcome::kFail);
    CHECK(Diags(sink).find("longer than the maximum of 366 days (--max-waiver-days)") !=
          std::string::npos);
  }
  DiagnosticSink sink;
  auto review =
      LoadReview(WaiverFile(dir, "V. Dev", "A. Auditor", "Cert Body", "2027-11-25"), sink);
  REQUIRE(review);
  AuditResult r = Audit();
  ApplyReview(r, *review, "2026-11-24", sink);
  CHECK(r.findings[1].outcome == Outcome::kWaived);  // exactly 366 days
  review->max_waiver_days = 30;
  AuditResult shorter = Audit();
  ApplyReview(shorter, *review, "2026-11-24", sink);
  CHECK(shorter.findings[1].outcome == Outcome::kFail);
}

TEST_CASE("a name with an unquoted comma in a flow mapping is refused, not cut") {
  test::TempDir dir;
  DiagnosticSink sink;
  CHECK_FALSE(LoadReview(dir.File("w.yaml",
                                  "waivers:\n  - {rule: a.fail, justification: j, requested_by: "
                                  "Sato, Ichiro, approver: A. Auditor, approver_organisation: C, "
                                  "expires: 2027-03-31}\n"),
                         sink));
  CHECK(Diags(sink).find("unknown key 'Ichiro' in a waiver") != std::string::npos);
  CHECK(Diags(sink).find("must be quoted") != std::string::npos);
}

TEST_CASE("people and organisations are declared once and referenced by id") {
  test::TempDir dir;
  std::string parties =
      "organisations:\n  - {id: cb, name: Cert Body}\n  - {id: vendor, name: Vendor K.K.}\n"
      "people:\n  - {id: auditor, name: A. Auditor, organisation: cb}\n"
      "  - {id: dev, name: V. Dev, organisation: vendor}\n"
      "  - {id: boss, name: V. Boss, organisation: vendor}\n";
  auto file = [&](const std::string& waiver) {
    return dir.File("w.yaml", parties + "waivers:\n  - rule: a.fail\n    justification: j\n" +
                                  waiver + "    expires: 2027-03-31\n");
  };
  DiagnosticSink sink;
  auto ok = LoadReview(file("    requested_by: dev\n    approver: auditor\n"), sink);
  INFO(Diags(sink));
  REQUIRE(ok);
  AuditResult r = Audit();
  ApplyReview(r, *ok, "2026-11-24", sink);
  CHECK(r.findings[1].outcome == Outcome::kWaived);
  CHECK(r.findings[1].message.rfind("waived until 2027-03-31 by A. Auditor (Cert Body)", 0) == 0);

  DiagnosticSink unknown;
  CHECK_FALSE(LoadReview(file("    requested_by: dev\n    approver: Yamada Taro\n"), unknown));
  CHECK(Diags(unknown).find("not an id declared under 'people'") != std::string::npos);

  DiagnosticSink vendor;
  auto by_vendor = LoadReview(file("    requested_by: dev\n    approver: boss\n"), vendor);
  REQUIRE(by_vendor);  // the organisation comes from the approver's declaration
  AuditResult v = Audit();
  ApplyReview(v, *by_vendor, "2026-11-24", vendor);
  CHECK(v.findings[1].outcome == Outcome::kFail);

  DiagnosticSink twice;
  CHECK_FALSE(
      LoadReview(dir.File("w.yaml",
                          "people:\n  - {id: a, name: Sato Ichiro}\n  - {id: b, name: sato  ICHIRO "
                          "(Hinode)}\n"),
                 twice));
  CHECK(Diags(twice).find("'b' and 'a' name the same person") != std::string::npos);
}
