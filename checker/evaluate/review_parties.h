#pragma once
// The parts of a review file that name people, organisations and dates: declarations under
// `people:` and `organisations:`, references to them from waivers and attestations, and
// calendar-valid dates. review.cc reads the rest.

#include <optional>
#include <string>
#include <string_view>

#include "checker/document.h"
#include "checker/review.h"

namespace checker::evaluate {

/// Days since 1970-01-01 of a calendar-valid YYYY-MM-DD (2026-02-30 and 9999-99-99 are not).
std::optional<long> CalendarDay(std::string_view date);

/// Reads `people:` and `organisations:` into `review`: ids unique, names readable identities,
/// no identity declared twice under two ids, a person's organisation a declared one. False on
/// error.
bool ReadParties(const Document& doc, Review& review, DiagnosticSink& sink);

/// Refuses keys of a review item other than `known` (a name with an unquoted comma in a flow
/// mapping is cut there by YAML, and its tail becomes a key). False if any was found.
bool OnlyKnownKeys(const Document& doc, const Node& item,
                   std::initializer_list<std::string_view> known, std::string_view what,
                   DiagCode code, DiagnosticSink& sink);

/// The name a waiver or attestation gives for a person: the declared person's name when the file
/// declares people (an unknown id is an error), else the text itself, which must be a readable
/// identity. `organisation` receives a declared person's organisation. nullopt on error.
std::optional<std::string> ResolvePerson(const Review& review, const std::string& ref,
                                         SourceLocation where, std::string_view field,
                                         std::string* organisation, DiagnosticSink& sink);

/// Likewise for an organisation (`organisations:` declared: an id).
std::optional<std::string> ResolveOrganisation(const Review& review, const std::string& ref,
                                               SourceLocation where, std::string_view field,
                                               DiagnosticSink& sink);

}  // namespace checker::evaluate
