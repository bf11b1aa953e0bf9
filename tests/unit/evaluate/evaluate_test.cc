#include <catch2/catch.hpp>
#include <thread>

#include "checker/audit.h"
#include "checker/document.h"
#include "checker/rule_set.h"

#include "support/test_support.h"

using namespace checker;

namespace {

const char* kPack = R"(kind: pack
pack:
  id: t
  version: 1.0.0
  title: {ja: テスト, en: Test}
  issuer: Test
  source: {document: Test, edition: "1"}
  effective_date: 2024-01-01
rules:
  - id: t.manifest
    title: {ja: 暗号化, en: Encryption}
    citation: {document: Doc, section: "1"}
    level: must
    severity: high
    category: crypto
    check: {type: manifest, expect: storage.encryption.at_rest == true}
    remediation: {ja: 直す, en: Fix}
  - id: t.applies
    title: {ja: 条件, en: Conditional}
    citation: {document: Doc, section: "2"}
    level: should
    severity: low
    category: auth
    applies_when: remote.enabled == true
    check: {type: manifest, expect: mfa == true}
    remediation: {ja: 直す, en: Fix}
  - id: t.attest
    title: {ja: 証跡, en: Attest}
    citation: {document: Doc, section: "3"}
    level: must
    severity: low
    category: gov
    check: {type: attestation, evidence: {ja: 文書, en: The signed policy}}
    remediation: {ja: 直す, en: Fix}
  - id: t.gray
    title: {ja: 論点, en: Question}
    citation: {document: Law, section: "17"}
    level: must
    severity: low
    category: legal
    check:
      type: grayzone
      when: "'triage' in features"
      laws: [{law: Medical Practitioners Act, article: "17"}]
      question: {ja: 医業か, en: "Is it medical practice?"}
    remediation: {ja: 照会する, en: Ask}
  - id: t.http
    title: {ja: HTTP, en: HTTP}
    citation: {document: Doc, section: "4"}
    level: must
    severity: low
    category: web
    check: {type: http, request: {path: /}, expect: 'status == 200'}
    remediation: {ja: 直す, en: Fix}
  - id: t.type
    title: {ja: 型, en: Type}
    citation: {document: Doc, section: "5"}
    level: may
    severity: low
    category: logs
    check: {type: manifest, expect: retention >= 365}
    remediation: {ja: 直す, en: Fix}
)";

const char* kReasonsPack = R"yaml(kind: pack
pack:
  id: r
  version: 1.0.0
  title: {ja: テスト, en: Test}
  issuer: Test
  source: {document: Test, edition: "1"}
  effective_date: 2024-01-01
rules:
  - id: r.reasons
    title: {ja: 連絡先, en: Contacts}
    citation: {document: Doc, section: "6"}
    level: must
    severity: high
    category: incident
    check:
      type: manifest
      expect: exists(contacts.vendor_24x7) && contacts.police == true && all(staff, s, s.trained)
      reasons:
        contacts.vendor_24x7:
          ja: 24時間の連絡先がありません
          en: No 24x7 contact is declared
        staff[*].trained:
          ja: "{item} は訓練を受けていません({value})"
          en: "{item} is not trained ({value}); the rule needs it {expected}"
    remediation: {ja: 直す, en: Fix}
)yaml";

struct Fixture {
  RuleSet rules;
  explicit Fixture(const char* pack = kPack) {
    DiagnosticSink sink;
    std::vector<SourceText> files{{"t.yaml", pack}};
    rules = LoadRuleSet(files, sink);
    REQUIRE(!sink.has_errors());
  }
  Document Manifest(const std::string& yaml) {
    DiagnosticSink sink;
    auto doc = ParseDocument({"m.yaml", yaml}, DocumentFormat::kYaml, {}, sink);
    REQUIRE(doc);
    return *doc;
  }
  Finding Eval(const std::string& id, const Document& doc) {
    return EvaluateRule({rules.FindRule(id), rules.FindRule(id)->level}, doc);
  }
};

}  // namespace

