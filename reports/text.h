#pragma once
// Escaping for the formats reports are written in. Every vendor-controlled string (manifest values,
// header values, body excerpts, certificate fields) passes through one of these.

#include <optional>
#include <string>
#include <string_view>

#include "checker/result.h"

namespace checker::reports {

/// A citation as a reader sees it: "document section", then the unconfirmed mark in `lang`
/// ("[unconfirmed]", "[未確認]") when the guideline facts do not confirm it. Not escaped.
std::string CitationText(const Citation& c, Language lang);

/// The order in which every human format lists outcomes: what needs action first.
inline constexpr Outcome kOutcomeOrder[] = {
    Outcome::kFail,   Outcome::kError,        Outcome::kMissingEvidence,
    Outcome::kManual, Outcome::kLegalReview,  Outcome::kWaived,
    Outcome::kPass,   Outcome::kNotApplicable};

std::string EscapeHtml(std::string_view s);  // & < > " ' and control characters
std::string EscapeMarkdown(
    std::string_view s);  // HTML-escaped, then Markdown punctuation and | and newlines
/// A Markdown code span holding `s` as it is: CommonMark reads nothing inside one (no entity, no
/// backslash escape, no HTML, no link), so nothing is escaped; the fence is one backtick longer
/// than the longest run of backticks in `s`, and a space pads a value that starts or ends with a
/// backtick, so the value cannot close the span. Line breaks become spaces (CommonMark reads them
/// so) and characters XML forbids are replaced as in XmlSafe. "" for an empty value.
std::string MarkdownCode(std::string_view s);
/// A relative path used as a link (index page, SARIF locations): one that could read as a URL
/// scheme ("javascript:...") gets "./" in front. Not escaped.
std::string RelativeLink(std::string_view path);
/// The head of a page that runs no script (index page, case file): the report's style sheet,
/// admitted by hash under a `default-src 'none'` Content-Security-Policy. `title` is escaped here.
std::string ScriptlessPageHead(std::string_view lang, std::string_view title);
/// "sha256-..." source expression for a Content-Security-Policy hash of `text`.
std::string CspHash(std::string_view text);

}  // namespace checker::reports
