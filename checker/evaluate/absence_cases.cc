// Absence cases: absent evidence never passes. From each passing fixture, every path the rule
// read is removed in turn and the rule decided again; only `missing_evidence` (or the verdict the
// rule declares for absence, or for an observation field `fail`) is right, or a pass that other
// evidence decided (`x || y` with y present).

#include <algorithm>

#include "checker/fixtures.h"

#include "evaluate/fixture_decision.h"

namespace checker {

namespace {

// One step of an evaluation path: a map key, or a list index (`index` >= 0).
struct Step {
  std::string key;
  long index = -1;
};

// Splits "a.b[\"k\"][2].c" into steps; false for a projection ("[*]") or a malformed path.
bool SplitPath(std::string_view path, std::vector<Step>& steps) {
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      ++i;
      continue;
    }
    if (path[i] == '[') {
      if (path.compare(i, 2, "[\"") == 0) {
        size_t end = path.find("\"]", i + 2);
        if (end == std::string_view::npos) return false;
        steps.push_back({std::string(path.substr(i + 2, end - i - 2)), -1});
        i = end + 2;
        continue;
      }
      size_t end = path.find(']', i);
      if (end == std::string_view::npos || end == i + 1) return false;
      std::string_view digits = path.substr(i + 1, end - i - 1);
      if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
      steps.push_back({"", std::stol(std::string(digits))});
      i = end + 1;
      continue;
    }
    size_t end = path.find_first_of(".[", i);
    if (end == std::string_view::npos) end = path.size();
    steps.push_back({std::string(path.substr(i, end - i)), -1});
    i = end;
  }
  return !steps.empty();
}

Node* Child(Node& n, const Step& s) {
  if (s.index >= 0) {
    if (!n.is_list() || static_cast<size_t>(s.index) >= n.items.size()) return nullptr;
    return &n.items[static_cast<size_t>(s.index)];
  }
  if (!n.is_map()) return nullptr;
  for (auto& m : n.members)
    if (m.key == s.key) return &m.value;
  return nullptr;
}

bool Under(std::string_view path, std::string_view removed) {
  return path.substr(0, removed.size()) == removed &&
         (path.size() == removed.size() || path[removed.size()] == '.' ||
          path[removed.size()] == '[');
}

// Whether exists() or default() turned the removed path's absence into a value where the rule
// was decided on the edited fixture.
bool AbsenceRead(const Rule& rule, const Document& manifest, const Node* observation,
                 const EvalOptions& eval, std::string_view removed) {
  std::vector<std::string> read;
  auto add = [&](const Expression& e, const Node& doc) {
    EvalResult r = e.Evaluate(doc, eval);
    read.insert(read.end(), r.absent_read.begin(), r.absent_read.end());
  };
  if (rule.applies_when) add(*rule.applies_when, manifest.root);
  const Check& check = *rule.check;
  if (check.expect) {
    bool on_manifest = check.type == CheckType::kManifest || check.type == CheckType::kGrayzone;
    if (on_manifest) add(*check.expect, manifest.root);
    if (!on_manifest && observation != nullptr) add(*check.expect, *observation);
  }
  return std::any_of(read.begin(), read.end(),
                     [&](const std::string& p) { return Under(p, removed); });
}

// Absent evidence may decide a rule only as missing evidence, as the declared absence verdict, or
// (an absent response field being an absent feature) as a probe failure. A pass is right only
// when other evidence decided it: the removed path's absence was not read by exists()/default().
bool Accepts(const Rule& rule, Outcome actual, bool from_observation, bool absence_read) {
  switch (actual) {
    case Outcome::kMissingEvidence:
      return true;
    case Outcome::kFail:
      return from_observation || rule.absent.has_value();
    case Outcome::kPass:
    case Outcome::kNotApplicable:
      return !absence_read;
    default:
      return false;
  }
}

// Member by member: GCC 12 at -O3 reports a false maybe-uninitialized in the location's string
// when an AbsenceCase is aggregate-initialised with an empty SourceLocation.
AbsenceCase MakeCase(const Rule& rule, const std::string& path, bool from_observation,
                     const evaluate::FixtureDecision& decision, bool ok) {
  AbsenceCase c;
  c.rule_id = rule.id;
  c.removed_path = path;
  c.from_observation = from_observation;
  c.actual = decision.outcome;
  c.message = decision.message;
  c.ok = ok;
  return c;
}

}  // namespace

bool RemovePath(Node& root, std::string_view path) {
  std::vector<Step> steps;
  if (!SplitPath(path, steps) || steps.back().index >= 0) return false;
  Node* parent = &root;
  for (size_t i = 0; i + 1 < steps.size(); ++i) {
    parent = Child(*parent, steps[i]);
    if (parent == nullptr) return false;
  }
  if (!parent->is_map()) return false;
  auto& members = parent->members;
  auto it = std::find_if(members.begin(), members.end(),
                         [&](const Member& m) { return m.key == steps.back().key; });
  if (it == members.end()) return false;
  members.erase(it);
  return true;
}

std::vector<AbsenceCase> GenerateAbsenceCases(const Rule& rule, const Document& manifest,
                                              const Node* observation, const EvalOptions& eval) {
  std::vector<AbsenceCase> cases;
  evaluate::FixtureDecision passing = evaluate::DecideFixture(rule, manifest, observation, eval);
  if (passing.outcome != Outcome::kPass && passing.outcome != Outcome::kNotApplicable) return cases;
  for (const auto& path : passing.manifest_paths) {
    Document without = manifest;
    if (!RemovePath(without.root, path)) continue;
    evaluate::FixtureDecision d = evaluate::DecideFixture(rule, without, observation, eval);
    bool read = (d.outcome == Outcome::kPass || d.outcome == Outcome::kNotApplicable) &&
                AbsenceRead(rule, without, observation, eval, path);
    cases.push_back(MakeCase(rule, path, false, d, Accepts(rule, d.outcome, false, read)));
  }
  if (observation == nullptr) return cases;
  for (const auto& path : passing.observation_paths) {
    Node without = *observation;
    if (!RemovePath(without, path)) continue;
    evaluate::FixtureDecision d = evaluate::DecideFixture(rule, manifest, &without, eval);
    bool read = (d.outcome == Outcome::kPass || d.outcome == Outcome::kNotApplicable) &&
                AbsenceRead(rule, manifest, &without, eval, path);
    cases.push_back(MakeCase(rule, path, true, d, Accepts(rule, d.outcome, true, read)));
  }
  return cases;
}

}  // namespace checker
