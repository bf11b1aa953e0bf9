#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "checker/probe.h"
#include "checker/report.h"

#include "support/test_support.h"

using namespace checker;

namespace {

AuditResult Sample() {
  AuditResult r;
  r.tool_version = "0.1.0";
  r.generated_at = "2026-01-31T09:00:00Z";
  r.audit_date = "2026-01-30";
  r.subject = {"examples/sakura-phr/manifest.yaml",
               "yaml",
               std::string(64, 'a'),
               "sakura-phr",
               "Sakura PHR",
               "Sakura Health K.K.",
               "A PHR app that keeps check-up results",
               {"examples/sakura-phr/manifest.yaml", 4, 16}};
  r.profile_id = "starter";
  r.rule_sources.push_back({"starter", "1.0.0", "2025", std::string(64, 'b')});
  Finding f;
  f.rule_id = "starter.crypto.at-rest";
  f.pack_id = "starter";
  f.title = {"保存データを暗号化する", "Stored health data is encrypted"};
  f.level = Level::kMust;
  f.severity = RuleSeverity::kHigh;
  f.category = "cryptography";
  f.check_type = CheckType::kManifest;
  f.check_id = "xw.encryption-at-rest";
  f.outcome = Outcome::kFail;
  f.message = "storage.encryption.at_rest is false; the rule needs it to be true";
  Reason reason;
  reason.text = {"storage.encryption.at_rest は false です。true である必要があります。",
                 "storage.encryption.at_rest is false; the rule needs it to be true"};
  reason.condition = "storage.encryption.at_rest == true";
  reason.path = "storage.encryption.at_rest";
  reason.observed = "false";
  reason.location = {"examples/sakura-phr/manifest.yaml", 17, 29};
  f.reasons.push_back(reason);
  reason.text = {"Cookie <sid> に Secure がありません", "Cookie <sid> is not \"Secure\""};
  reason.condition = "c.secure";
  reason.path = "cookies[0].secure";
  reason.item = "<sid>";
  reason.location = {};
  reason.endpoint = "GET https://sakura.example/";
  reason.header = "Set-Cookie: <sid>=1; HttpOnly";
  f.reasons.push_back(reason);
  f.expression = "storage.encryption.at_rest == true";
  f.evidence.push_back({"manifest",
                        "storage.encryption.at_rest",
                        "false",
                        {"examples/sakura-phr/manifest.yaml", 17, 29},
                        ""});
  f.citations.push_back({"HIPAA Security Rule", "45 CFR 164.312(a)(2)(iv)", ""});
  f.remediation = {"暗号化してください", "Encrypt it"};
  f.tags = {"encryption", "hipaa"};
  f.rule_location = {"rules/starter/pack.yaml", 160, 5};
  r.findings.push_back(f);
  Finding m = f;
  m.rule_id = "starter.x";
  m.outcome = Outcome::kMissingEvidence;
  m.evidence.clear();
  m.missing_paths = {"a.b", "c"};
  m.message = "script <b>\"quoted\"</b>\n";
  m.reasons.clear();
  m.expression.clear();
  r.findings.push_back(m);
  Finding h = f;
  h.rule_id = "starter.web.hsts";
  h.check_type = CheckType::kHttp;
  h.evidence.clear();
  h.endpoints = {{"https://a.example",
                  "web",
                  Outcome::kFail,
                  "does not hold at GET https://a.example/",
                  {"GET https://a.example/"}},
                 {"https://b.example",
                  "api",
                  Outcome::kError,
                  "GET https://b.example/: timed out",
                  {"GET https://b.example/"}}};
  r.findings.push_back(h);
  // A gray-zone finding carries its case: question, laws (one unconfirmed), authority, facts
  // still needed, a precedent and the regulator's options.
  Finding g = f;
  g.rule_id = "grayzone.otc-recommendation";
  g.check_type = CheckType::kGrayzone;
  g.outcome = Outcome::kLegalReview;
  g.reasons.clear();
  g.expression.clear();
  g.legal_question = {"推奨は販売時の情報提供に当たるか", "Is the recommendation advice at sale?"};
  g.laws = {{"医薬品医療機器等法", "36条の10", "", true}, {"医師法", "17条", "", false}};
  g.authorities = {{"厚生労働省 医薬局", "MHLW, Pharmaceutical Bureau"}};
  g.facts_needed = {{"推奨の出し方", "How a drug is recommended"}};
  g.precedents = {{"回答 2020-09-04", {"一般用医薬品の卸売", "OTC wholesale"}, "", true}};
  g.regulator_options = {{"推奨ロジックを求める", "Ask for the logic"}};
  r.findings.push_back(g);
  r.counts.by_outcome[Outcome::kFail] = 2;
  r.counts.by_outcome[Outcome::kMissingEvidence] = 1;
  r.counts.by_outcome[Outcome::kLegalReview] = 1;
  r.counts.total = 4;
  return r;
}

}  // namespace

