#pragma once
// What the gray-zone case file's two renderings (casefile.cc Markdown, casefile_html.cc HTML)
// share: the questions, the indexes of laws and authorities, and the fixed texts.

#include <string>
#include <utility>
#include <vector>

#include "checker/result.h"

namespace checker::reports::casefile {

/// The gray-zone findings, in report order: Q1, Q2, ...
std::vector<const Finding*> Questions(const AuditResult& r);

/// "law article", with the unconfirmed mark in the language's words.
std::string LawLabel(const Citation& law, Language lang);
/// "public identifier", with the unconfirmed mark.
std::string PrecedentLabel(const Precedent& p, Language lang);
/// "[unconfirmed]" / "[未確認]".
std::string UnconfirmedMark(Language lang);

/// Each label (in both languages) once, with the numbers (1-based) of the questions that give it,
/// in first-given order: the laws index and the authorities index.
using Index = std::vector<std::pair<LocalizedText, std::vector<size_t>>>;
Index LawsIndex(const std::vector<const Finding*>& questions);
Index AuthoritiesIndex(const std::vector<const Finding*>& questions);
std::string Numbers(const std::vector<size_t>& ns);  // "Q1, Q3"

/// Where a fact was read: manifest file:line:col, or the probe record.
std::string Where(const Evidence& e);
std::string ServiceName(const AuditResult& r);

/// The legal basis and course of the gray-zone resolution system (産業競争力強化法).
const LocalizedText& ProcedureText();
/// Said when the manifest has no service.description.
const LocalizedText& NoDescriptionText();

}  // namespace checker::reports::casefile