TEST_CASE("manifest checks pass, fail or lack evidence, with positioned evidence") {
  Fixture fx;
  auto good = fx.Manifest("storage:\n  encryption:\n    at_rest: true\n");
  Finding f = fx.Eval("t.manifest", good);
  CHECK(f.outcome == Outcome::kPass);
  REQUIRE(f.evidence.size() == 1);
  CHECK(f.evidence[0].path == "storage.encryption.at_rest");
  CHECK(f.evidence[0].value == "true");
  CHECK(f.evidence[0].location.ToString() == "m.yaml:3:14");
  CHECK(f.citations[0].section == "1");

  f = fx.Eval("t.manifest", fx.Manifest("storage:\n  encryption:\n    at_rest: false\n"));
  CHECK(f.outcome == Outcome::kFail);
  CHECK(f.message == "storage.encryption.at_rest is false; the rule needs it to be true");
  REQUIRE(f.reasons.size() == 1);
  CHECK(f.reasons[0].location.ToString() == "m.yaml:3:14");
  CHECK(f.reasons[0].observed == "false");
  CHECK(f.expression == "storage.encryption.at_rest == true");

  f = fx.Eval("t.manifest", fx.Manifest("storage: {}\n"));
  CHECK(f.outcome == Outcome::kMissingEvidence);
  CHECK(f.missing_paths == std::vector<std::string>{"storage.encryption.at_rest"});
  CHECK(f.message == "the manifest does not declare storage.encryption.at_rest (needed by check)");
}

TEST_CASE("applies_when decides applicability; its missing facts are missing evidence") {
  Fixture fx;
  CHECK(fx.Eval("t.applies", fx.Manifest("remote: {enabled: false}\n")).outcome ==
        Outcome::kNotApplicable);
  CHECK(fx.Eval("t.applies", fx.Manifest("other: 1\n")).outcome == Outcome::kMissingEvidence);
  Finding f = fx.Eval("t.applies", fx.Manifest("remote: {enabled: true}\nmfa: false\n"));
  CHECK(f.outcome == Outcome::kFail);
  REQUIRE(f.evidence.size() == 2);
  CHECK(f.evidence[0].path == "mfa");  // the check's evidence first
  CHECK(f.evidence[1].path == "remote.enabled");
}

TEST_CASE("attestation, gray-zone, probe and type-error outcomes") {
  Fixture fx;
  auto doc = fx.Manifest("features: [triage]\nretention: one year\n");
  Finding a = fx.Eval("t.attest", doc);
  CHECK(a.outcome == Outcome::kManual);
  CHECK(a.message == "a reviewer must examine: The signed policy");
  Finding g = fx.Eval("t.gray", doc);
  CHECK(g.outcome == Outcome::kLegalReview);
  CHECK(g.message ==
        "legal question for the regulator: Is it medical practice? [Medical Practitioners Act 17]");
  CHECK(fx.Eval("t.gray", fx.Manifest("features: [diary]\n")).outcome == Outcome::kNotApplicable);
  CHECK(fx.Eval("t.http", doc).outcome == Outcome::kMissingEvidence);
  Finding e = fx.Eval("t.type", doc);
  CHECK(e.outcome == Outcome::kError);
  CHECK(e.message ==
        "check: cannot compare string at 'retention' with number using '>=' (m.yaml:2:12)");
}

TEST_CASE("the exit code follows the fail-on level") {
  Fixture fx;
  auto doc = fx.Manifest(
      "storage: {encryption: {at_rest: true}}\nremote: {enabled: true}\nmfa: false\n"
      "features: []\nretention: 400\n");
  auto all = fx.rules.SelectPacks({});
  std::vector<SelectedRule> selection;
  for (const auto& s : all)
    if (s.rule->id != "t.http") selection.push_back(s);
  AuditOptions options;
  options.generated_at = "2026-01-01T00:00:00Z";
  AuditResult r = RunAudit(fx.rules, selection, doc, options);
  CHECK(!FailsAt(r, r.fail_on));  // only a should-rule fails
  options.fail_on = Level::kShould;
  AuditResult strict = RunAudit(fx.rules, selection, doc, options);
  CHECK(strict.fail_on == Level::kShould);
  CHECK(FailsAt(strict, strict.fail_on));
  CHECK(r.counts.Count(Outcome::kFail) == 1);
  CHECK(r.counts.total == 5);
  REQUIRE(r.rule_sources.size() == 1);
  CHECK(r.rule_sources[0].pack_id == "t");
  CHECK(r.rule_sources[0].sha256.size() == 64);
}

