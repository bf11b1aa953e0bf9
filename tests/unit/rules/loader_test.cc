#include <catch2/catch.hpp>

#include "checker/rule_set.h"

using namespace checker;

namespace {

struct Loaded {
  RuleSet rules;
  DiagnosticSink sink;
  std::string Text() const {
    std::string out;
    for (const auto& d : sink.diagnostics()) out += FormatDiagnostic(d);
    return out;
  }
};

Loaded Load(std::vector<SourceText> files) {
  Loaded l;
  l.rules = LoadRuleSet(files, l.sink);
  return l;
}

Loaded LoadOne(std::string text) { return Load({{"pack.yaml", std::move(text)}}); }

const char* kHeader = R"(kind: pack
pack:
  id: demo
  version: 1.0.0
  title: {ja: デモ, en: Demo}
  issuer: Example
  source: {document: Demo Guideline, edition: "1.0"}
  effective_date: 2023-05-31
rules:
)";

std::string RuleText(std::string id, std::string extra = "",
                     std::string check = "{type: manifest, expect: 'a.b == true'}") {
  return "  - id: " + id +
         "\n    title: {ja: タイトル, en: Title}\n    citation: {document: Demo, section: \"1\"}\n"
         "    level: must\n    severity: high\n    category: auth\n    check: " +
         check + "\n    remediation: {ja: 直す, en: Fix it}\n" + extra;
}

}  // namespace

TEST_CASE("a good pack with shared checks and a profile loads") {
  auto l =
      Load({{"checks.yaml",
             "kind: checks\nchecks:\n  - id: xw.mfa\n    type: manifest\n"
             "    description: MFA\n    expect: auth.mfa.enabled == true\n"},
            {"pack.yaml",
             std::string(kHeader) + RuleText("demo.one", "    tags: [mfa]\n") +
                 RuleText("demo.two", "", "{ref: xw.mfa}") +
                 RuleText("demo.three", "    applies_when: exists(remote)\n", "{ref: xw.mfa}")},
            {"profiles.yaml",
             "kind: profiles\nprofiles:\n  - id: base\n    title: {ja: 基本, en: Base}\n"
             "    description: {ja: 説明, en: For everyone}\n    include:\n      - pack: demo\n"
             "    exclude:\n      - rule: demo.three\n    overrides:\n"
             "      - {rule: demo.two, level: should}\n    weights: {auth: 2}\n"}});
  INFO(l.Text());
  CHECK(l.sink.diagnostics().empty());
  REQUIRE(l.rules.rules().size() == 3);
  CHECK(l.rules.FindRule("demo.two")->check == l.rules.FindSharedCheck("xw.mfa"));
  CHECK(l.rules.RulesUsingCheck("xw.mfa").size() == 2);
  CHECK(l.rules.FindRule("demo.three")->applies_when.has_value());
  CHECK(l.rules.FindPack("demo")->rule_ids.size() == 3);
  const Profile* base = l.rules.FindProfile("base");
  REQUIRE(base);
  auto selected = l.rules.Select(*base);
  REQUIRE(selected.size() == 2);
  CHECK(selected[1].rule->id == "demo.two");
  CHECK(selected[1].level == Level::kShould);
  CHECK(base->category_weights.at("auth") == 2);
}

TEST_CASE("unknown keys are reported at the key, with a did-you-mean") {
  auto l = LoadOne(std::string(kHeader) + RuleText("demo.one", "    titel: x\n"));
  CHECK(l.Text() ==
        "pack.yaml:18:5: error[C200]: unknown key 'titel' in rule; did you mean 'title'?\n"
        "      titel: x\n"
        "      ^\n");
  CHECK(l.rules.rules().empty());  // the rule with an error is left out
}

