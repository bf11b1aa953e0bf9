// Absent evidence never passes: the absence cases test-rules generates catch rules that pass (or
// stop applying) when a vendor leaves a field out, and a rule's `absent` declaration turns absent
// check evidence into a stated violation.

#include <catch2/catch.hpp>

#include "checker/audit.h"
#include "checker/document.h"
#include "checker/fixtures.h"

using namespace checker;

namespace {

Expression Compile(const std::string& text) {
  DiagnosticSink sink;
  auto e = Expression::Compile(text, SourceLocation{"rule.yaml", 1, 1}, sink);
  INFO(text);
  REQUIRE(e);
  return *e;
}

Document Yaml(const std::string& text) {
  DiagnosticSink sink;
  auto doc = ParseDocument({"fixture.yaml", text}, DocumentFormat::kYaml, {}, sink);
  REQUIRE(doc);
  return std::move(*doc);
}

// A rule built directly (not through the loader, whose lint would refuse a lax default()).
struct TestRule {
  Check check;
  Rule rule;
  TestRule(CheckType type, const std::string& expect, const std::string& applies_when = "") {
    check.type = type;
    check.expect = Compile(expect);
    rule.id = "t.rule";
    rule.check = &check;
    if (!applies_when.empty()) rule.applies_when = Compile(applies_when);
  }
  TestRule(const TestRule&) = delete;
};

size_t Failing(const std::vector<AbsenceCase>& cases) {
  size_t n = 0;
  for (const auto& c : cases) n += !c.ok;
  return n;
}

const AbsenceCase& CaseFor(const std::vector<AbsenceCase>& cases, const std::string& path) {
  for (const auto& c : cases)
    if (c.removed_path == path) return c;
  FAIL("no absence case removing " << path);
  return cases.front();
}

}  // namespace

TEST_CASE("a rule that reads its field directly gives missing_evidence when it is absent") {
  TestRule t(CheckType::kManifest,
             "auth.password.min_length >= 8 && auth.password.max_length >= 64");
  auto cases = GenerateAbsenceCases(
      t.rule, Yaml("auth: {password: {min_length: 12, max_length: 64}}"), nullptr);
  REQUIRE(cases.size() == 2);
  CHECK(Failing(cases) == 0);
  CHECK(CaseFor(cases, "auth.password.max_length").actual == Outcome::kMissingEvidence);
}

TEST_CASE("the generator catches a lax default() that lets absence pass") {
  TestRule t(CheckType::kManifest, "default(auth.password.rotation_days, 0) == 0");
  auto cases = GenerateAbsenceCases(t.rule, Yaml("auth: {password: {rotation_days: 0}}"), nullptr);
  REQUIRE(cases.size() == 1);
  CHECK_FALSE(cases[0].ok);
  CHECK(cases[0].removed_path == "auth.password.rotation_days");
  CHECK(cases[0].actual == Outcome::kPass);
}

TEST_CASE("the generator catches exists(x) || exists(y): absence fails without a declaration") {
  TestRule t(CheckType::kManifest,
             "exists(disclosure.conformance_doc_url) || exists(disclosure.sds_version)");
  Document manifest = Yaml("disclosure: {conformance_doc_url: 'https://x/doc'}");
  auto cases = GenerateAbsenceCases(t.rule, manifest, nullptr);
  REQUIRE(cases.size() == 1);
  CHECK_FALSE(cases[0].ok);
  CHECK(cases[0].actual == Outcome::kFail);
  // Declaring absence a violation makes that fail the rule's stated verdict.
  t.rule.absent = AbsenceVerdict{{"宣言がない", "nothing declared"}, {}};
  CHECK(Failing(GenerateAbsenceCases(t.rule, manifest, nullptr)) == 0);
}

TEST_CASE("the generator catches a check that can never fail") {
  TestRule t(CheckType::kManifest, "!exists(phr.self_check_url) || len(phr.self_check_url) >= 0");
  auto cases = GenerateAbsenceCases(t.rule, Yaml("phr: {self_check_url: /self-check}"), nullptr);
  REQUIRE(cases.size() == 1);
  CHECK_FALSE(cases[0].ok);
  CHECK(cases[0].actual == Outcome::kPass);
}

TEST_CASE("the generator catches an applies_when that absence makes false") {
  TestRule t(CheckType::kManifest, "all(subcontractors, s, s.dpa == true)",
             "exists(subcontractors) && len(subcontractors) > 0");
  auto cases = GenerateAbsenceCases(t.rule, Yaml("subcontractors: [{dpa: true}]"), nullptr);
  const AbsenceCase& c = CaseFor(cases, "subcontractors");
  CHECK_FALSE(c.ok);
  CHECK(c.actual == Outcome::kNotApplicable);
  TestRule strict(CheckType::kManifest, "all(subcontractors, s, s.dpa == true)",
                  "subcontractors != null && len(subcontractors) > 0");
  CHECK(Failing(GenerateAbsenceCases(strict.rule, Yaml("subcontractors: [{dpa: true}]"),
                                     nullptr)) == 0);
}

