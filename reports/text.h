#pragma once
// Escaping for the formats reports are written in. Every vendor-controlled string (manifest values,
// header values, body excerpts, certificate fields) passes through one of these.

#include <string>
#include <string_view>

#include "checker/result.h"

namespace checker::reports {

/// The order in which every human format lists outcomes: what needs action first.
inline constexpr Outcome kOutcomeOrder[] = {
    Outcome::kFail,   Outcome::kError,        Outcome::kMissingEvidence,
    Outcome::kManual, Outcome::kLegalReview,  Outcome::kWaived,
    Outcome::kPass,   Outcome::kNotApplicable};

std::string EscapeHtml(std::string_view s);  // & < > " ' and control characters
std::string EscapeMarkdown(
    std::string_view s);  // HTML-escaped, then Markdown punctuation and | and newlines
std::string Base64(std::string_view bytes);
/// "sha256-..." source expression for a Content-Security-Policy hash of `text`.
std::string CspHash(std::string_view text);

}  // namespace checker::reports