TEST_CASE("audits are reentrant: one rule set, many threads") {
  Fixture fx;
  auto doc = fx.Manifest("storage: {encryption: {at_rest: true}}\nremote: {enabled: false}\n");
  auto selection = fx.rules.SelectPacks({});
  AuditOptions options;
  options.generated_at = "2026-01-01T00:00:00Z";
  const AuditResult expected = RunAudit(fx.rules, selection, doc, options);
  std::atomic<int> same{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        AuditResult r = RunAudit(fx.rules, selection, doc, options);
        if (r.counts.by_outcome == expected.counts.by_outcome) ++same;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(same == 800);
}

TEST_CASE("an operator name cut at its comma by a YAML flow mapping is read whole") {
  Fixture fx;
  auto doc =
      fx.Manifest("service:\n  operator: {name: Hinode Medical Systems Co., Ltd., country: JP}\n");
  AuditResult r = RunAudit(fx.rules, {}, doc, {});
  CHECK(r.subject.operator_name == "Hinode Medical Systems Co., Ltd.");
  auto quoted = fx.Manifest("service:\n  operator: {name: \"Sakura, K.K.\", country: JP}\n");
  CHECK(RunAudit(fx.rules, {}, quoted, {}).subject.operator_name == "Sakura, K.K.");
}

TEST_CASE("a fail at one endpoint fails the rule whatever the others gave; each is listed") {
  Fixture fx;
  auto doc = fx.Manifest("features: []\n");
  const Rule* rule = fx.rules.FindRule("t.http");
  std::vector<SelectedRule> selection{{rule, rule->level}};
  ProbeContext ctx;
  for (const char* host : {"failing", "timeout", "passing", "unseen"})
    ctx.endpoints.push_back({std::string("https://") + host + ".example", "", "web", {}});
  ProbePlan plan = PlanProbes(selection, doc, ctx.endpoints);
  REQUIRE(plan.http.size() == 4);
  ProbeEvidence evidence;
  auto observe = [&](size_t i, bool ok, int status, const std::string& error) {
    HttpObservation o;
    o.key = plan.http[i].Key();
    o.spec = plan.http[i];
    o.ok = ok;
    o.status = status;
    o.error = error;
    evidence.http[o.key] = o;
  };
  observe(0, true, 500, "");
  observe(1, false, 0, "timed out after 300 ms");
  observe(2, true, 200, "");
  ctx.evidence = &evidence;

  Finding f = EvaluateRule(selection[0], doc, &ctx);
  CHECK(f.outcome == Outcome::kFail);
  REQUIRE(f.endpoints.size() == 4);
  CHECK(f.endpoints[0].url == "https://failing.example");
  CHECK(f.endpoints[0].purpose == "web");
  CHECK(f.endpoints[0].outcome == Outcome::kFail);
  CHECK(f.endpoints[0].probe_ids == std::vector<std::string>{plan.http[0].Key()});
  CHECK(f.endpoints[1].outcome == Outcome::kError);
  CHECK(f.endpoints[1].detail == "GET https://timeout.example/: timed out after 300 ms");
  CHECK(f.endpoints[2].outcome == Outcome::kPass);
  CHECK(f.endpoints[2].detail.empty());
  CHECK(f.endpoints[3].outcome == Outcome::kMissingEvidence);
  CHECK(f.endpoints[3].probe_ids.empty());
  CHECK(
      f.message ==
      "does not hold at GET https://failing.example/: status is 500; the rule needs it to be 200; "
      "besides, error: GET https://timeout.example/: timed out after 300 ms; "
      "missing_evidence: no observation of GET https://unseen.example/ in the evidence");

  // Without a fail, an error outranks missing evidence; a pass needs every endpoint to pass.
  evidence.http.erase(plan.http[0].Key());
  observe(0, true, 200, "");
  CHECK(EvaluateRule(selection[0], doc, &ctx).outcome == Outcome::kError);
  observe(1, true, 200, "");
  CHECK(EvaluateRule(selection[0], doc, &ctx).outcome == Outcome::kMissingEvidence);
  observe(3, true, 200, "");
  Finding pass = EvaluateRule(selection[0], doc, &ctx);
  CHECK(pass.outcome == Outcome::kPass);
  CHECK(pass.message == "holds at 4 endpoints");
  CHECK(pass.endpoints.size() == 4);
}

TEST_CASE("rules compare dates with the audit date, which the result records") {
  DiagnosticSink sink;
  std::vector<SourceText> files{{"d.yaml", R"yaml(kind: pack
pack:
  id: d
  version: 1.0.0
  title: {ja: 日付, en: Dates}
  issuer: Test
  source: {document: Test, edition: "1"}
  effective_date: 2024-01-01
rules:
  - id: d.drill
    title: {ja: 訓練, en: Drill}
    citation: {document: Doc, section: "1"}
    level: must
    severity: low
    category: bcp
    check: {type: manifest, expect: "within(bcp.last_drill_date, '12 months')"}
    remediation: {ja: 直す, en: Fix}
)yaml"}};
  RuleSet rules = LoadRuleSet(files, sink);
  REQUIRE(!sink.has_errors());
  auto doc = ParseDocument({"m.yaml", "bcp: {last_drill_date: 2025-03-01}\n"},
                           DocumentFormat::kYaml, {}, sink);
  REQUIRE(doc);
  auto selection = rules.SelectPacks({});
  AuditOptions options;
  options.generated_at = "2026-01-01T00:00:00Z";
  options.today = "2026-03-01";
  AuditResult r = RunAudit(rules, selection, *doc, options);
  CHECK(r.audit_date == "2026-03-01");
  CHECK(r.findings[0].outcome == Outcome::kPass);
  options.today = "2026-03-02";
  CHECK(RunAudit(rules, selection, *doc, options).findings[0].outcome == Outcome::kFail);
  options.today = "";
  Finding undated = RunAudit(rules, selection, *doc, options).findings[0];
  CHECK(undated.outcome == Outcome::kError);
  CHECK(undated.message ==
        "check: within() compares with the audit date, and none was given (checker audit "
        "--today DATE)");
}

TEST_CASE("repeated --target PURPOSE=URL adds endpoints; together they replace the manifest's") {
  Fixture fx;
  auto doc = fx.Manifest(
      "endpoints:\n"
      "  - {url: https://www.example/, http_url: http://www.example/, purpose: web}\n"
      "  - {url: https://www2.example/, purpose: web}\n"
      "  - {url: https://api.example/, purpose: api}\n");
  std::vector<Target> targets;
  for (const char* t :
       {"web=https://127.0.0.1:1/", "web=https://127.0.0.1:2/", "fhir=https://127.0.0.1:3/fhir",
        "fhir=https://127.0.0.1:4/fhir", "https://127.0.0.1:5/"}) {
    std::string error;
    auto target = ParseTarget(t, &error);
    REQUIRE(target);
    targets.push_back(*target);
  }
  auto endpoints = AuditEndpoints(doc, targets);
  std::vector<std::string> seen;
  for (const auto& e : endpoints) seen.push_back(e.purpose + " " + e.url + " " + e.http_url);
  CHECK(seen == std::vector<std::string>{
                    "web https://127.0.0.1:1/ http://www.example/", "web https://127.0.0.1:2/ ",
                    "api https://api.example/ ", "fhir https://127.0.0.1:3/fhir ",
                    "fhir https://127.0.0.1:4/fhir ", "any https://127.0.0.1:5/ "});
  std::string error;
  targets.push_back(*ParseTarget("web.http=http://127.0.0.1:6/", &error));
  for (const auto& e : AuditEndpoints(doc, targets))
    if (e.purpose == "web") CHECK(e.http_url == "http://127.0.0.1:6/");
  auto selection = fx.rules.SelectPacks({});
  CHECK(EndpointPurposes(selection, doc) == std::vector<std::string>{"api", "web"});
}

TEST_CASE("a failing check gives every failing condition as a reason, in the rule's words") {
  Fixture fx(kReasonsPack);
  Finding f = fx.Eval("r.reasons", fx.Manifest(R"(contacts:
  police: false
staff:
  - {id: sato, trained: true}
  - {id: suzuki, trained: false}
  - {name: tanaka, trained: false}
)"));
  CHECK(f.outcome == Outcome::kFail);
  REQUIRE(f.reasons.size() == 4);
  CHECK(f.reasons[0].text.en == "No 24x7 contact is declared");
  CHECK(f.reasons[0].text.ja == "24時間の連絡先がありません");
  CHECK(f.reasons[0].absent);
  CHECK(f.reasons[0].location.ToString() == "m.yaml:2:3");  // where it belongs: contacts
  CHECK(f.reasons[1].text.en == "contacts.police is false; the rule needs it to be true");
  CHECK(f.reasons[1].location.ToString() == "m.yaml:2:11");
  CHECK(f.reasons[2].item == "suzuki");
  CHECK(f.reasons[2].text.en == "suzuki is not trained (false); the rule needs it to be true");
  CHECK(f.reasons[2].location.ToString() == "m.yaml:5:27");
  CHECK(f.reasons[3].item == "tanaka");
  CHECK(f.message ==
        "No 24x7 contact is declared; contacts.police is false; the rule needs it to "
        "be true; suzuki is not trained (false); the rule needs it to be true; "
        "tanaka is not trained (false); the rule needs it to be true");
  CHECK(f.expression ==
        "exists(contacts.vendor_24x7) && contacts.police == true && all(staff, s, s.trained)");
  // A passing check has no reasons (and pays for none).
  f = fx.Eval("r.reasons", fx.Manifest("contacts: {vendor_24x7: x, police: true}\nstaff: []\n"));
  CHECK(f.outcome == Outcome::kPass);
  CHECK(f.reasons.empty());
  CHECK(f.expression.empty());
}

TEST_CASE("a reason template with an unknown placeholder is refused with its position") {
  DiagnosticSink sink;
  std::string pack = kReasonsPack;
  pack.replace(pack.find("({value})"), 9, "({valeu})");
  std::vector<SourceText> files{{"t.yaml", pack}};
  LoadRuleSet(files, sink);
  REQUIRE(sink.has_errors());
  std::string all;
  for (const auto& d : sink.diagnostics()) all += FormatDiagnostic(d);
  CHECK_THAT(all, Catch::Contains("unknown placeholder '{valeu}'"));
  CHECK_THAT(all, Catch::Contains("did you mean 'value'"));
}

TEST_CASE("mhlw6.incident.reporting names the absent 24x7 contact and police: false, with lines") {
  DiagnosticSink sink;
  std::vector<SourceText> files{
      {"rules/mhlw6/pack.yaml", test::ReadText(test::SourceDir() + "/rules/mhlw6/pack.yaml")},
      {"rules/crosswalk/checks.yaml",
       test::ReadText(test::SourceDir() + "/rules/crosswalk/checks.yaml")}};
  RuleSet rules = LoadRuleSet(files, sink);
  REQUIRE(!sink.has_errors());
  const Rule* rule = rules.FindRule("mhlw6.incident.reporting");
  REQUIRE(rule != nullptr);
  auto doc = ParseDocument({"m.yaml",
                            "incident:\n  contacts:\n    mhlw_procedure: true\n"
                            "    police: false\n"},
                           DocumentFormat::kYaml, {}, sink);
  REQUIRE(doc);
  Finding f = EvaluateRule({rule, rule->level}, *doc);
  CHECK(f.outcome == Outcome::kFail);
  REQUIRE(f.reasons.size() == 2);
  CHECK(f.reasons[0].path == "incident.contacts.vendor_24x7");
  CHECK(f.reasons[0].location.ToString() == "m.yaml:3:5");
  CHECK(f.reasons[0].text.en ==
        "No 24x7 incident contact is declared (incident.contacts.vendor_24x7)");
  CHECK(f.reasons[1].path == "incident.contacts.police");
  CHECK(f.reasons[1].location.ToString() == "m.yaml:4:13");
  CHECK(f.reasons[1].text.en ==
        "No procedure for reporting to the police is defined (incident.contacts.police: false)");
}