TEST_CASE("a pass that other evidence decides is not a pass on absence") {
  TestRule t(CheckType::kManifest, "a == 1 || b == 1");
  auto cases = GenerateAbsenceCases(t.rule, Yaml("a: 1\nb: 1"), nullptr);
  REQUIRE(cases.size() == 1);  // b was never read: a decided
  CHECK(cases[0].actual == Outcome::kPass);
  CHECK(cases[0].ok);
}

TEST_CASE("probe checks: an absent response field fails, a lax default() on it is caught") {
  Document manifest = Yaml("service: {id: x}");
  Document response =
      Yaml("status: 200\nbody: {json: {grant_types_supported: [authorization_code]}}");
  TestRule lax(CheckType::kHttp, "!('implicit' in default(body.json.grant_types_supported, []))");
  auto cases = GenerateAbsenceCases(lax.rule, manifest, &response.root);
  const AbsenceCase& c = CaseFor(cases, "body.json.grant_types_supported");
  CHECK(c.from_observation);
  CHECK_FALSE(c.ok);
  CHECK(c.actual == Outcome::kPass);
  TestRule strict(CheckType::kHttp,
                  "status == 200 && !('implicit' in body.json.grant_types_supported)");
  cases = GenerateAbsenceCases(strict.rule, manifest, &response.root);
  REQUIRE(cases.size() == 2);
  CHECK(Failing(cases) == 0);
  CHECK(CaseFor(cases, "status").actual == Outcome::kFail);
}

TEST_CASE("RemovePath removes map keys along evaluation paths") {
  Document doc = Yaml("a: {b: 1, c: 2}\nh: {x-y: 1}\nl: [{k: 1}, {k: 2}]");
  CHECK(RemovePath(doc.root, "a.b"));
  CHECK(doc.root.FindPath("a.b") == nullptr);
  CHECK(doc.root.FindPath("a.c") != nullptr);
  CHECK(RemovePath(doc.root, "h[\"x-y\"]"));
  CHECK(doc.root.Find("h")->members.empty());
  CHECK(RemovePath(doc.root, "l[1].k"));
  CHECK(doc.root.Find("l")->items[1].members.empty());
  CHECK(doc.root.Find("l")->items[0].members.size() == 1);
  CHECK_FALSE(RemovePath(doc.root, "l[0]"));  // a list element is not a field
  CHECK_FALSE(RemovePath(doc.root, "l[*].k"));
  CHECK_FALSE(RemovePath(doc.root, "nope.x"));
}

TEST_CASE("a declared absence fails the rule and names every absent path") {
  TestRule t(CheckType::kManifest,
             "incident.contacts.vendor_24x7 != null && incident.contacts.police == true");
  Document manifest = Yaml("incident: {contacts: {}}");
  Decision plain = DecideRule(t.rule, manifest);
  CHECK(plain.outcome == Outcome::kMissingEvidence);
  CHECK(plain.missing_paths ==
        std::vector<std::string>{"incident.contacts.vendor_24x7", "incident.contacts.police"});
  t.rule.absent = AbsenceVerdict{{"連絡先がない", "an undeclared contact cannot be reached"}, {}};
  Decision declared = DecideRule(t.rule, manifest);
  CHECK(declared.outcome == Outcome::kFail);
  CHECK(declared.message.find("absence is a violation of this rule") != std::string::npos);
  CHECK(declared.message.find("incident.contacts.vendor_24x7, incident.contacts.police") !=
        std::string::npos);
  CHECK(declared.message.find("an undeclared contact cannot be reached") != std::string::npos);
  CHECK(declared.missing_paths.size() == 2);
  // An absent applies_when path stays missing evidence even under the declaration.
  t.rule.applies_when = Compile("remote.enabled == true");
  CHECK(DecideRule(t.rule, manifest).outcome == Outcome::kMissingEvidence);
}

TEST_CASE("all() names every element's absent path") {
  TestRule t(CheckType::kManifest, "all(['scope', 'frequency'], k, backup.sla[k] != null)");
  Decision d = DecideRule(t.rule, Yaml("backup: {sla: {}}"));
  CHECK(d.outcome == Outcome::kMissingEvidence);
  CHECK(d.missing_paths ==
        std::vector<std::string>{"backup.sla[\"scope\"]", "backup.sla[\"frequency\"]"});
}
