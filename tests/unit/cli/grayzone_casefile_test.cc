// End to end: the symptom checker that recommends OTC drugs (examples/kokoro-symptom-checker) is
// audited offline; the device question and the OTC question are legal_review findings citing the
// right articles, each fact points at the feature that raised it, and the case file has every
// section a regulator needs: in Markdown as CommonMark (cmark) renders it, in HTML as Chromium
// shows it.

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/browser.h"
#include "support/commonmark.h"
#include "support/test_support.h"

using namespace checker;
using test::Run;
using Json = nlohmann::json;

namespace {

const std::string kChecker = CHECKER_BINARY;

bool Has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

const Json& FindingOf(const Json& report, const std::string& rule_id) {
  for (const auto& f : report.at("findings"))
    if (f.at("rule_id") == rule_id) return f;
  FAIL("no finding for " << rule_id);
  throw std::logic_error("unreachable");
}

// "law article" of each law, with " [unconfirmed]" when the rule marks it.
std::vector<std::string> Laws(const Json& finding) {
  std::vector<std::string> out;
  for (const auto& l : finding.at("laws"))
    out.push_back(l.at("law").get<std::string>() + " " + l.at("article").get<std::string>() +
                  (l.at("confidence") == "unconfirmed" ? " [unconfirmed]" : ""));
  return out;
}

bool Contains(const std::vector<std::string>& list, const std::string& what) {
  return std::find(list.begin(), list.end(), what) != list.end();
}

}  // namespace

TEST_CASE("a symptom checker recommending OTC drugs: device and OTC questions, a full case file",
          "[casefile]") {
  test::TempDir dir;
  auto out = dir.path() / "out";
  const std::string manifest = "examples/kokoro-symptom-checker/manifest.yaml";
  auto r = Run({kChecker, "audit", "--manifest", test::SourceDir() + "/" + manifest, "--profile",
                "phr-service", "--offline", "--out", out.string(), "--format", "json,casefile",
                "--lang", "en"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 1);  // missing evidence elsewhere; the gray-zone questions never fail
  const Json report = Json::parse(test::ReadText(out / "report.json"));

  const Json& device = FindingOf(report, "grayzone.disease-risk");
  CHECK(device.at("outcome") == "legal_review");
  auto laws = Laws(device);
  CHECK(Contains(laws, "医薬品医療機器等法 2条4項, 13項"));
  CHECK(Contains(laws, "医薬品医療機器等法 2条5項〜7項, 23条の2の5, 23条の2の23 [unconfirmed]"));
  for (const auto& law : laws) CHECK_FALSE(Has(law, "23条の2 "));  // not the marketing licence
  // Raised by the symptom checker itself: no extra flag is needed.
  REQUIRE(device.at("evidence").size() == 1);
  CHECK(device.at("evidence")[0].at("path") == "service.features[0]");
  CHECK(device.at("evidence")[0].at("value") == "\"symptom_checker\"");
  CHECK(device.at("authorities")[0].at("ja") == "厚生労働省 医薬局");
  CHECK(device.at("facts_needed").size() >= 3);

  const Json& otc = FindingOf(report, "grayzone.otc-recommendation");
  CHECK(otc.at("outcome") == "legal_review");
  laws = Laws(otc);
  CHECK(std::any_of(laws.begin(), laws.end(), [](const std::string& l) {
    return l.starts_with("医薬品医療機器等法 36条の9") && l.ends_with("[unconfirmed]");
  }));
  CHECK(Contains(laws, "薬剤師法 1条 [unconfirmed]"));
  REQUIRE(otc.at("evidence").size() == 1);
  const Json& fact = otc.at("evidence")[0];
  CHECK(fact.at("path") == "service.features[2]");
  CHECK(fact.at("location").at("line") == 16);
  CHECK(fact.at("location").at("column") == 51);  // the item, not the list
  CHECK(otc.at("precedents")[0].at("confidence") == "unconfirmed");
  bool cites_pharmacists_act = false;
  for (const auto& c : otc.at("citations"))
    cites_pharmacists_act = cites_pharmacists_act || Has(c.at("document"), "薬剤師法");
  CHECK(cites_pharmacists_act);

  // The Markdown case file, as a CommonMark reader sees it.
  const std::string md = test::ReadText(out / "grayzone-casefile.md");
  for (const char* section :
       {"## The service as the vendor describes it", "suggests an OTC drug by product name",
        "## The gray-zone resolution system: legal basis and course", "産業競争力強化法",
        "## Laws that may apply", "## Competent authorities", "| MHLW, Pharmaceutical Bureau",
        "## Questions to resolve", "Software telling an individual a disease likelihood",
        "Recommending specific OTC drugs to an individual", "- Facts that raised it:",
        "- Facts still needed before an answer:", "- Published answers to compare with:",
        "- Options for the regulator:", "a connected device", "\\[unconfirmed\\]"}) {
    INFO(section);
    CHECK(Has(md, section));
  }
  CHECK_FALSE(Has(md, "Options for the vendor"));
  const std::string html = test::RenderCommonMark(md);
  const auto code = test::CodeTexts(html);
  CHECK(Contains(code, "service.features[2]"));
  CHECK(Contains(code, "\"otc_recommendation\""));
  CHECK(Contains(code, "grayzone.otc-recommendation"));
  CHECK(Has(html, "<h2>Competent authorities</h2>"));
  CHECK(Has(html, "(" + test::SourceDir() + "/" + manifest + ":16:51)"));

  // The HTML case file in Chromium: every section there, nothing run.
  std::string chromium = test::Chromium();
  REQUIRE_FALSE(chromium.empty());  // scripts/run.sh installs Debian's chromium
  auto dom = test::DumpDom(chromium, dir.path() / "chromium", out / "grayzone-casefile.html");
  INFO(dom.err);
  REQUIRE(dom.out.size() > 1000);
  for (const char* part :
       {"<section id=\"description\">", "<section id=\"procedure\">", "<section id=\"questions\">",
        "Competent authorities", "Facts still needed before an answer",
        "Published answers to compare with", "Options for the regulator",
        "<code>service.features[2]</code>", "薬剤師法 1条 [未確認]", "産業競争力強化法",
        "suggests an OTC drug by product name"}) {
    INFO(part);
    CHECK(Has(dom.out, part));
  }
  CHECK(Has(dom.out, "<title>Gray-zone case file: Kokoro Check</title>"));
}
