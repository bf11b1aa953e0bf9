#pragma once
// The rule model: packs of rules read from YAML (docs/rule-format.md), shared check definitions
// (crosswalk: one check cited by rules of several guidelines) and profiles (named baselines).
// Plain values, immutable once loaded; a RuleSet can be shared by concurrent audits.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checker/diagnostic.h"
#include "checker/expr.h"
#include "checker/node.h"
#include "checker/rule_terms.h"

namespace checker {

/// The request an `http` or `document` check makes (docs/probes.md).
struct ProbeRequest {
  std::string method = "GET";
  std::string path = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string scheme = "https";  // "http" probes the endpoint's plain-HTTP address
  bool follow_redirects = false;
};

/// A rule's own sentence for one failing condition (docs/rule-format.md, "Reasons"). `key` is the
/// path the condition reads, list indices written [*] ("cookies[*].secure"), or the condition as
/// written ("c.secure"). The texts may use {value} {path} {item} {expected} {header} {endpoint}.
struct ReasonTemplate {
  std::string key;
  LocalizedText text;
  SourceLocation location;
};

/// A check: how a rule's requirement is decided. Manifest, gray-zone, http, tls and document
/// checks carry a compiled expression (over the manifest, or over a probe's observation);
/// every check keeps its mapping as written in `spec`.
struct Check {
  std::string id;  // set for shared (crosswalk) checks, empty for inline ones
  CheckType type = CheckType::kManifest;
  std::optional<Expression> expect;  // kGrayzone: the triggering facts; others: the requirement
  Node spec;                         // the whole check mapping as written
  ProbeRequest request;              // kHttp, kDocument
  std::vector<std::string> endpoint_purposes;  // kHttp, kTls: which endpoints (empty = all)
  std::string url_path;                 // kDocument: the manifest path holding the URL to fetch
  std::string description;              // what the check looks at, for reports
  std::vector<ReasonTemplate> reasons;  // sentences for failing conditions, by path
  SourceLocation location;
};

/// A rule's declaration that the absence of its evidence is itself a violation (`absent:` in a
/// rule, docs/rule-format.md "Absence"). Without it, a rule whose check needs an absent manifest
/// path is `missing_evidence`; with it, the rule fails and its finding says so, naming the paths.
/// Only the check's paths count: an absent path of `applies_when` stays `missing_evidence`.
struct AbsenceVerdict {
  LocalizedText reason;  // why absence fails, e.g. "an undeclared contact cannot be reached"
  SourceLocation location;
};

struct Rule {
  std::string id;  // stable, unique across all loaded packs, e.g. "mhlw6.auth.mfa"
  std::string pack_id;
  LocalizedText title;
  LocalizedText description;
  std::vector<Citation> citations;
  Level level = Level::kMust;
  RuleSeverity severity = RuleSeverity::kMedium;
  std::string category;  // for scoring, e.g. "authentication"
  std::optional<Expression> applies_when;
  const Check* check = nullptr;  // owned by the RuleSet (shared checks are shared)
  LocalizedText remediation;
  std::vector<std::string> tags;
  std::string confidence;  // "confirmed" (default) or "unconfirmed" per the source facts
  std::optional<AbsenceVerdict> absent;  // set: absent check evidence fails the rule
  SourceLocation location;
};

struct PackSource {
  std::string document;  // the guideline's title
  std::string edition;   // e.g. "6.0"
  std::string url;
};

struct Pack {
  std::string id;
  std::string version;
  LocalizedText title;
  std::string issuer;
  PackSource source;
  std::string effective_date;         // ISO 8601 date
  std::vector<std::string> rule_ids;  // in file order
  std::string directory;              // folder the pack was loaded from (for fixtures)
  std::string sha256;                 // of the pack file's bytes, for report provenance
  SourceLocation location;
};

/// Selects rules for a profile. A rule is selected when any selector matches it.
struct Selector {
  enum class By : uint8_t { kPack, kRule, kTag, kCategory };
  By by = By::kPack;
  std::string value;
  SourceLocation location;
};

struct LevelOverride {
  std::string rule_id;
  Level level = Level::kMust;
  SourceLocation location;
};

struct Profile {
  std::string id;  // e.g. "phr-service"
  LocalizedText title;
  LocalizedText description;  // who it is for
  std::vector<Selector> include;
  std::vector<Selector> exclude;
  std::vector<LevelOverride> overrides;
  std::map<std::string, double> category_weights;  // for scoring; empty = equal weights
  SourceLocation location;
};

/// A rule chosen for an audit, with the level the profile gives it.
struct SelectedRule {
  const Rule* rule = nullptr;
  Level level = Level::kMust;
};

}  // namespace checker
