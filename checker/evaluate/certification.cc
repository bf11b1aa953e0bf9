// The certification decision, scores and grade (docs/certification.md): computed from findings
// alone, so a report re-rendered from its JSON gives the same decision.

#include <algorithm>
#include <cmath>
#include <tuple>

#include "checker/audit.h"

namespace checker {

namespace {

double LevelWeight(Level l) {
  switch (l) {
    case Level::kMust:
      return 3;
    case Level::kShould:
      return 2;
    case Level::kMay:
      return 1;
  }
  return 1;
}

// The grade follows the score, capped by the decision: a failing must-rule can never look like
// an A (at most C), nor can missing evidence on one (at most B); A+ needs a certification.
Grade GradeFor(double score, CertDecision decision) {
  Grade g = score >= 97   ? Grade::kAPlus
            : score >= 90 ? Grade::kA
            : score >= 80 ? Grade::kB
            : score >= 70 ? Grade::kC
            : score >= 60 ? Grade::kD
                          : Grade::kF;
  if (decision != CertDecision::kCertified) g = std::max(g, Grade::kA);
  if (decision == CertDecision::kIncomplete) g = std::max(g, Grade::kB);
  if (decision == CertDecision::kNotCertified) g = std::max(g, Grade::kC);
  return g;
}

}  // namespace

Certification Certify(const std::vector<Finding>& findings,
                      const std::map<std::string, double>& category_weights) {
  Certification c;
  std::map<std::string, std::pair<double, double>> earned_possible;
  // Counts of fail, missing_evidence and error, apart, at must and should level: a rule that was
  // not seen is not a rule that was seen to fail, and the reasons must not say it was.
  std::map<std::pair<Level, Outcome>, size_t> failing;
  size_t pending = 0, legal = 0;
  for (const auto& f : findings) {
    bool scored = f.outcome == Outcome::kPass || IsFailing(f.outcome);
    if (scored) {
      auto& [earned, possible] = earned_possible[f.category];
      possible += LevelWeight(f.level);
      if (f.outcome == Outcome::kPass) earned += LevelWeight(f.level);
    }
    if (f.level != Level::kMay && IsFailing(f.outcome)) ++failing[{f.level, f.outcome}];
    if (f.outcome == Outcome::kManual && f.level == Level::kMust) ++pending;
    if (f.outcome == Outcome::kLegalReview) ++legal;
  }
  double weighted = 0, weights = 0;
  for (const auto& [category, ep] : earned_possible) {
    double score = ep.second > 0 ? 100.0 * ep.first / ep.second : 100.0;
    c.category_scores[category] = std::round(score * 10) / 10;
    auto it = category_weights.find(category);
    double w = it == category_weights.end() ? 1.0 : it->second;
    weighted += w * score;
    weights += w;
  }
  c.score = weights > 0 ? std::round(weighted / weights * 10) / 10 : 100.0;
  auto n = [&](Level l, Outcome o) {
    auto it = failing.find({l, o});
    return it == failing.end() ? size_t{0} : it->second;
  };
  size_t must_failed = n(Level::kMust, Outcome::kFail);
  size_t must_unknown =
      n(Level::kMust, Outcome::kMissingEvidence) + n(Level::kMust, Outcome::kError);
  size_t should_failing = n(Level::kShould, Outcome::kFail) +
                          n(Level::kShould, Outcome::kMissingEvidence) +
                          n(Level::kShould, Outcome::kError);
  if (must_failed > 0) {
    c.decision = CertDecision::kNotCertified;
  } else if (must_unknown > 0) {
    c.decision = CertDecision::kIncomplete;
  } else if (should_failing > 0 || pending > 0 || legal > 0) {
    c.decision = CertDecision::kConditional;
  } else {
    c.decision = CertDecision::kCertified;
    c.reasons.push_back("every must rule passes, is waived or does not apply");
  }
  for (Level level : {Level::kMust, Level::kShould}) {
    for (auto [outcome, one, many] :
         {std::tuple{Outcome::kFail, "fails", "fail"},
          {Outcome::kMissingEvidence, "lacks evidence", "lack evidence"},
          {Outcome::kError, "errs", "err"}}) {
      size_t k = n(level, outcome);
      if (k == 0) continue;
      c.reasons.push_back(std::to_string(k) + " " + std::string(LevelName(level)) +
                          (k == 1 ? " rule " : " rules ") + (k == 1 ? one : many));
    }
  }
  auto count = [](size_t k, const char* one, const char* many) {
    return std::to_string(k) + " " + (k == 1 ? one : many);
  };
  if (pending > 0)
    c.reasons.push_back(
        count(pending, "attestation awaits a reviewer", "attestations await a reviewer"));
  if (legal > 0)
    c.reasons.push_back(count(legal, "gray-zone question awaits a regulator",
                              "gray-zone questions await a regulator"));
  c.grade = GradeFor(c.score, c.decision);
  return c;
}

}  // namespace checker
