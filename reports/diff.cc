#include "checker/diff.h"

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "checker/safe_text.h"

#include "reports/text.h"

namespace checker {

namespace {

std::string EvidenceKey(const Finding& f) {
  std::string k;
  for (const auto& e : f.evidence) k += e.path + "=" + e.value + "\n";
  return k;
}

}  // namespace

bool AuditDiff::regression() const {
  // Decision runs from best to worst.
  return !new_failures.empty() || decision_after > decision_before;
}

AuditDiff DiffAudits(const AuditResult& before, const AuditResult& after) {
  AuditDiff d;
  d.decision_before = before.certification.decision;
  d.decision_after = after.certification.decision;
  d.grade_before = before.certification.grade;
  d.grade_after = after.certification.grade;
  std::map<std::string, const Finding*> old;
  for (const auto& f : before.findings) old[f.rule_id] = &f;
  for (const auto& f : after.findings) {
    auto it = old.find(f.rule_id);
    if (it == old.end()) {
      d.added_rules.push_back(f.rule_id);
      if (IsFailing(f.outcome))
        d.new_failures.push_back(
            {f.rule_id, f.title.Get(Language::kEn), Outcome::kNotApplicable, f.outcome, f.message});
      continue;
    }
    const Finding& o = *it->second;
    FindingChange c{f.rule_id, f.title.Get(Language::kEn), o.outcome, f.outcome, f.message};
    if (o.outcome == f.outcome) {
      if (EvidenceKey(o) != EvidenceKey(f)) d.evidence_changed.push_back(c);
    } else if (IsFailing(f.outcome) && !IsFailing(o.outcome)) {
      d.new_failures.push_back(c);
    } else if (IsFailing(o.outcome) && !IsFailing(f.outcome)) {
      d.fixed.push_back(c);
    } else {
      d.changed.push_back(c);
    }
    old.erase(it);
  }
  for (const auto& [id, f] : old) d.removed_rules.push_back(id);
  return d;
}

std::string RenderDiffText(const AuditDiff& d) {
  std::ostringstream out;
  out << "decision: " << DecisionName(d.decision_before) << " -> " << DecisionName(d.decision_after)
      << " (grade " << GradeName(d.grade_before) << " -> " << GradeName(d.grade_after) << ")\n";
  auto section = [&](const char* name, const std::vector<FindingChange>& list) {
    if (list.empty()) return;
    out << name << " (" << list.size() << "):\n";
    for (const auto& c : list)
      out << "  " << TerminalSafe(c.rule_id) << ": " << OutcomeName(c.before) << " -> "
          << OutcomeName(c.after) << "  " << TerminalSafe(c.message) << "\n";
  };
  section("new failures", d.new_failures);
  section("fixed", d.fixed);
  section("other changes", d.changed);
  section("evidence changed", d.evidence_changed);
  for (const auto& r : d.added_rules) out << "rule added: " << TerminalSafe(r) << "\n";
  for (const auto& r : d.removed_rules) out << "rule removed: " << TerminalSafe(r) << "\n";
  out << (d.regression() ? "regression\n" : "no regression\n");
  return out.str();
}

std::string RenderDiffJson(const AuditDiff& d) {
  using Json = nlohmann::ordered_json;
  auto list = [](const std::vector<FindingChange>& l) {
    Json a = Json::array();
    for (const auto& c : l)
      a.push_back({{"rule_id", c.rule_id},
                   {"title", c.title},
                   {"before", OutcomeName(c.before)},
                   {"after", OutcomeName(c.after)},
                   {"message", c.message}});
    return a;
  };
  Json doc{
      {"format", "checker-diff"},
      {"format_version", 1},
      {"decision",
       {{"before", DecisionName(d.decision_before)}, {"after", DecisionName(d.decision_after)}}},
      {"grade", {{"before", GradeName(d.grade_before)}, {"after", GradeName(d.grade_after)}}},
      {"new_failures", list(d.new_failures)},
      {"fixed", list(d.fixed)},
      {"changed", list(d.changed)},
      {"evidence_changed", list(d.evidence_changed)},
      {"added_rules", d.added_rules},
      {"removed_rules", d.removed_rules},
      {"regression", d.regression()}};
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string RenderDiffMarkdown(const AuditDiff& d) {
  using reports::EscapeMarkdown;
  std::ostringstream out;
  out << "# Audit comparison\n\n**Decision:** " << EscapeMarkdown(DecisionName(d.decision_before))
      << " → " << EscapeMarkdown(DecisionName(d.decision_after)) << " (grade "
      << EscapeMarkdown(GradeName(d.grade_before)) << " → "
      << EscapeMarkdown(GradeName(d.grade_after)) << ")"
      << (d.regression() ? " — **regression**" : "") << "\n";
  auto section = [&](const char* name, const std::vector<FindingChange>& list) {
    if (list.empty()) return;
    out << "\n## " << name << "\n\n| rule | before | after | why |\n|---|---|---|---|\n";
    for (const auto& c : list)
      // Not a code span: in a table cell a `|` would need a backslash that CommonMark then
      // shows inside the span; escaped text reads the same in both readers.
      out << "| " << EscapeMarkdown(c.rule_id) << " | " << OutcomeName(c.before) << " | "
          << OutcomeName(c.after) << " | " << EscapeMarkdown(c.message) << " |\n";
  };
  section("New failures", d.new_failures);
  section("Fixed", d.fixed);
  section("Other changes", d.changed);
  section("Evidence changed", d.evidence_changed);
  return out.str();
}

}  // namespace checker