TEST_CASE("every problem of a file is reported in one run") {
  auto l = LoadOne(std::string(kHeader) +
                   "  - id: demo.one\n    title: Title only\n    citation: {document: D}\n"
                   "    level: required\n    severity: high\n    category: auth\n"
                   "    check: {type: manifest, expect: 'a.b =='}\n"
                   "    remediation: {ja: 直す}\n" +
                   RuleText("demo.two"));
  CHECK(l.Text() ==
        "pack.yaml:11:12: error[C201]: 'title' must be a mapping with 'ja' and 'en', found a "
        "string; write title: {ja: ..., en: ...}\n"
        "      title: Title only\n"
        "             ^\n"
        "pack.yaml:12:15: error[C202]: missing required key 'section' in citation\n"
        "      citation: {document: D}\n"
        "                ^\n"
        "pack.yaml:13:12: error[C205]: invalid level 'required'; expected one of: must, should, "
        "may\n"
        "      level: required\n"
        "             ^\n"
        "pack.yaml:16:44: error[C300]: expected a value, a name or '(', found end of expression\n"
        "      check: {type: manifest, expect: 'a.b =='}\n"
        "                                             ^\n"
        "pack.yaml:17:18: warning[C209]: 'remediation' has only Japanese; add 'en'\n"
        "      remediation: {ja: 直す}\n"
        "                   ^\n");
  REQUIRE(l.rules.rules().size() == 1);
  CHECK(l.rules.rules()[0].id == "demo.two");
}

TEST_CASE("wrong types, missing fields, invalid ids and dates") {
  auto l = LoadOne(
      "kind: pack\npack:\n  id: Demo\n  version: 1\n  title: {ja: デ, en: D}\n  issuer: X\n"
      "  source: {document: D, edition: \"1\"}\n  effective_date: 2023-02-30\nrules: {}\n");
  CHECK(l.Text() ==
        "pack.yaml:3:7: error[C206]: invalid id 'Demo': use lowercase letters, digits, '.', '-' "
        "and '_', starting with a letter or digit\n"
        "    id: Demo\n"
        "        ^\n"
        "pack.yaml:8:19: error[C207]: 'effective_date' must be a date YYYY-MM-DD, found "
        "'2023-02-30'\n"
        "    effective_date: 2023-02-30\n"
        "                    ^\n"
        "pack.yaml:9:8: error[C201]: 'rules' must be a list of rules, found a mapping\n"
        "  rules: {}\n"
        "         ^\n");
}

// Found by fuzz_rule_pack: dashes where digits belong passed the shape check and threw in stoi.
TEST_CASE("a date with dashes where digits belong is a diagnostic, not a crash") {
  for (const char* date : {"2023-01---", "----------", "2023-1--01", "20-3-01-01"}) {
    auto l = LoadOne(std::string("kind: pack\npack:\n  id: demo\n  version: 1.0.0\n"
                                 "  title: {ja: デ, en: D}\n  issuer: X\n"
                                 "  source: {document: D, edition: \"1\"}\n  effective_date: \"") +
                     date + "\"\nrules: []\n");
    INFO(date);
    CHECK(l.Text().find("pack.yaml:8:19: error[C207]: 'effective_date' must be a date "
                        "YYYY-MM-DD") != std::string::npos);
  }
}

TEST_CASE("a rule id must carry its pack's prefix; missing keys are named") {
  auto l = LoadOne(std::string(kHeader) +
                   "  - id: other.x\n    title: {ja: a, en: b}\n    level: must\n");
  CHECK(l.Text() ==
        "pack.yaml:10:9: error[C206]: rule id 'other.x' must start with its pack's id 'demo.'\n"
        "    - id: other.x\n"
        "          ^\n"
        "pack.yaml:10:5: error[C202]: missing required key 'citation' in rule\n"
        "    - id: other.x\n"
        "      ^\n"
        "pack.yaml:10:5: error[C202]: missing required key 'severity' in rule\n"
        "    - id: other.x\n"
        "      ^\n"
        "pack.yaml:10:5: error[C202]: missing required key 'category' in rule\n"
        "    - id: other.x\n"
        "      ^\n"
        "pack.yaml:10:5: error[C202]: missing required key 'check' in rule\n"
        "    - id: other.x\n"
        "      ^\n"
        "pack.yaml:10:5: error[C202]: missing required key 'remediation' in rule\n"
        "    - id: other.x\n"
        "      ^\n");
}

TEST_CASE("duplicate ids across files name the first definition") {
  auto l = Load({{"a.yaml", std::string(kHeader) + RuleText("demo.one")},
                 {"b.yaml", std::string(kHeader) + RuleText("demo.one")}});
  CHECK(l.Text() ==
        "b.yaml:3:7: error[C203]: duplicate pack id 'demo' (first defined at a.yaml:3:7)\n"
        "    id: demo\n"
        "        ^\n");
  auto r = LoadOne(std::string(kHeader) + RuleText("demo.one") + RuleText("demo.one"));
  CHECK(r.Text() ==
        "pack.yaml:18:9: error[C203]: duplicate rule id 'demo.one' (first defined at "
        "pack.yaml:10:9)\n"
        "    - id: demo.one\n"
        "          ^\n");
}

