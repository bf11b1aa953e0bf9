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

#include "evaluate/fixture_decision.h"

namespace checker {

namespace {

constexpr std::string_view kFixtureKeys[] = {"rule", "expect", "manifest", "response",
                                             "tls",  "name",   "today"};

void AddPaths(const EvalResult& r, std::vector<std::string>& out) {
  for (const auto& e : r.evidence)
    if (std::find(out.begin(), out.end(), e.path) == out.end()) out.push_back(e.path);
}

}  // namespace

namespace evaluate {

FixtureDecision DecideFixture(const Rule& rule, const Document& manifest, const Node* observation,
                              const EvalOptions& eval) {
  FixtureDecision out;
  const Check& check = *rule.check;
  bool probe = check.type == CheckType::kHttp || check.type == CheckType::kTls ||
               check.type == CheckType::kDocument;
  if (!probe) {
    Decision d = DecideRule(rule, manifest, nullptr, eval);
    out.message = d.message;
    out.outcome = d.outcome;
    for (const auto& e : d.evidence)
      if (std::find(out.manifest_paths.begin(), out.manifest_paths.end(), e.path) ==
          out.manifest_paths.end())
        out.manifest_paths.push_back(e.path);
    return out;
  }
  if (rule.applies_when) {
    EvalResult r = rule.applies_when->Evaluate(manifest.root, eval);
    AddPaths(r, out.manifest_paths);
    if (r.status == EvalStatus::kFalse) {
      out.outcome = Outcome::kNotApplicable;
      return out;
    }
    if (r.status != EvalStatus::kTrue) {
      out.outcome = Outcome::kMissingEvidence;
      out.message =
          r.status == EvalStatus::kMissing ? "applies_when needs " + r.missing_paths[0] : r.error;
      return out;
    }
  }
  if (observation == nullptr) {
    out.message = "the fixture gives no observation (response or tls)";
    out.outcome = Outcome::kMissingEvidence;
    return out;
  }
  EvalResult r = check.expect->Evaluate(*observation, eval);
  AddPaths(r, out.observation_paths);
  switch (r.status) {
    case EvalStatus::kTrue:
      out.outcome = Outcome::kPass;
      break;
    case EvalStatus::kFalse:
      out.outcome = Outcome::kFail;
      break;
    case EvalStatus::kMissing:  // an absent field of a response is an absent feature
      out.outcome = Outcome::kFail;
      out.message = "the observation lacks " + r.missing_paths[0];
      break;
    case EvalStatus::kError:
      out.message = r.error;
      out.outcome = Outcome::kError;
      break;
  }
  return out;
}

}  // namespace evaluate

namespace {

void RunFile(const RuleSet& rules, const std::string& path, const ManifestSchema* schema,
             FixtureRun& run, DiagnosticSink& sink) {
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
    if (const Node* m = item.Find("manifest")) {
      manifest.root = *m;
      if (schema != nullptr) {
        SchemaCheckOptions strict;
        strict.strict = true;
        schema->Check(*m, doc->source_name, strict, sink);
      }
    }
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
    evaluate::FixtureDecision decided = evaluate::DecideFixture(*rule, manifest, observation, eval);
    r.actual = decided.outcome;
    r.message = decided.message;
    // The outcomes a vendor wants (pass, or a rule or question that does not apply) are where
    // absent evidence could wrongly help: each is the base of absence cases.
    if (r.ok() && (r.expected == Outcome::kPass || r.expected == Outcome::kNotApplicable)) {
      for (auto& c : GenerateAbsenceCases(*rule, manifest, observation, eval)) {
        c.location = where;
        run.absence_cases.push_back(std::move(c));
      }
    }
    run.results.push_back(std::move(r));
  }
}

}  // namespace

size_t FixtureRun::failures() const {
  return static_cast<size_t>(std::count_if(results.begin(), results.end(),
                                           [](const FixtureResult& r) { return !r.ok(); })) +
         static_cast<size_t>(std::count_if(absence_cases.begin(), absence_cases.end(),
                                           [](const AbsenceCase& c) { return !c.ok; })) +
         rules_without_pass.size() + rules_without_fail.size();
}

FixtureRun RunRuleFixtures(const RuleSet& rules, DiagnosticSink& sink,
                           const ManifestSchema* schema) {
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
    for (const auto& f : files) RunFile(rules, f, schema, run, sink);
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
