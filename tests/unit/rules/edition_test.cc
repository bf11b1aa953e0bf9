// Two editions of the rule packs: the overlay of a draft on the bundled rules, and the comparison
// rule by rule (added, removed, changed level, check, citation, texts, applicability).

#include "checker/edition.h"

#include <catch2/catch.hpp>

#include "support/test_support.h"

using namespace checker;

namespace {

const char* kPack = R"(kind: pack
pack:
  id: demo
  version: VERSION
  title: {ja: デモ, en: Demo}
  issuer: Example
  source: {document: Demo Guideline, edition: "EDITION"}
  effective_date: 2023-05-31
rules:
)";

std::string PackText(std::string version, std::string edition, std::string rules) {
  std::string text = kPack;
  text.replace(text.find("VERSION"), 7, version);
  text.replace(text.find("EDITION"), 7, edition);
  return text + rules;
}

std::string RuleText(std::string id, std::string level = "must", std::string expect = "a.b == true",
                     std::string section = "1", std::string extra = "") {
  return "  - id: " + id + "\n    title: {ja: 題, en: Title of " + id +
         "}\n    citation: {document: Demo, section: '" + section + "'}\n    level: " + level +
         "\n    severity: medium\n    category: c\n    check: {type: manifest, expect: '" + expect +
         "'}\n    remediation: {ja: 直す, en: Fix it}\n" + extra;
}

struct Compared {
  Editions editions;
  EditionComparison comparison;
};

Compared CompareTexts(const checker::test::TempDir& dir, const std::string& before,
                      const std::string& after) {
  std::vector<std::string> from{dir.File("old/demo/pack.yaml", before)};
  std::vector<std::string> to{dir.File("new/demo/pack.yaml", after)};
  DiagnosticSink sink;
  Compared out{LoadEditions(from, to, sink), {}};
  std::string messages;
  for (const auto& d : sink.diagnostics()) messages += FormatDiagnostic(d);
  INFO(messages);
  REQUIRE(!sink.has_errors());
  out.comparison = CompareEditions(out.editions.from, out.editions.to);
  return out;
}

}  // namespace

TEST_CASE("edition comparison: added, removed and changed rules with what changed") {
  checker::test::TempDir dir;
  auto c = CompareTexts(
      dir,
      PackText("1.0.0", "1.0",
               RuleText("demo.same") + RuleText("demo.gone") + RuleText("demo.level", "should") +
                   RuleText("demo.check", "must", "a.n <= 90") +
                   RuleText("demo.cite", "must", "a.b == true", "1") + RuleText("demo.when")),
      PackText("1.1.0", "2.0",
               RuleText("demo.same") + RuleText("demo.level", "must") +
                   RuleText("demo.check", "must", "a.n <= 30") +
                   RuleText("demo.cite", "must", "a.b == true", "2(3)") +
                   RuleText("demo.when", "must", "a.b == true", "1",
                            "    applies_when: a.on == true\n") +
                   RuleText("demo.new")));
  REQUIRE(c.comparison.packs.size() == 1);
  const auto& pack = c.comparison.packs[0];
  CHECK(pack.pack_id == "demo");
  CHECK(pack.from_version == "1.0.0");
  CHECK(pack.to_version == "1.1.0");
  CHECK(pack.from_edition == "1.0");
  CHECK(pack.to_edition == "2.0");
  std::vector<std::string> seen;
  for (const auto& r : pack.rules)
    seen.push_back(std::string(RuleChangeKindName(r.kind)) + " " + r.rule_id);
  CHECK(seen == std::vector<std::string>{"added demo.new", "removed demo.gone",
                                         "changed demo.level", "changed demo.check",
                                         "changed demo.cite", "changed demo.when"});
  CHECK(c.comparison.Count(RuleChangeKind::kChanged) == 4);
  CHECK(c.comparison.Find("demo.same") == nullptr);

  const RuleDifference* level = c.comparison.Find("demo.level");
  REQUIRE(level != nullptr);
  REQUIRE(level->fields.size() == 1);
  CHECK(level->fields[0].field == "level");
  CHECK(level->fields[0].before == "should");
  CHECK(level->fields[0].after == "must");
  CHECK(level->Tightened());

  const RuleDifference* check = c.comparison.Find("demo.check");
  REQUIRE(check != nullptr);
  REQUIRE(check->fields.size() == 1);
  CHECK(check->fields[0].field == "check");
  CHECK_THAT(check->fields[0].before, Catch::Contains("a.n <= 90"));
  CHECK_THAT(check->fields[0].after, Catch::Contains("a.n <= 30"));
  CHECK(!check->Tightened());

  const RuleDifference* cite = c.comparison.Find("demo.cite");
  REQUIRE(cite != nullptr);
  REQUIRE(cite->fields.size() == 1);
  CHECK(cite->fields[0].field == "citation");
  CHECK(cite->fields[0].after == "Demo 2(3)");

  const RuleDifference* when = c.comparison.Find("demo.when");
  REQUIRE(when != nullptr);
  REQUIRE(when->fields.size() == 1);
  CHECK(when->fields[0].field == "applies_when");
  CHECK(when->fields[0].before.empty());
  CHECK(when->fields[0].after == "a.on == true");
}