TEST_CASE("the JSON report matches its golden file") {
  std::string rendered = RenderJsonReport(Sample());
  std::string golden_path = test::SourceDir() + "/tests/unit/reports/golden/report.json";
  test::CheckGolden(golden_path, rendered);
}

TEST_CASE("a JSON report reads back to the same result") {
  std::string rendered = RenderJsonReport(Sample());
  DiagnosticSink sink;
  auto parsed = ParseJsonReport(rendered, "report.json", sink);
  REQUIRE(parsed);
  CHECK(RenderJsonReport(*parsed) == rendered);
  CHECK(parsed->findings[1].missing_paths == std::vector<std::string>{"a.b", "c"});
  CHECK(parsed->counts.Count(Outcome::kFail) == 2);
  CHECK(parsed->subject.service_description == "A PHR app that keeps check-up results");
  CHECK(parsed->subject.service_description_location.line == 4);
  const Finding& g = parsed->findings.back();
  REQUIRE(g.laws.size() == 2);
  CHECK(g.laws[0].unconfirmed);
  CHECK_FALSE(g.laws[1].unconfirmed);
  REQUIRE(g.precedents.size() == 1);
  CHECK(g.precedents[0].id == "回答 2020-09-04");
  CHECK(g.precedents[0].unconfirmed);
  CHECK(g.authorities.size() == 1);
  CHECK(g.facts_needed.size() == 1);
  CHECK(g.regulator_options.size() == 1);
  CHECK(parsed->audit_date == "2026-01-30");
  REQUIRE(parsed->findings[2].endpoints.size() == 2);
  CHECK(parsed->findings[2].endpoints[1].outcome == Outcome::kError);
  CHECK(parsed->findings[2].endpoints[1].purpose == "api");
  CHECK(parsed->findings[2].endpoints[1].probe_ids ==
        std::vector<std::string>{"GET https://b.example/"});
  CHECK(parsed->findings[0].endpoints.empty());
  REQUIRE(parsed->findings[0].reasons.size() == 2);
  CHECK(parsed->findings[0].reasons[1].item == "<sid>");
  CHECK(parsed->findings[0].reasons[1].header == "Set-Cookie: <sid>=1; HttpOnly");
  CHECK(parsed->findings[0].reasons[0].location.line == 17);
  CHECK(parsed->findings[0].expression == "storage.encryption.at_rest == true");
}

TEST_CASE("reading a report that is not one gives a diagnostic") {
  DiagnosticSink sink;
  CHECK(!ParseJsonReport("{", "r.json", sink));
  CHECK(!ParseJsonReport("{\"format\": \"other\"}", "r.json", sink));
  CHECK(
      !ParseJsonReport("{\"format\": \"checker-report\", \"format_version\": 99}", "r.json", sink));
  REQUIRE(sink.diagnostics().size() == 3);
  CHECK(FormatDiagnostic(sink.diagnostics()[0]) ==
        "r.json: error[C101]: not a JSON report (malformed JSON)\n");
}

// Found by fuzz_report: members of the wrong kind threw outside the parser's error handling, and
// a finding without a title read a missing key through const operator[].
TEST_CASE("a tampered report with members of the wrong kind gives a diagnostic, not a crash") {
  DiagnosticSink sink;
  CHECK(!ParseJsonReport("{\"format\": 9}", "r.json", sink));
  CHECK(!ParseJsonReport("{\"format\": \"checker-report\", \"format_version\": \"1\"}", "r.json",
                         sink));
  CHECK(sink.error_count() == 2);
  const std::string minimal =
      "{\"format\": \"checker-report\", \"format_version\": 1, \"tool\": {}, \"subject\": {},"
      " \"summary\": {}, \"certification\": {\"decision\": \"certified\", \"grade\": \"A+\"},"
      " \"findings\": [{\"rule_id\": \"x\", \"outcome\": \"pass\","
      " \"level\": \"must\", \"severity\": \"high\", \"check_type\": \"manifest\"}],"
      " \"probes\": {\"http\": 5}}";
  DiagnosticSink ok_sink;
  auto result = ParseJsonReport(minimal, "r.json", ok_sink);
  REQUIRE(result);
  CHECK(result->findings.size() == 1);
  CHECK(result->findings[0].title.en.empty());
}

