// Running rule fixtures. A fixture gives a manifest fragment (for manifest and gray-zone rules,
// and for the applies_when of any rule) and, for endpoint rules, the observation document the
// check's expression sees (`response` for http and document checks, `tls` for tls checks).

#include "checker/fixtures.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "checker/audit.h"
#include "checker/dates.h"
#include "checker/document.h"

namespace checker {

namespace {

constexpr std::string_view kFixtureKeys[] = {"rule", "expect", "manifest", "response",
                                             "tls",  "name",   "today"};

Outcome Decide(const Rule& rule, const Document& manifest, const Node* observation,
               const EvalOptions& eval, std::string* message) {
  const Check& check = *rule.check;
  bool probe = check.type == CheckType::kHttp || check.type == CheckType::kTls ||
               check.type == CheckType::kDocument;
  if (!probe) {
    Decision d = DecideRule(rule, manifest, nullptr, eval);
    *message = d.message;
    return d.outcome;
  }
  if (rule.applies_when) {
    EvalResult r = rule.applies_when->Evaluate(manifest.root, eval);
    if (r.status == EvalStatus::kFalse) return Outcome::kNotApplicable;
    if (r.status != EvalStatus::kTrue) return Outcome::kMissingEvidence;
  }
  if (observation == nullptr) {
    *message = "the fixture gives no observation (response or tls)";
    return Outcome::kMissingEvidence;
  }
  EvalResult r = check.expect->Evaluate(*observation, eval);
  switch (r.status) {
    case EvalStatus::kTrue:
      return Outcome::kPass;
    case EvalStatus::kFalse:
    case EvalStatus::kMissing:
      return Outcome::kFail;
    case EvalStatus::kError:
      *message = r.error;
      return Outcome::kError;
  }
  return Outcome::kError;
}

void RunFile(const RuleSet& rules, const std::string& path, FixtureRun& run, DiagnosticSink& sink) {
  auto doc = LoadDocument(path, DocumentLimits{}, sink);
  if (!doc) return;
  const Node* list = doc->root.Find("fixtures");
  if (list == nullptr || !list->is_list()) {
    sink.Error(
        DiagCode::kMissingField, doc->Locate(doc->root.position),
        "a fixture file holds 'fixtures:', a list of {rule, expect, manifest, response, tls}");
    return;
  }
  for (const auto& item : list->items) {
    SourceLocation where = doc->Locate(item.position);
    if (!item.is_map()) {
      sink.Error(DiagCode::kWrongType, where, "a fixture must be a mapping");
      continue;
    }
    for (const auto& m : item.members)
      if (std::find(std::begin(kFixtureKeys), std::end(kFixtureKeys), m.key) ==
          std::end(kFixtureKeys))
        sink.Error(DiagCode::kUnknownKey, doc->Locate(m.key_position),
                   "unknown key '" + m.key + "' in fixture");
    const Node* rule_id = item.Find("rule");
    const Node* expect = item.Find("expect");
    if (rule_id == nullptr || expect == nullptr) {
      sink.Error(DiagCode::kMissingField, where, "a fixture needs 'rule' and 'expect'");
      continue;
    }
    const Rule* rule = rules.FindRule(rule_id->text);
    if (rule == nullptr) {
      sink.Error(DiagCode::kUnknownReference, doc->Locate(rule_id->position),
                 "fixture for unknown rule '" + rule_id->text + "'");
      continue;
    }
    auto expected = ParseOutcome(expect->text);
    if (!expected) {
      sink.Error(DiagCode::kInvalidValue, doc->Locate(expect->position),
                 "invalid expected outcome '" + expect->text + "'");
      continue;
    }
    Document manifest;
    manifest.source_name = doc->source_name;
    if (const Node* m = item.Find("manifest")) manifest.root = *m;
    const Node* observation = item.Find(rule->check->type == CheckType::kTls ? "tls" : "response");
    // A fixed audit date, so that fixtures with dates do not rot as the calendar moves on.
    EvalOptions eval;
    eval.today = kFixtureAuditDate;
    if (const Node* today = item.Find("today")) {
      if (!IsIsoDate(today->text)) {
        sink.Error(DiagCode::kInvalidDate, doc->Locate(today->position),
                   "'today' must be a date YYYY-MM-DD, found '" + today->text + "'");
        continue;
      }
      eval.today = today->text;
    }
    FixtureResult r;
    r.rule_id = rule->id;
    r.location = where;
    r.expected = *expected;
    r.actual = Decide(*rule, manifest, observation, eval, &r.message);
    run.results.push_back(std::move(r));
  }
}

}  // namespace

size_t FixtureRun::failures() const {
  return static_cast<size_t>(std::count_if(results.begin(), results.end(),
                                           [](const FixtureResult& r) { return !r.ok(); })) +
         rules_without_pass.size() + rules_without_fail.size();
}

FixtureRun RunRuleFixtures(const RuleSet& rules, DiagnosticSink& sink) {
  namespace fs = std::filesystem;
  FixtureRun run;
  std::set<std::string> dirs;
  for (const auto& p : rules.packs()) dirs.insert(p.directory);
  for (const auto& dir : dirs) {
    fs::path fixtures = fs::path(dir) / "fixtures";
    std::error_code ec;
    if (!fs::is_directory(fixtures, ec)) continue;
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(fixtures, ec))
      if (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml")
        files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) RunFile(rules, f, run, sink);
  }
  std::set<std::string> passing, failing;
  for (const auto& r : run.results) {
    if (!r.ok()) continue;
    bool positive = r.expected == Outcome::kPass || r.expected == Outcome::kNotApplicable;
    bool negative = r.expected == Outcome::kFail || r.expected == Outcome::kLegalReview;
    if (positive) passing.insert(r.rule_id);
    if (negative) failing.insert(r.rule_id);
  }
  for (const auto& rule : rules.rules()) {
    if (rule.check->type == CheckType::kAttestation) continue;
    if (!passing.count(rule.id)) run.rules_without_pass.push_back(rule.id);
    if (!failing.count(rule.id)) run.rules_without_fail.push_back(rule.id);
  }
  return run;
}

}  // namespace checker
