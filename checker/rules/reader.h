#pragma once
// Stage one of loading: one rule file (already parsed as YAML) into plain items. Expressions are
// compiled here, where their positions are known; references between files are resolved later
// by the collector.

#include <optional>
#include <string>
#include <vector>

#include "checker/rule.h"

#include "rules/fields.h"

namespace checker::rules {

struct RuleItem {
  Rule rule;
  std::optional<Check> inline_check;
  Position id_position;
  std::string check_ref;  // for check: {ref: ID}
  Position ref_position;
  bool ok = true;
};

struct PackItem {
  Pack pack;
  Position id_position;
  std::vector<RuleItem> rules;
};

struct CheckItem {
  Check check;
  Position id_position;
  bool ok = true;
};

struct ProfileItem {
  Profile profile;
  Position id_position;
  bool ok = true;
};

struct FileItems {
  std::vector<PackItem> packs;
  std::vector<CheckItem> checks;
  std::vector<ProfileItem> profiles;
};

/// The levels a rule or a profile override may name.
inline constexpr std::string_view kLevelNames[] = {"must", "should", "may"};

void ReadRuleFile(FileContext& ctx, const ExprLimits& limits, FileItems& out);

/// Reads one entry of a profiles file (profile_reader.cc).
void ReadProfile(FileContext& ctx, const Node& node, FileItems& out);

/// Reads a check mapping (inline in a rule, or shared in a checks file).
std::optional<Check> ReadCheck(FileContext& ctx, const Node& node, bool shared,
                               const ExprLimits& limits);

/// Reads the laws, question, authority, facts needed, precedents and options of a gray-zone
/// check (grayzone_case.cc).
void ReadGrayzoneCase(FileContext& ctx, Fields& f);

}  // namespace checker::rules