// Found by fuzz_report: a float where an integer belongs ("line": 1e308) was converted with
// undefined behaviour. The evidence reader shared the fault and the uncaught "format" check.
TEST_CASE("integers of the wrong kind or out of range make a report or evidence malformed") {
  DiagnosticSink sink;
  const std::string head =
      "{\"format\": \"checker-report\", \"format_version\": 1, \"tool\": {},"
      " \"subject\": {}, \"summary\": {\"exit_code\": ";
  CHECK(!ParseJsonReport(head + "1e308}, \"findings\": []}", "r.json", sink));
  CHECK(!ParseJsonReport(head + "-1}, \"findings\": [{\"rule_id\": \"x\", \"outcome\": \"pass\","
                                " \"level\": \"must\", \"severity\": \"high\", \"check_type\":"
                                " \"manifest\", \"rule_location\": {\"line\": -5}}]}",
                         "r.json", sink));
  CHECK(sink.error_count() == 2);
  CHECK(FormatDiagnostic(sink.diagnostics()[0]).find("malformed report") != std::string::npos);
  std::string error;
  CHECK(!ProbeEvidenceFromJson("{\"format\": 1}", &error));
  CHECK(error.find("malformed evidence file") == 0);
  CHECK(
      !ProbeEvidenceFromJson("{\"format\": \"checker-evidence\", \"format_version\": 1,"
                             " \"collected_at\": 1e308, \"http\": [], \"tls\": []}",
                             &error));
  CHECK(error.find("malformed evidence file") == 0);
}

TEST_CASE("evidence stores binary bodies as base64 and excerpts with why, and reads them back") {
  ProbeEvidence e;
  e.collected_at = 1;
  e.notes = {"a note"};
  std::string binary;
  for (int i = 0; i < 300000; ++i) binary += static_cast<char>(i % 256);
  HttpObservation whole;
  whole.key = "GET http://h/whole";
  whole.spec.url = "http://h/whole";
  whole.body = binary;
  whole.body_bytes = binary.size();
  HttpObservation cut = whole;
  cut.key = "GET http://h/cut";
  cut.body = binary.substr(0, kBodyExcerptBytes);
  cut.body_omitted = "no rule reads this response's body";
  HttpObservation text = whole;
  text.key = "GET http://h/text";
  text.body = "plain \"text\" 日本語\n";
  for (auto* o : {&whole, &cut, &text}) e.http[o->key] = *o;
  std::string json = ProbeEvidenceToJson(e);
  // Base64 takes 4/3 of the bytes; escaped, these bytes took about 4 times (and came back changed).
  CHECK(json.size() < binary.size() * 4 / 3 + 10000);
  std::string error;
  auto back = ProbeEvidenceFromJson(json, &error);
  INFO(error);
  REQUIRE(back);
  CHECK(back->notes == e.notes);
  CHECK(back->http.at(whole.key).body == binary);
  CHECK(back->http.at(whole.key).body_omitted.empty());
  CHECK(back->http.at(cut.key).body == cut.body);
  CHECK(back->http.at(cut.key).body_omitted == cut.body_omitted);
  CHECK(back->http.at(text.key).body == text.body);
  CHECK(json.find("plain \\\"text\\\" 日本語\\n") != std::string::npos);  // text stays text
  // A body that claims base64 but is not is refused.
  std::string bad = json;
  size_t at = bad.find("\"body_encoding\": \"base64\"");
  REQUIRE(at != std::string::npos);
  bad.replace(at, 25, "\"body_encoding\": \"rot13\"");
  CHECK_FALSE(ProbeEvidenceFromJson(bad, &error));
  CHECK(error.find("malformed evidence file") == 0);
}
