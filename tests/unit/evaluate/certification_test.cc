#include <catch2/catch.hpp>

#include "checker/audit.h"

using namespace checker;

namespace {

Finding F(const std::string& category, Level level, Outcome outcome) {
  Finding f;
  f.rule_id = category + "." + std::string(OutcomeName(outcome));
  f.category = category;
  f.level = level;
  f.outcome = outcome;
  return f;
}

}  // namespace

TEST_CASE("every must-rule passing, nothing pending: certified, A+") {
  auto c = Certify(
      {F("auth", Level::kMust, Outcome::kPass), F("logs", Level::kShould, Outcome::kPass),
       F("logs", Level::kMust, Outcome::kNotApplicable), F("x", Level::kMust, Outcome::kWaived)});
  CHECK(c.decision == CertDecision::kCertified);
  CHECK(c.grade == Grade::kAPlus);
  CHECK(c.score == 100);
  CHECK(c.category_scores.size() == 2);
}

TEST_CASE("a failing must-rule: not certified, and the grade is capped at C") {
  std::vector<Finding> f(40, F("auth", Level::kMust, Outcome::kPass));
  f.push_back(F("auth", Level::kMust, Outcome::kFail));
  auto c = Certify(f);
  CHECK(c.decision == CertDecision::kNotCertified);
  CHECK(c.score == 97.6);  // 120 of 123 points
  CHECK(c.grade == Grade::kC);
  CHECK(c.reasons == std::vector<std::string>{"1 must rule fails"});
}

TEST_CASE(
    "missing evidence on a must-rule: incomplete; should failures and pending items: conditional") {
  CHECK(Certify({F("a", Level::kMust, Outcome::kMissingEvidence)}).decision ==
        CertDecision::kIncomplete);
  CHECK(Certify({F("a", Level::kMust, Outcome::kError)}).grade == Grade::kF);
  auto c = Certify({F("a", Level::kMust, Outcome::kPass), F("a", Level::kShould, Outcome::kFail)});
  CHECK(c.decision == CertDecision::kConditional);
  CHECK(c.score == 60);  // 3 of 5 points
  CHECK(c.grade == Grade::kD);
  CHECK(Certify({F("a", Level::kMust, Outcome::kManual)}).decision == CertDecision::kConditional);
  CHECK(Certify({F("a", Level::kMust, Outcome::kLegalReview)}).decision ==
        CertDecision::kConditional);
}

TEST_CASE("the reasons count fail, missing evidence and error apart, per level") {
  auto c = Certify(
      {F("a", Level::kMust, Outcome::kFail), F("a", Level::kMust, Outcome::kFail),
       F("a", Level::kMust, Outcome::kMissingEvidence), F("b", Level::kMust, Outcome::kError),
       F("b", Level::kShould, Outcome::kError), F("b", Level::kShould, Outcome::kMissingEvidence),
       F("b", Level::kShould, Outcome::kMissingEvidence), F("c", Level::kShould, Outcome::kFail),
       F("c", Level::kMay, Outcome::kFail), F("c", Level::kMust, Outcome::kManual),
       F("c", Level::kShould, Outcome::kLegalReview)});
  CHECK(c.decision == CertDecision::kNotCertified);
  CHECK(c.reasons == std::vector<std::string>{"2 must rules fail", "1 must rule lacks evidence",
                                              "1 must rule errs", "1 should rule fails",
                                              "2 should rules lack evidence", "1 should rule errs",
                                              "1 attestation awaits a reviewer",
                                              "1 gray-zone question awaits a regulator"});
  // Without a failing must rule, the unknowns make the audit incomplete, and say which they are.
  auto unknown = Certify(
      {F("a", Level::kMust, Outcome::kError), F("a", Level::kShould, Outcome::kMissingEvidence)});
  CHECK(unknown.decision == CertDecision::kIncomplete);
  CHECK(unknown.reasons ==
        std::vector<std::string>{"1 must rule errs", "1 should rule lacks evidence"});
  // Missing evidence at should level is not a should rule that fails.
  auto should = Certify(
      {F("a", Level::kMust, Outcome::kPass), F("a", Level::kShould, Outcome::kMissingEvidence)});
  CHECK(should.decision == CertDecision::kConditional);
  CHECK(should.reasons == std::vector<std::string>{"1 should rule lacks evidence"});
}

TEST_CASE("category weights from the profile shape the overall score") {
  std::vector<Finding> f = {F("auth", Level::kMust, Outcome::kPass),
                            F("logs", Level::kMust, Outcome::kFail)};
  CHECK(Certify(f).score == 50);
  CHECK(Certify(f, {{"auth", 3.0}}).score == 75);
}
