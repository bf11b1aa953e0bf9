// The gray-zone case file: its sections, and its Markdown as a CommonMark reader sees it (Debian's
// cmark): every code span holds the vendor's string exactly, and no vendor string becomes markup
// or a link.

#include <catch2/catch.hpp>

#include "checker/report.h"

#include "reports/text.h"
#include "support/commonmark.h"

using namespace checker;

namespace {

bool Has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

// Strings that have broken code spans: backticks in runs, at either end, entities, backslashes,
// markup, links, line breaks, spaces at both ends.
const std::vector<std::string> kHostile = {
    "service.features[3]",
    "\"symptom_checker\"",
    "`",
    "``a``",
    "a ` b `` c ``` d",
    "`leading",
    "trailing`",
    " both ends ",
    " leading only",
    "<script>alert(1)</script>",
    "&quot; &amp; &#39; &lt;",
    "back\\slash \\_ \\` \\\\",
    "[x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "line one\nline two",
    "*em* _em_ **strong** ~~s~~",
    "| a | b |",
    "\"</code><img src=x onerror=alert(1)>\"",
};

std::string Spaced(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

AuditResult GrayzoneResult(const std::string& path, const std::string& value) {
  AuditResult r;
  r.generated_at = "2026-11-24T00:00:00Z";
  r.subject.manifest_path = "m.yaml";
  r.subject.service_name = "Kokoro";
  r.subject.operator_name = "Kokoro Inc.";
  r.subject.service_description = "Shows likely conditions <b>and</b> suggests [OTC](x:y) drugs";
  r.subject.service_description_location = {"m.yaml", 6, 16};
  Finding f;
  f.rule_id = "grayzone.otc-recommendation";
  f.title = {"一般用医薬品の推奨", "Recommending OTC drugs"};
  f.outcome = Outcome::kLegalReview;
  f.check_type = CheckType::kGrayzone;
  f.evidence.push_back({"manifest", path, value, {"m.yaml", 9, 51}, ""});
  f.citations.push_back({"PMD Act", "Art. 36-10", "", true});
  f.legal_question = {"推奨は販売時の情報提供に当たるか", "Is the recommendation advice at sale?"};
  f.laws = {{"医薬品医療機器等法", "36条の10", "", true}, {"医師法", "17条", "", false}};
  f.authorities = {{"厚生労働省 医薬局", "MHLW, Pharmaceutical Bureau (医薬局)"}};
  f.facts_needed = {{"推奨の出し方", "How a drug is recommended"}};
  f.precedents = {{"回答 2020-09-04", {"一般用医薬品の卸売", "OTC wholesale"}, "", true}};
  f.regulator_options = {{"推奨ロジックを求める", "Ask the vendor for the logic"}};
  f.remediation = {"製品名をやめる", "Stop naming products"};
  r.findings.push_back(f);
  return r;
}

}  // namespace

TEST_CASE("a Markdown code span holds any string exactly as a CommonMark reader reads it",
          "[casefile][commonmark]") {
  for (const auto& s : kHostile) {
    INFO(s);
    std::string md = "- Fact: " + reports::MarkdownCode(s) + " (m.yaml:1:1)\n";
    std::string html = test::RenderCommonMark(md);
    INFO(html);
    CHECK(test::CodeTexts(html) == std::vector<std::string>{Spaced(s)});
    CHECK(Has(html, "</code> (m.yaml:1:1)</li>"));  // the span closed where the writer closed it
    CHECK_FALSE(Has(html, "<script"));
    CHECK_FALSE(Has(html, "<img"));
    CHECK_FALSE(Has(html, "<a "));
  }
  CHECK(reports::MarkdownCode("").empty());
}

TEST_CASE("the case file's facts render through CommonMark as the report holds them",
          "[casefile][commonmark]") {
  for (const auto& s : kHostile) {
    INFO(s);
    for (Language lang : {Language::kEn, Language::kJa}) {
      std::string md = RenderCaseFileMarkdown(GrayzoneResult(s, s), lang);
      std::string html = test::RenderCommonMark(md);
      INFO(html);
      auto code = test::CodeTexts(html);
      // Path and value side by side, each exactly; then the rule.
      auto at = std::find(code.begin(), code.end(), Spaced(s));
      REQUIRE(at != code.end());
      REQUIRE(at + 1 != code.end());
      CHECK(*(at + 1) == Spaced(s));
      CHECK(code.back() == "grayzone.otc-recommendation");
      CHECK_FALSE(Has(html, "<script"));
      CHECK_FALSE(Has(html, "<img"));
      CHECK_FALSE(Has(html, "<b>"));
      CHECK_FALSE(Has(html, "<a "));
      // Never an entity inside a span: a reader would see the entity, not the character.
      if (!Has(s, "&quot;")) CHECK_FALSE(Has(md, "&quot;"));
    }
  }
}

TEST_CASE("the case file has every section a regulator needs, in Markdown and HTML", "[casefile]") {
  AuditResult r = GrayzoneResult("service.features[2]", "\"otc_recommendation\"");
  std::string en = RenderCaseFileMarkdown(r, Language::kEn);
  for (const char* section :
       {"## The service as the vendor describes it", "## The gray-zone resolution system",
        "## Laws that may apply", "## Competent authorities", "## Questions to resolve",
        "- Competent authority:\n  - MHLW, Pharmaceutical Bureau", "- Laws and articles:\n",
        "  - 医薬品医療機器等法 36条の10 \\[unconfirmed\\]\n", "  - 医師法 17条\n",
        "- Facts that raised it:\n  - `service.features[2]` = `\"otc_recommendation\"` "
        "(m.yaml:9:51)",
        "- Facts still needed before an answer:\n  - How a drug is recommended",
        "- Published answers to compare with:\n  - 回答 2020-09-04 \\[unconfirmed\\]: OTC "
        "wholesale",
        "- Options for the regulator:\n  - Ask the vendor for the logic", "産業競争力強化法",
        "unconfirmed which is current",
        "(as the manifest states it: `service.description`, "
        "m.yaml:6:16)"}) {
    INFO(section);
    CHECK(Has(en, section));
  }
  // The vendor's options belong to the vendor's report, not to the regulator's file.
  CHECK_FALSE(Has(en, "Stop naming products"));
  CHECK_FALSE(Has(en, "Options for the vendor"));
  std::string ja = RenderCaseFileMarkdown(r, Language::kJa);
  for (const char* section :
       {"## 事業者によるサービスの説明", "## グレーゾーン解消制度", "## 所管省庁",
        "- 所管:\n  - 厚生労働省 医薬局", "  - 医薬品医療機器等法 36条の10 \\[未確認\\]",
        "- 回答の前に確かめるべき事実:\n  - 推奨の出し方",
        "- 所管省庁の選択肢:\n  - 推奨ロジックを求める"}) {
    INFO(section);
    CHECK(Has(ja, section));
  }
  std::string html = RenderCaseFileHtml(r);
  for (const char* part :
       {"<section id=\"description\">", "<blockquote>Shows likely conditions &lt;b&gt;and",
        "<section id=\"procedure\">", "産業競争力強化法", "Competent authorities",
        "Facts still needed before an answer", "Options for the regulator",
        "<code>service.features[2]</code> = <code>&quot;otc_recommendation&quot;</code>",
        "医薬品医療機器等法 36条の10 [未確認]</span> / <span lang=\"en\">医薬品医療機器等法 "
        "36条の10 [unconfirmed]"}) {
    INFO(part);
    CHECK(Has(html, part));
  }

  // No description: the file says so and what to ask for.
  r.subject.service_description.clear();
  CHECK(Has(RenderCaseFileMarkdown(r, Language::kEn), "The manifest has no service.description"));
  // No precedent: said, not left blank.
  r.findings[0].precedents.clear();
  CHECK(Has(RenderCaseFileMarkdown(r, Language::kEn),
            "- Published answers to compare with:\n  - None published"));
}
