// Names of the rule model's enumerations, as written in rule packs and reports.

#include <array>
#include <utility>

#include "checker/rule_terms.h"

namespace checker {

namespace {

template <typename E, size_t N>
std::optional<E> Lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view s) {
  for (const auto& [e, name] : table)
    if (name == s) return e;
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [value, name] : table)
    if (value == e) return name;
  return "?";
}

constexpr std::array<std::pair<Level, std::string_view>, 3> kLevels{
    {{Level::kMust, "must"}, {Level::kShould, "should"}, {Level::kMay, "may"}}};
constexpr std::array<std::pair<RuleSeverity, std::string_view>, 5> kSeverities{
    {{RuleSeverity::kCritical, "critical"},
     {RuleSeverity::kHigh, "high"},
     {RuleSeverity::kMedium, "medium"},
     {RuleSeverity::kLow, "low"},
     {RuleSeverity::kInfo, "info"}}};
constexpr std::array<std::pair<CheckType, std::string_view>, 6> kCheckTypes{
    {{CheckType::kManifest, "manifest"},
     {CheckType::kHttp, "http"},
     {CheckType::kTls, "tls"},
     {CheckType::kDocument, "document"},
     {CheckType::kAttestation, "attestation"},
     {CheckType::kGrayzone, "grayzone"}}};

}  // namespace

const std::string& LocalizedText::Get(Language lang) const {
  const std::string& first = lang == Language::kJa ? ja : en;
  return first.empty() ? (lang == Language::kJa ? en : ja) : first;
}

std::string_view LevelName(Level l) { return NameOf(kLevels, l); }
std::optional<Level> ParseLevel(std::string_view s) { return Lookup(kLevels, s); }
std::string_view RuleSeverityName(RuleSeverity s) { return NameOf(kSeverities, s); }
std::optional<RuleSeverity> ParseRuleSeverity(std::string_view s) { return Lookup(kSeverities, s); }
std::string_view CheckTypeName(CheckType t) { return NameOf(kCheckTypes, t); }
std::optional<CheckType> ParseCheckType(std::string_view s) { return Lookup(kCheckTypes, s); }

}  // namespace checker