TEST_CASE("edition comparison: identical editions differ in nothing") {
  checker::test::TempDir dir;
  std::string text = PackText("1.0.0", "1.0", RuleText("demo.a") + RuleText("demo.b", "should"));
  auto c = CompareTexts(dir, text, text);
  CHECK(c.comparison.empty());
  CHECK(c.comparison.unchanged_packs == 1);
}

TEST_CASE("the shipped mhlw6 draft overlays the bundled rules: two tightened rules, one new") {
  std::vector<std::string> from{checker::test::SourceDir() + "/rules"};
  std::vector<std::string> to{checker::test::SourceDir() + "/tests/data/editions/mhlw6-draft"};
  DiagnosticSink sink;
  Editions editions = LoadEditions(from, to, sink);
  std::string messages;
  for (const auto& d : sink.diagnostics()) messages += FormatDiagnostic(d);
  INFO(messages);
  REQUIRE(!sink.has_errors());
  // Every other pack, the shared checks and the profiles carry over.
  CHECK(editions.to.packs().size() == editions.from.packs().size());
  CHECK(editions.to.profiles().size() == editions.from.profiles().size());
  REQUIRE(editions.to.FindPack("mhlw6") != nullptr);
  CHECK(editions.to.FindPack("mhlw6")->version == "1.1.0-draft");
  CHECK(editions.to.FindRule("mhlw6.auth.mfa-remote") != nullptr);  // its shared check resolved

  auto comparison = CompareEditions(editions.from, editions.to);
  REQUIRE(comparison.packs.size() == 1);
  CHECK(comparison.packs[0].pack_id == "mhlw6");
  CHECK(comparison.unchanged_packs == editions.from.packs().size() - 1);
  std::vector<std::string> seen;
  for (const auto& r : comparison.packs[0].rules)
    seen.push_back(std::string(RuleChangeKindName(r.kind)) + " " + r.rule_id);
  CHECK(seen == std::vector<std::string>{"added mhlw6.auth.no-forced-rotation",
                                         "changed mhlw6.auth.password-length",
                                         "changed mhlw6.log.review"});
  CHECK(comparison.Find("mhlw6.auth.password-length")->Tightened());
}

TEST_CASE(
    "edition loading: a missing folder and a pack that does not parse are positioned errors") {
  checker::test::TempDir dir;
  std::string bad = dir.File("bad/p/pack.yaml", "kind: pack\npack:\n  id: x\n  version: [1\n");
  std::vector<std::string> from{checker::test::SourceDir() + "/rules"};
  {
    DiagnosticSink sink;
    std::vector<std::string> to{(dir.path() / "missing").string()};
    LoadEditions(from, to, sink);
    REQUIRE(sink.has_errors());
    CHECK_THAT(FormatDiagnostic(sink.diagnostics()[0]), Catch::Contains("no such file or folder"));
  }
  {
    DiagnosticSink sink;
    std::vector<std::string> to{(dir.path() / "bad").string()};
    LoadEditions(from, to, sink);
    REQUIRE(sink.has_errors());
    CHECK_THAT(FormatDiagnostic(sink.diagnostics()[0]), Catch::Contains(bad + ":5:1: error[C101]"));
  }
  {
    DiagnosticSink sink;
    std::vector<std::string> to{dir.File("empty/readme.txt", "no packs")};
    std::vector<std::string> folder{(dir.path() / "empty").string()};
    LoadEditions(from, folder, sink);
    REQUIRE(sink.has_errors());
    CHECK_THAT(FormatDiagnostic(sink.diagnostics()[0]), Catch::Contains("holds no rule files"));
  }
}
