// Citations in the human reports: the unconfirmed mark is visible in every format, and a finding
// with several citations shows each document with its own section (docs/packs.md).

#include <catch2/catch.hpp>

#include "checker/report.h"

using namespace checker;

namespace {

Finding Cited(std::string rule_id, std::vector<Citation> citations) {
  Finding f;
  f.rule_id = std::move(rule_id);
  f.pack_id = "mhlw6";
  f.title = {"タイトル", "Title"};
  f.outcome = Outcome::kFail;
  f.level = Level::kMust;
  f.severity = RuleSeverity::kHigh;
  f.category = "data-location";
  f.check_type = CheckType::kManifest;
  f.message = "does not hold";
  f.citations = std::move(citations);
  return f;
}

// One finding with two sources, the second unconfirmed; one with a single unconfirmed source.
AuditResult TwoFindings() {
  AuditResult r;
  r.tool_version = "0.1.0";
  r.generated_at = "2026-11-26T00:00:00Z";
  r.subject = {"m.yaml", "yaml", std::string(64, 'a'), "svc", "vendor", "1"};
  r.profile_id = "phr-service";
  r.probe_mode = "offline";
  r.findings.push_back(
      Cited("mhlw6.location.japan", {{"External storage notice (外部保存通知)", "第2 1(2)", ""},
                                     {"PPC FAQ", "Q4-31", "", true}}));
  r.findings.push_back(
      Cited("mhlw6.crypto.at-rest", {{"MHLW Guideline 6.0, System Operation", "12", "", true}}));
  for (const auto& f : r.findings) {
    r.counts.by_outcome[f.outcome]++;
    r.counts.total++;
  }
  return r;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("Markdown puts each of several citations on its own line, with the mark", "[citations]") {
  std::string en = RenderMarkdown(TwoFindings(), Language::kEn);
  CHECK(Has(en,
            "- Citation:\n"
            "  - External storage notice \\(外部保存通知\\) 第2 1\\(2\\)\n"
            "  - PPC FAQ Q4-31 \\[unconfirmed\\]\n"));
  // The confirmed citation carries no mark, and no line joins two documents.
  CHECK_FALSE(Has(en, "第2 1\\(2\\) \\[unconfirmed\\]"));
  CHECK_FALSE(Has(en, "; PPC FAQ"));
  CHECK(Has(en, "- Citation: MHLW Guideline 6.0, System Operation 12 \\[unconfirmed\\]\n"));

  std::string ja = RenderMarkdown(TwoFindings(), Language::kJa);
  CHECK(Has(ja, "  - PPC FAQ Q4-31 \\[未確認\\]\n"));
  CHECK(Has(ja, "- 根拠: MHLW Guideline 6.0, System Operation 12 \\[未確認\\]\n"));
  CHECK_FALSE(Has(ja, "[unconfirmed"));
}

TEST_CASE("HTML marks an unconfirmed citation in both languages, one citation a line",
          "[citations]") {
  std::string html = RenderHtml(TwoFindings());
  const std::string mark =
      " <span class=\"unconfirmed\">[<span class=\"ja\">未確認</span><span "
      "class=\"en\">unconfirmed</span>]</span>";
  CHECK(Has(html,
            "External storage notice (外部保存通知) 第2 1(2)<br>PPC FAQ Q4-31" + mark + "<br>"));
  CHECK(Has(html, "MHLW Guideline 6.0, System Operation 12" + mark + "<br>"));
  CHECK(Has(html, ".unconfirmed {"));  // the mark is styled, not only worded
}

TEST_CASE("JSON carries the confidence of each citation; SARIF and OSCAL print the mark",
          "[citations]") {
  AuditResult r = TwoFindings();
  std::string json = RenderJsonReport(r);
  DiagnosticSink sink;
  auto back = ParseJsonReport(json, "report.json", sink);
  REQUIRE(back);
  REQUIRE(back->findings.size() == 2);
  REQUIRE(back->findings[0].citations.size() == 2);
  CHECK_FALSE(back->findings[0].citations[0].unconfirmed);
  CHECK(back->findings[0].citations[1].unconfirmed);
  CHECK(back->findings[1].citations[0].unconfirmed);
  CHECK(Has(json, "\"confidence\": \"unconfirmed\""));
  CHECK(Has(RenderSarif(r), "PPC FAQ Q4-31 [unconfirmed]"));
  CHECK(Has(RenderOscal(r), "PPC FAQ Q4-31 [unconfirmed]"));
}