TEST_CASE("unknown references: checks, packs, rules, overrides") {
  auto l = Load(
      {{"checks.yaml", "kind: checks\nchecks:\n  - {id: xw.tls, type: manifest, expect: 'a'}\n"},
       {"pack.yaml", std::string(kHeader) + RuleText("demo.one", "", "{ref: xw.tsl}")},
       {"profiles.yaml",
        "kind: profiles\nprofiles:\n  - id: p\n    title: {ja: a, en: b}\n"
        "    description: {ja: a, en: b}\n    include:\n      - pack: dem\n      - rule: demo.on\n"
        "      - tag: nothing\n    overrides:\n      - {rule: demo.x, level: may}\n"}});
  CHECK(l.Text() ==
        "pack.yaml:16:18: error[C204]: rule 'demo.one' refers to unknown check 'xw.tsl'; did you "
        "mean 'xw.tls'?\n"
        "      check: {ref: xw.tsl}\n"
        "                   ^\n"
        "profiles.yaml:7:15: error[C204]: profile 'p' selects unknown pack 'dem'; did you mean "
        "'demo'?\n"
        "        - pack: dem\n"
        "                ^\n"
        "profiles.yaml:8:15: error[C204]: profile 'p' selects unknown rule 'demo.on'; did you "
        "mean 'demo.one'?\n"
        "        - rule: demo.on\n"
        "                ^\n"
        "profiles.yaml:9:14: warning[C210]: no rule has the tag 'nothing'\n"
        "        - tag: nothing\n"
        "               ^\n"
        "profiles.yaml:11:16: error[C204]: profile 'p' overrides unknown rule 'demo.x'\n"
        "        - {rule: demo.x, level: may}\n"
        "                 ^\n");
}

TEST_CASE("expression errors land on the expression's own column, quoted or block") {
  auto l = LoadOne(std::string(kHeader) + RuleText("demo.one", "    applies_when: \"x == \"\n") +
                   RuleText("demo.two", "    applies_when: |\n      a &&\n        b c\n"));
  CHECK(l.Text() ==
        "pack.yaml:18:25: error[C300]: expected a value, a name or '(', found end of "
        "expression\n"
        "      applies_when: \"x == \"\n"
        "                          ^\n"
        "pack.yaml:29:11: error[C300]: expected an operator or end of expression, found 'c'\n"
        "          b c\n"
        "            ^\n");
}

TEST_CASE("check types: grayzone and attestation need their keys") {
  auto l = LoadOne(
      std::string(kHeader) + RuleText("demo.gz", "", "{type: grayzone, when: 'a.b', laws: []}") +
      RuleText("demo.att", "", "{type: attestation}") +
      RuleText("demo.http", "", "{type: http, request: {path: /}, expect: 'status == 200'}"));
  CHECK(l.Text() ==
        "pack.yaml:16:48: error[C201]: 'laws' must be a non-empty list of {law, article}\n"
        "      check: {type: grayzone, when: 'a.b', laws: []}\n"
        "                                                 ^\n"
        "pack.yaml:16:12: error[C202]: missing required key 'question' in grayzone check\n"
        "      check: {type: grayzone, when: 'a.b', laws: []}\n"
        "             ^\n"
        "pack.yaml:24:12: error[C202]: missing required key 'evidence' in attestation check\n"
        "      check: {type: attestation}\n"
        "             ^\n");
  REQUIRE(l.rules.rules().size() == 1);
  CHECK(l.rules.rules()[0].check->type == CheckType::kHttp);
}

TEST_CASE("a file with no kind, or not a mapping, is reported") {
  auto l = Load({{"a.yaml", "rules: []\n"}, {"b.yaml", "- 1\n"}, {"c.yaml", "kind: rulez\n"}});
  CHECK(l.Text() ==
        "a.yaml:1:1: error[C202]: missing required key 'kind' in rule file\n"
        "  rules: []\n"
        "  ^\n"
        "b.yaml:1:1: error[C201]: a rule file must be a mapping with a 'kind', found a list\n"
        "  - 1\n"
        "  ^\n"
        "c.yaml:1:7: error[C205]: invalid kind 'rulez'; expected one of: pack, checks, profiles\n"
        "  kind: rulez\n"
        "        ^\n");
}
