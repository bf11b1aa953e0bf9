// Absence in rule packs: the `absent` declaration, and lint's C307 on every default() it cannot
// see on the strict side, positioned at the default() inside the expression.

#include <catch2/catch.hpp>

#include "checker/rule_set.h"

using namespace checker;

namespace {

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

// One rule whose check (and optional applies_when, and extra keys) is given; its `check:` line
// is line 16 of the file.
std::string PackText(const std::string& id, const std::string& check,
                     const std::string& extra = "") {
  return std::string(kHeader) + "  - id: demo." + id +
         "\n    title: {ja: タイトル, en: Title}\n    citation: {document: Demo, section: \"1\"}\n"
         "    level: must\n    severity: high\n    category: auth\n    check: " +
         check + "\n    remediation: {ja: 直す, en: Fix it}\n" + extra;
}

struct Loaded {
  RuleSet rules;
  DiagnosticSink sink;
  std::string Text() const {
    std::string out;
    for (const auto& d : sink.diagnostics()) out += FormatDiagnostic(d);
    return out;
  }
  size_t Count(DiagCode code) const {
    size_t n = 0;
    for (const auto& d : sink.diagnostics()) n += d.code == code;
    return n;
  }
};

Loaded Load(const std::string& text) {
  Loaded l;
  std::vector<SourceText> files{{"pack.yaml", text}};
  l.rules = LoadRuleSet(files, l.sink);
  return l;
}

}  // namespace

TEST_CASE("default() on the strict side loads without a diagnostic") {
  for (const char* expect : {
           "default(logging.retention_days, 0) >= 365",
           "lower(default(headers['x-content-type-options'], '')) == 'nosniff'",
           "a == 1 && len(default(caps, [])) > 0",
           "!(default(x.debug, true) == true)",
           "any(rest, r, any(default(r.security.service, []), s, s.code == 'SMART'))",
       }) {
    auto l = Load(PackText("ok", std::string("{type: manifest, expect: \"") + expect + "\"}"));
    INFO(expect << "\n" << l.Text());
    CHECK(l.sink.diagnostics().empty());
    CHECK(l.rules.rules().size() == 1);
  }
  // In applies_when the strict side is "the rule applies".
  auto l = Load(PackText("applies", "{type: manifest, expect: 'a == 1'}",
                         "    applies_when: \"default(remote.enabled, true) == true\"\n"));
  INFO(l.Text());
  CHECK(l.sink.diagnostics().empty());
}

TEST_CASE("lint reports C307 at each lax default(), with its line and column") {
  // web.auth.no-forced-rotation as it was: absent rotation_days passed.
  auto l = Load(PackText(
      "rotation", "{type: manifest, expect: \"default(auth.password.rotation_days, 0) == 0\"}"));
  INFO(l.Text());
  REQUIRE(l.Count(DiagCode::kExprLaxDefault) == 1);
  CHECK(l.Text().find("pack.yaml:16:38: error[C307]: when 'auth.password.rotation_days' is "
                      "absent, this default() makes the check hold") != std::string::npos);
  CHECK(l.rules.rules().empty());  // the rule is left out, as for any error

  // vendor.provide.japan-law as it was: absent exposure counted as none.
  l = Load(PackText("japan",
                    "{type: manifest, expect: \"storage.location.country == 'JP' && "
                    "default(storage.foreign_law_exposure, false) == false\"}"));
  INFO(l.Text());
  CHECK(l.Text().find("pack.yaml:16:74: error[C307]") != std::string::npos);

  // A negated condition: absent grant types would hold.
  l = Load(PackText(
      "implicit",
      "{type: http, expect: \"!('implicit' in default(body.json.grant_types_supported, []))\"}"));
  INFO(l.Text());
  CHECK(l.Count(DiagCode::kExprLaxDefault) == 1);

  // applies_when: a default that makes the rule not apply is lax.
  l = Load(PackText("maint", "{type: manifest, expect: 'a == 1'}",
                    "    applies_when: \"default(maintenance.remote.enabled, false) == true\"\n"));
  INFO(l.Text());
  CHECK(l.Text().find("pack.yaml:18:20: error[C307]: when 'maintenance.remote.enabled' is absent, "
                      "this default() keeps the rule from applying") != std::string::npos);

  // A gray-zone `when`: absence must not keep the question from being raised.
  l = Load(
      PackText("gray",
               "{type: grayzone, when: \"default(data_use.ai_training, false) == true\", laws: "
               "[{law: L, article: '1'}], question: {ja: 問, en: Q}}"));
  INFO(l.Text());
  CHECK(l.Count(DiagCode::kExprLaxDefault) == 1);
}

TEST_CASE("lint reports C307 where it cannot see which side a default() takes") {
  for (const char* expect : {
           "default(a, 0) >= b",                       // reads another path
           "default(a, 0) + default(b, 0) >= 10",      // two defaults in one condition
           "count(list, x, default(x.on, true)) > 0",  // inside count()
       }) {
    auto l = Load(PackText("unseen", std::string("{type: manifest, expect: \"") + expect + "\"}"));
    INFO(expect << "\n" << l.Text());
    CHECK(l.Count(DiagCode::kExprLaxDefault) >= 1);
    CHECK(l.Text().find("lint cannot see which side") != std::string::npos);
  }
}

TEST_CASE("the absent declaration is read, and refused where it has no meaning") {
  auto l = Load(
      PackText("declared", "{type: manifest, expect: 'incident.contacts.police == true'}",
               "    absent:\n      verdict: fail\n      reason: {ja: 未整備, en: Not in place}\n"));
  INFO(l.Text());
  REQUIRE(l.rules.rules().size() == 1);
  const Rule& r = l.rules.rules().front();
  REQUIRE(r.absent);
  CHECK(r.absent->reason.en == "Not in place");
  CHECK(r.absent->location.line == 19);

  l = Load(PackText("pass", "{type: manifest, expect: 'a == 1'}",
                    "    absent: {verdict: pass, reason: {ja: a, en: b}}\n"));
  INFO(l.Text());
  CHECK(l.Text().find("invalid verdict 'pass'; expected one of: fail") != std::string::npos);
  CHECK(l.rules.rules().empty());

  l = Load(
      PackText("noreason", "{type: manifest, expect: 'a == 1'}", "    absent: {verdict: fail}\n"));
  CHECK(l.Text().find("missing required key 'reason'") != std::string::npos);
  CHECK(l.rules.rules().empty());

  l = Load(PackText("attest", "{type: attestation, evidence: {ja: 文書, en: A document}}",
                    "    absent: {verdict: fail, reason: {ja: a, en: b}}\n"));
  CHECK(l.Text().find("'absent' applies to manifest, http, tls and document checks") !=
        std::string::npos);
  CHECK(l.rules.rules().empty());
}
