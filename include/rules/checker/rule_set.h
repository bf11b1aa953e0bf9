#pragma once
// Loading rule packs: read (YAML -> plain items) -> collect (ids, crosswalk references,
// profiles) -> validate. Every problem becomes a positioned diagnostic and loading goes on, so
// `checker lint` reports all problems of all files in one run.

#include <deque>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "checker/diagnostic.h"
#include "checker/rule.h"
#include "checker/source.h"

namespace checker {

/// All loaded packs, shared checks, rules and profiles. Immutable after loading; pointers to its
/// rules and checks stay valid for its lifetime. Move-only (rules point at its checks).
class RuleSet {
 public:
  RuleSet() = default;
  RuleSet(RuleSet&&) = default;
  RuleSet& operator=(RuleSet&&) = default;
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  const std::deque<Pack>& packs() const { return packs_; }
  const std::deque<Rule>& rules() const { return rules_; }
  const std::deque<Check>& checks() const { return checks_; }
  const std::deque<Profile>& profiles() const { return profiles_; }

  const Rule* FindRule(std::string_view id) const;
  const Pack* FindPack(std::string_view id) const;
  const Profile* FindProfile(std::string_view id) const;
  const Check* FindSharedCheck(std::string_view id) const;
  /// Rules whose check is the shared check `check_id` (crosswalk: who one fix satisfies).
  std::vector<const Rule*> RulesUsingCheck(std::string_view check_id) const;

  /// The rules a profile selects, in load order, with the profile's level overrides applied.
  std::vector<SelectedRule> Select(const Profile& profile) const;
  /// Every rule of the given packs (all packs when empty) at its own level.
  std::vector<SelectedRule> SelectPacks(std::span<const std::string> pack_ids) const;

 private:
  friend class RuleSetBuilder;
  std::deque<Pack> packs_;
  std::deque<Check> checks_;
  std::deque<Rule> rules_;
  std::deque<Profile> profiles_;
  std::map<std::string, const Rule*, std::less<>> rule_index_;
  std::map<std::string, const Check*, std::less<>> check_index_;
};

struct LoadOptions {
  ExprLimits expr_limits;
};

/// Loads rule files given as text (packs, shared checks, profiles; each file says its `kind`).
/// Returns the rules that loaded cleanly; a rule with an error is left out and reported.
RuleSet LoadRuleSet(std::span<const SourceText> files, DiagnosticSink& sink,
                    const LoadOptions& options = {});

/// "; did you mean 'x'?" for the candidate closest to `word` (within a small edit distance), else
/// "": for messages about an unknown pack, profile, purpose or key.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

/// Finds every *.yaml / *.yml file under each path (a file or a folder, recursively, skipping
/// folders named `fixtures`), sorted by path, and reads them. Unreadable files are diagnostics.
std::vector<SourceText> ReadRuleFiles(std::span<const std::string> paths, DiagnosticSink& sink);

}  // namespace checker
