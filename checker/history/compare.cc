// What changed between two recorded audits of a vendor, from their per-rule outcomes.

#include <map>

#include "checker/history.h"

namespace checker {

namespace {

std::string OutcomeText(const std::optional<Outcome>& o) {
  return o ? std::string(OutcomeName(*o)) : std::string("absent");
}

std::string RuleList(const std::vector<OutcomeChange>& changes, bool with_outcomes) {
  std::string out;
  for (const auto& c : changes) {
    out += (out.empty() ? "" : ", ") + c.rule_id + " (" + std::string(LevelName(c.level));
    if (with_outcomes) out += ", " + OutcomeText(c.before) + " -> " + OutcomeText(c.after);
    out += ")";
  }
  return out;
}

}  // namespace

bool AuditChanges::empty() const {
  return new_failures.empty() && fixed.empty() && other.empty() && pack_changes.empty() &&
         !decision_worse && !grade_worse && !decision_better && !grade_better;
}

AuditChanges CompareAudits(const AuditRecord& before, const std::vector<RuleOutcomeRecord>& b,
                           const AuditRecord& after, const std::vector<RuleOutcomeRecord>& a) {
  AuditChanges changes;
  // Decision and grade run from best to worst.
  changes.decision_worse = after.decision > before.decision;
  changes.decision_better = after.decision < before.decision;
  changes.grade_worse = after.grade > before.grade;
  changes.grade_better = after.grade < before.grade;
  std::map<std::string, const RuleOutcomeRecord*> old;
  for (const auto& r : b) old[r.rule_id] = &r;
  std::map<std::string, OutcomeChange> sorted;  // by rule id
  for (const auto& r : a) {
    auto it = old.find(r.rule_id);
    std::optional<Outcome> was;
    if (it != old.end()) {
      was = it->second->outcome;
      old.erase(it);
    }
    if (was == r.outcome) continue;
    sorted[r.rule_id] = {r.rule_id, r.level, was, r.outcome};
  }
  for (const auto& [id, r] : old) sorted[id] = {id, r->level, r->outcome, std::nullopt};
  for (auto& [id, c] : sorted) {
    bool failing_before = c.before && IsFailing(*c.before);
    bool failing_after = c.after && IsFailing(*c.after);
    if (failing_after && !failing_before)
      changes.new_failures.push_back(std::move(c));
    else if (failing_before && !failing_after && c.after)
      changes.fixed.push_back(std::move(c));
    else
      changes.other.push_back(std::move(c));
  }
  std::map<std::string, const RuleSource*> packs;
  for (const auto& p : before.rule_sources) packs[p.pack_id] = &p;
  for (const auto& p : after.rule_sources) {
    auto it = packs.find(p.pack_id);
    if (it == packs.end()) {
      changes.pack_changes.push_back(p.pack_id + " " + p.edition + " added");
      continue;
    }
    const RuleSource& o = *it->second;
    if (o.edition != p.edition || o.version != p.version)
      changes.pack_changes.push_back(p.pack_id + " " + o.edition + " (" + o.version + ") -> " +
                                     p.edition + " (" + p.version + ")");
    else if (o.sha256 != p.sha256)
      changes.pack_changes.push_back(p.pack_id + " changed without a new edition (hash)");
    packs.erase(it);
  }
  for (const auto& [id, p] : packs) changes.pack_changes.push_back(id + " removed");
  return changes;
}

std::vector<std::string> DescribeChanges(const AuditRecord& before, const AuditRecord& after,
                                         const AuditChanges& c) {
  std::vector<std::string> lines;
  if (before.decision != after.decision)
    lines.push_back("decision " + std::string(DecisionName(before.decision)) + " -> " +
                    std::string(DecisionName(after.decision)));
  if (before.grade != after.grade)
    lines.push_back("grade " + std::string(GradeName(before.grade)) + " -> " +
                    std::string(GradeName(after.grade)));
  if (!c.new_failures.empty())
    lines.push_back(std::to_string(c.new_failures.size()) +
                    " newly failing: " + RuleList(c.new_failures, true));
  if (!c.fixed.empty())
    lines.push_back(std::to_string(c.fixed.size()) + " fixed: " + RuleList(c.fixed, true));
  if (!c.other.empty())
    lines.push_back(std::to_string(c.other.size()) + " other changes: " + RuleList(c.other, true));
  for (const auto& p : c.pack_changes) lines.push_back("pack " + p);
  if (before.manifest_sha256 != after.manifest_sha256) lines.push_back("manifest changed");
  return lines;
}

}  // namespace checker
