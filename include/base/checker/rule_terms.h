#pragma once
// The terms a rule and its findings share: texts in two languages, levels, severities, check
// types and citations. Results carry them, so they belong to base (docs/architecture.md): a
// report writer reads them without seeing the rule model.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace checker {

enum class Language : uint8_t { kJa, kEn };

/// Text in Japanese and English. Get() falls back to the other language when one is empty.
struct LocalizedText {
  std::string ja;
  std::string en;
  const std::string& Get(Language lang) const;
  bool empty() const { return ja.empty() && en.empty(); }
};

enum class Level : uint8_t { kMust, kShould, kMay };
std::string_view LevelName(Level l);  // "must", "should", "may"
std::optional<Level> ParseLevel(std::string_view s);

enum class RuleSeverity : uint8_t { kCritical, kHigh, kMedium, kLow, kInfo };
std::string_view RuleSeverityName(RuleSeverity s);
std::optional<RuleSeverity> ParseRuleSeverity(std::string_view s);

enum class CheckType : uint8_t { kManifest, kHttp, kTls, kDocument, kAttestation, kGrayzone };
std::string_view CheckTypeName(CheckType t);
std::optional<CheckType> ParseCheckType(std::string_view s);

/// Where a requirement comes from: the guideline or law and its section or article.
struct Citation {
  std::string document;      // e.g. "MHLW Guideline 6.0 (System Operation)"
  std::string section;       // e.g. "14①" or "Art. 27(1)"
  std::string url;           // optional
  bool unconfirmed = false;  // `confidence: unconfirmed`: the source facts do not confirm it

  /// "document section", with " [unconfirmed]" when the citation is not confirmed.
  std::string Label() const {
    std::string s = section.empty() ? document : document + " " + section;
    return unconfirmed ? s + " [unconfirmed]" : s;
  }
};

}  // namespace checker
