#include "checker/result.h"

#include <algorithm>
#include <array>
#include <utility>

namespace checker {

namespace {

constexpr std::array<std::pair<Outcome, std::string_view>, 8> kOutcomes{{
    {Outcome::kPass, "pass"},
    {Outcome::kFail, "fail"},
    {Outcome::kNotApplicable, "not_applicable"},
    {Outcome::kMissingEvidence, "missing_evidence"},
    {Outcome::kError, "error"},
    {Outcome::kManual, "manual"},
    {Outcome::kLegalReview, "legal_review"},
    {Outcome::kWaived, "waived"},
}};

constexpr std::array<std::pair<CertDecision, std::string_view>, 4> kDecisions{{
    {CertDecision::kCertified, "certified"},
    {CertDecision::kConditional, "conditional"},
    {CertDecision::kIncomplete, "incomplete"},
    {CertDecision::kNotCertified, "not_certified"},
}};

constexpr std::array<std::pair<Grade, std::string_view>, 6> kGrades{{
    {Grade::kAPlus, "A+"},
    {Grade::kA, "A"},
    {Grade::kB, "B"},
    {Grade::kC, "C"},
    {Grade::kD, "D"},
    {Grade::kF, "F"},
}};

template <typename T, size_t N>
std::string_view NameIn(const std::array<std::pair<T, std::string_view>, N>& table, T value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return table.back().second;
}

template <typename T, size_t N>
std::optional<T> ParseIn(const std::array<std::pair<T, std::string_view>, N>& table,
                         std::string_view s) {
  for (const auto& [v, name] : table)
    if (name == s) return v;
  return std::nullopt;
}

}  // namespace

std::string_view DecisionName(CertDecision d) { return NameIn(kDecisions, d); }
std::optional<CertDecision> ParseDecision(std::string_view s) { return ParseIn(kDecisions, s); }
std::string_view GradeName(Grade g) { return NameIn(kGrades, g); }
std::optional<Grade> ParseGrade(std::string_view s) { return ParseIn(kGrades, s); }

std::string_view OutcomeName(Outcome o) {
  for (const auto& [value, name] : kOutcomes)
    if (value == o) return name;
  return "error";
}

std::optional<Outcome> ParseOutcome(std::string_view s) {
  for (const auto& [value, name] : kOutcomes)
    if (name == s) return value;
  return std::nullopt;
}

std::string_view ClaimStatusName(ClaimStatus s) {
  switch (s) {
    case ClaimStatus::kConfirmed:
      return "confirmed";
    case ClaimStatus::kContradicted:
      return "contradicted";
    case ClaimStatus::kDeclared:
      break;
  }
  return "declared";
}

std::optional<ClaimStatus> ParseClaimStatus(std::string_view s) {
  for (ClaimStatus c :
       {ClaimStatus::kDeclared, ClaimStatus::kConfirmed, ClaimStatus::kContradicted})
    if (ClaimStatusName(c) == s) return c;
  return std::nullopt;
}

uint32_t OutcomeCounts::Count(Outcome o) const {
  auto it = by_outcome.find(o);
  return it == by_outcome.end() ? 0 : it->second;
}

bool FailsAt(const AuditResult& result, Level fail_on) {
  return std::any_of(result.findings.begin(), result.findings.end(), [fail_on](const Finding& f) {
    return IsFailing(f.outcome) && f.level <= fail_on;
  });
}

}  // namespace checker
