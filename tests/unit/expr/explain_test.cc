// Expression::Explain: every condition that kept a predicate from holding, in words.

#include <catch2/catch.hpp>

#include "checker/document.h"
#include "checker/expr.h"

using namespace checker;

namespace {

Document Manifest(std::string text) {
  DiagnosticSink sink;
  auto doc = ParseDocument({"m.yaml", std::move(text)}, DocumentFormat::kYaml, {}, sink);
  REQUIRE(doc);
  return std::move(*doc);
}

std::vector<FailedCondition> Explain(std::string_view text, const Document& doc) {
  DiagnosticSink sink;
  auto e = Expression::Compile(text, {"r.yaml", 1, 1}, sink);
  REQUIRE(e);
  REQUIRE(e->Evaluate(doc.root).status == EvalStatus::kFalse);
  return e->Explain(doc.root);
}

const char* kIncident = R"(incident:
  contacts:
    mhlw_procedure: true
    police: false
auth:
  mfa:
    enabled: false
  password:
    min_length: 6
)";

}  // namespace

TEST_CASE("every failing conjunct of an && chain is a reason, with its line", "[explain]") {
  Document doc = Manifest(kIncident);
  auto reasons = Explain(
      "exists(incident.contacts.vendor_24x7) && incident.contacts.mhlw_procedure == true && "
      "incident.contacts.police == true",
      doc);
  REQUIRE(reasons.size() == 2);
  CHECK(reasons[0].path == "incident.contacts.vendor_24x7");
  CHECK(reasons[0].absent);
  REQUIRE(reasons[0].nearest != nullptr);
  CHECK(reasons[0].nearest->position.line == 3);  // the contacts map, where it belongs
  CHECK(reasons[0].sentence_en ==
        "incident.contacts.vendor_24x7 is absent; the rule needs it to be present");
  CHECK(reasons[1].path == "incident.contacts.police");
  CHECK(reasons[1].observed == "false");
  REQUIRE(reasons[1].node != nullptr);
  CHECK(reasons[1].node->position.line == 4);
  CHECK(reasons[1].sentence_en ==
        "incident.contacts.police is false; the rule needs it to be true");
  CHECK(reasons[1].sentence_ja ==
        "incident.contacts.police は false です。true である必要があります。");
}

TEST_CASE("a boolean path and a comparison are said in words, never as the bare expression",
          "[explain]") {
  Document doc = Manifest(kIncident);
  auto reasons = Explain("auth.mfa.enabled && auth.password.min_length >= 8", doc);
  REQUIRE(reasons.size() == 2);
  CHECK(reasons[0].sentence_en == "auth.mfa.enabled is false; the rule needs it to be true");
  CHECK(reasons[1].sentence_en ==
        "auth.password.min_length is 6; the rule needs it to be at least 8");
  CHECK(reasons[1].expected_ja == "8 以上である必要があります");
  // Under '!' the wanted value flips; a literal on the left mirrors the comparison.
  reasons = Explain("!(auth.mfa.enabled == false) && 8 <= auth.password.min_length", doc);
  REQUIRE(reasons.size() == 2);
  CHECK(reasons[0].sentence_en == "auth.mfa.enabled is false; the rule needs it not to be false");
  CHECK(reasons[1].sentence_en ==
        "auth.password.min_length is 6; the rule needs it to be at least 8");
}

TEST_CASE("each failing element of all() is named by its id or name field", "[explain]") {
  Document doc = Manifest(R"(cookies:
  - {name: sid, secure: true, http_only: true}
  - {name: theme, secure: false, http_only: false}
  - {name: lang, secure: true, http_only: false}
)");
  auto reasons = Explain("all(cookies, c, c.secure && c.http_only)", doc);
  REQUIRE(reasons.size() == 3);
  CHECK(reasons[0].item == "theme");
  CHECK(reasons[0].item_path == "cookies[1]");
  CHECK(reasons[0].path == "cookies[1].secure");
  CHECK(reasons[0].pattern == "cookies[*].secure");
  CHECK(reasons[0].condition == "c.secure");
  CHECK(reasons[0].sentence_en ==
        "cookies[1] (theme): secure is false; the rule needs it to be true");
  CHECK(reasons[1].path == "cookies[1].http_only");
  CHECK(reasons[2].item == "lang");
  CHECK(reasons[2].path == "cookies[2].http_only");
}

TEST_CASE("a failing || lists each alternative; calls and membership are phrased", "[explain]") {
  Document doc = Manifest(R"(headers: {referrer-policy: unsafe-url}
csp: {has_frame_ancestors: false}
weak: [RC4, DES]
)");
  auto reasons = Explain("csp.has_frame_ancestors || exists(headers['x-frame-options'])", doc);
  REQUIRE(reasons.size() == 2);
  CHECK(reasons[0].path == "csp.has_frame_ancestors");
  CHECK(reasons[1].path == "headers[\"x-frame-options\"]");
  CHECK(reasons[1].absent);
  reasons = Explain("headers['referrer-policy'] in ['no-referrer', 'same-origin']", doc);
  REQUIRE(reasons.size() == 1);
  CHECK(reasons[0].sentence_en ==
        "headers[\"referrer-policy\"] is \"unsafe-url\"; the rule needs "
        "it to be one of ['no-referrer', 'same-origin']");
  reasons = Explain("len(weak) == 0", doc);
  REQUIRE(reasons.size() == 1);
  CHECK(reasons[0].subject == "len(weak)");
  CHECK(reasons[0].observed == "2");
  CHECK(reasons[0].path == "weak");
  CHECK(reasons[0].sentence_en == "len(weak) is 2; the rule needs it to be 0");
}

TEST_CASE("a predicate with one failing part gives exactly one reason", "[explain]") {
  Document doc = Manifest(kIncident);
  auto reasons =
      Explain("incident.contacts.mhlw_procedure == true && incident.contacts.police", doc);
  REQUIRE(reasons.size() == 1);
  CHECK(reasons[0].path == "incident.contacts.police");
}
