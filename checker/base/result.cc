#include "checker/result.h"

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

}  // namespace

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

uint32_t OutcomeCounts::Count(Outcome o) const {
  auto it = by_outcome.find(o);
  return it == by_outcome.end() ? 0 : it->second;
}

}  // namespace checker
