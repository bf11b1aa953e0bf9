// Every format, byte for byte, from two real reports frozen in tests/golden/: a live audit of the
// FHIR provider (probes, a waiver, a failure) and an offline audit of the symptom checker
// (gray-zone questions, missing evidence, attestations). Each writer reads only the JSON report,
// so these files pin what a user receives. After an intended change:
//   CHECKER_UPDATE_GOLDEN=1 build/tests/checker_reports_tests '[golden]'   and review the diff.
// That run writes the files and fails; the next run, without the variable, must pass.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "checker/report.h"

#include "support/test_support.h"

using namespace checker;

namespace {

const char* const kSources[] = {"aozora-fhir", "kokoro-symptom-checker"};

struct Format {
  std::string file;
  std::function<std::string(const AuditResult&)> render;
};

std::vector<Format> Formats() {
  return {
      {"report.en.md", [](const AuditResult& r) { return RenderMarkdown(r, Language::kEn); }},
      {"report.ja.md", [](const AuditResult& r) { return RenderMarkdown(r, Language::kJa); }},
      {"report.html", RenderHtml},
      {"report.junit.xml", RenderJunit},
      {"report.sarif", RenderSarif},
      {"report.oscal.json", RenderOscal},
      {"badge.svg", RenderBadge},
      {"grayzone-casefile.en.md",
       [](const AuditResult& r) { return RenderCaseFileMarkdown(r, Language::kEn); }},
      {"grayzone-casefile.ja.md",
       [](const AuditResult& r) { return RenderCaseFileMarkdown(r, Language::kJa); }},
      {"grayzone-casefile.html", RenderCaseFileHtml},
  };
}

std::string GoldenDir() { return test::SourceDir() + "/tests/golden"; }

AuditResult Load(const std::string& source) {
  DiagnosticSink sink;
  auto r = ParseJsonReport(test::ReadText(GoldenDir() + "/" + source + ".json"), source, sink);
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("every report format matches its golden file", "[golden]") {
  for (const char* source : kSources) {
    AuditResult r = Load(source);
    // A field added to the report format is carried into the frozen reports by reading them back
    // and rendering them again (their findings stay those of the live audit).
    if (std::getenv("CHECKER_UPDATE_GOLDEN") != nullptr)
      std::ofstream(GoldenDir() + "/" + source + ".json", std::ios::binary) << RenderJsonReport(r);
    // The JSON report reads back and renders to the same bytes: it is the source of the rest.
    CHECK(RenderJsonReport(r) == test::ReadText(GoldenDir() + "/" + source + ".json"));
    for (const auto& format : Formats())
      test::CheckGolden(GoldenDir() + "/" + source + "/" + format.file, format.render(r));
  }
}

TEST_CASE("every report format renders from the compact report as from the full one", "[golden]") {
  for (const char* source : kSources) {
    const std::string full = test::ReadText(GoldenDir() + "/" + source + ".json");
    const std::string compact = RenderJsonReport(Load(source), ReportForm::kCompact);
    CHECK(compact.size() * 4 < full.size() * 3);
    DiagnosticSink sink;
    auto r = ParseJsonReport(compact, source, sink);
    REQUIRE(r);
    // The full report written from the compact one is the golden report, byte for byte.
    CHECK(RenderJsonReport(*r) == full);
    for (const auto& format : Formats())
      CHECK(format.render(*r) == test::ReadText(GoldenDir() + "/" + source + "/" + format.file));
  }
}

TEST_CASE("the index page comparing audits matches its golden file", "[golden]") {
  std::vector<AuditResult> results;
  for (const char* source : kSources) results.push_back(Load(source));
  std::string rendered =
      RenderIndex(results, {"aozora-fhir/report.html", "kokoro-symptom-checker/report.html"});
  test::CheckGolden(GoldenDir() + "/index.html", rendered);
  CHECK(rendered.find("<a href=\"kokoro-symptom-checker/report.html\">Kokoro Check</a>") !=
        std::string::npos);
  CHECK(rendered.find("<script") == std::string::npos);
}

TEST_CASE("OSCAL assessment-results has the structure the OSCAL 1.1 model requires", "[golden]") {
  const std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  const std::regex datetime(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$)");
  for (const char* source : kSources) {
    AuditResult r = Load(source);
    auto doc = nlohmann::json::parse(RenderOscal(r));
    REQUIRE(doc.size() == 1);
    const auto& ar = doc.at("assessment-results");
    CHECK(std::regex_match(ar.at("uuid").get<std::string>(), uuid));
    const auto& meta = ar.at("metadata");
    for (const char* key : {"title", "last-modified", "version", "oscal-version"})
      CHECK(meta.at(key).is_string());
    CHECK(std::regex_match(meta.at("last-modified").get<std::string>(), datetime));
    CHECK(meta.at("oscal-version").get<std::string>().rfind("1.1", 0) == 0);
    CHECK(ar.at("import-ap").at("href").is_string());
    REQUIRE(ar.at("results").size() == 1);
    const auto& result = ar.at("results")[0];
    CHECK(std::regex_match(result.at("uuid").get<std::string>(), uuid));
    for (const char* key : {"title", "description", "start"}) CHECK(result.at(key).is_string());
    CHECK(result.at("reviewed-controls").at("control-selections").is_array());
    std::set<std::string> observations;
    for (const auto& o : result.at("observations")) {
      CHECK(std::regex_match(o.at("uuid").get<std::string>(), uuid));
      CHECK(o.at("description").is_string());
      CHECK(!o.at("methods").empty());
      CHECK(observations.insert(o.at("uuid").get<std::string>()).second);  // unique
    }
    CHECK(!observations.empty());
    size_t findings = 0;
    for (const auto& f : result.at("findings")) {
      ++findings;
      CHECK(std::regex_match(f.at("uuid").get<std::string>(), uuid));
      CHECK(f.at("title").is_string());
      CHECK(f.at("description").is_string());
      const auto& target = f.at("target");
      CHECK(target.at("type") == "objective-id");
      CHECK(target.at("target-id").is_string());
      std::string state = target.at("status").at("state");
      CHECK((state == "satisfied" || state == "not-satisfied"));
      for (const auto& rel : f.value("related-observations", nlohmann::json::array()))
        CHECK(observations.count(rel.at("observation-uuid").get<std::string>()) == 1);
    }
    // One finding per decided rule; rules that do not apply to the service are left out.
    CHECK(findings > 0);
    CHECK(findings == r.findings.size() - r.counts.Count(Outcome::kNotApplicable));
  }
}

TEST_CASE("the gray-zone case file lays out facts, laws and questions, and decides nothing",
          "[golden]") {
  AuditResult r = Load("kokoro-symptom-checker");
  std::string md = RenderCaseFileMarkdown(r, Language::kEn);
  CHECK(md.find("## Laws that may apply") != std::string::npos);
  CHECK(md.find("| 医師法 17条, 20条 | Q1, Q6 |") != std::string::npos);
  CHECK(md.find("### Q1. Symptom checkers and AI triage may amount to medical practice") !=
        std::string::npos);
  CHECK(md.find("(examples/kokoro\\-symptom\\-checker/manifest.yaml:16:14)") == std::string::npos);
  // Each fact is the feature that raised the question, at its own column, not the whole list.
  CHECK(md.find("  - `service.features[0]` = `\"symptom_checker\"` "
                "(examples/kokoro-symptom-checker/manifest.yaml:16:14)") != std::string::npos);
  CHECK(md.find("  - `service.features[2]` = `\"otc_recommendation\"` "
                "(examples/kokoro-symptom-checker/manifest.yaml:16:51)") != std::string::npos);
  std::string html = RenderCaseFileHtml(r);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  // A service with no gray-zone facts gets a file that says so.
  AuditResult plain = Load("aozora-fhir");
  CHECK(RenderCaseFileMarkdown(plain, Language::kEn).find("No fact of this service raises") !=
        std::string::npos);
}
