// The compact JSON report (fleets): each rule's members once, evidence in the subject's manifest
// without the file, no indentation. It reads back into the same result as the full form, so
// every format rendered from it is the same (golden_formats_test.cc renders the goldens from it).

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "checker/report.h"

using namespace checker;

namespace {

constexpr const char* kManifest = "vendors/hostile/manifest.yaml";

Finding Failing(std::string rule_id) {
  Finding f;
  f.rule_id = std::move(rule_id);
  f.pack_id = "starter";
  f.title = {"保存データを暗号化する", "Stored data is encrypted \u2028<script>"};
  f.category = "cryptography";
  f.outcome = Outcome::kFail;
  f.message = "storage.encryption.at_rest is false";
  Reason reason;
  reason.text = {"値は false です", "storage.encryption.at_rest is false\x01\"\\"};
  reason.condition = "storage.encryption.at_rest == true";
  reason.path = "storage.encryption.at_rest";
  reason.observed = "false";
  reason.location = {kManifest, 17, 29};
  f.reasons.push_back(reason);
  f.expression = reason.condition;
  f.evidence.push_back(
      {"manifest", "storage.encryption.at_rest", "false\u2029", {kManifest, 17, 29}, ""});
  f.evidence.push_back({"manifest", "other", "x", {"vendors/hostile/included.yaml", 3, 1}, ""});
  f.evidence.push_back({"manifest", "nowhere", "y", {}, ""});
  f.evidence.push_back({"http", "headers.hsts", "\xff\xfe not UTF-8", {}, "GET https://a/"});
  f.citations.push_back({"HIPAA Security Rule", "45 CFR 164.312(a)(2)(iv)", "", true});
  f.remediation = {"暗号化してください", "Encrypt it"};
  f.tags = {"encryption", "hipaa"};
  f.rule_location = {"rules/starter/pack.yaml", 160, 5};
  return f;
}

AuditResult Hostile() {
  AuditResult r;
  r.tool_version = "0.1.0";
  r.generated_at = "2026-01-31T09:00:00Z";
  r.audit_date = "2026-01-30";
  r.subject.manifest_path = kManifest;
  r.subject.service_id = "hostile\n\"id\"";
  r.profile_id = "starter";
  r.rule_sources.push_back({"starter", "1.0.0", "2025", std::string(64, 'b')});
  r.findings.push_back(Failing("starter.a"));
  r.findings.push_back(Failing("starter.b"));
  // The same rule twice, the second with other rule members: it keeps its own.
  Finding again = Failing("starter.a");
  again.title.en = "A different title";
  again.tags = {"other"};
  r.findings.push_back(again);
  for (const auto& f : r.findings) {
    r.counts.by_outcome[f.outcome]++;
    r.counts.total++;
  }
  return r;
}

AuditResult ReadBack(const std::string& text) {
  DiagnosticSink sink;
  auto parsed = ParseJsonReport(text, "report.json", sink);
  REQUIRE(parsed);
  return *parsed;
}

}  // namespace

TEST_CASE("the compact report reads back to the full report's result") {
  const AuditResult r = Hostile();
  const std::string full = RenderJsonReport(r);
  const std::string compact = RenderJsonReport(r, ReportForm::kCompact);
  CHECK(compact.size() < full.size());
  CHECK(compact.find("\n") == compact.size() - 1);  // one line
  // Written from what is read back, the full form is byte for byte the original's: nothing of a
  // finding (reasons, evidence and its locations, rule members, hostile strings) is lost.
  AuditResult back = ReadBack(compact);
  CHECK(RenderJsonReport(back) == full);
  REQUIRE(back.findings.size() == 3);
  CHECK(back.findings[0].reasons.at(0).text.en == "storage.encryption.at_rest is false\x01\"\\");
  CHECK(back.findings[0].evidence.at(0).location.file == kManifest);
  CHECK(back.findings[0].evidence.at(1).location.file == "vendors/hostile/included.yaml");
  CHECK(back.findings[1].title.en == "Stored data is encrypted \u2028<script>");
  CHECK(back.findings[2].title.en == "A different title");
  CHECK(back.findings[2].tags == std::vector<std::string>{"other"});
  // And the compact form of the result read back is the same compact text.
  CHECK(RenderJsonReport(back, ReportForm::kCompact) == compact);
}

TEST_CASE("the compact report names each rule once and leaves the manifest's name out") {
  const std::string compact = RenderJsonReport(Hostile(), ReportForm::kCompact);
  auto doc = nlohmann::ordered_json::parse(compact);
  CHECK(doc["report_form"] == "compact");
  REQUIRE(doc["rules"].size() == 2);  // starter.a and starter.b
  CHECK(doc["rules"][0]["rule_id"] == "starter.a");
  CHECK(doc["rules"][0]["tags"].get<std::vector<std::string>>() ==
        std::vector<std::string>{"encryption", "hipaa"});
  const auto& first = doc["findings"][0];
  for (const char* member : {"title", "citations", "remediation", "tags", "rule_location"})
    CHECK_FALSE(first.contains(member));
  CHECK(first["reasons"][0]["condition"] == "storage.encryption.at_rest == true");
  CHECK_FALSE(first["evidence"][0]["location"].contains("file"));
  CHECK(first["evidence"][0]["location"]["line"] == 17);
  CHECK(first["evidence"][1]["location"]["file"] == "vendors/hostile/included.yaml");
  CHECK(first["evidence"][2]["location"].is_null());
  CHECK(doc["findings"][2]["title"]["en"] == "A different title");
}

TEST_CASE("a compact report without its rules table loses nothing else and is refused when odd") {
  const std::string compact = RenderJsonReport(Hostile(), ReportForm::kCompact);
  auto doc = nlohmann::ordered_json::parse(compact);
  doc.erase("rules");
  AuditResult back = ReadBack(doc.dump());
  CHECK(back.findings.at(0).title.en.empty());  // the table is where the title is
  CHECK(back.findings.at(0).reasons.size() == 1);
  doc["report_form"] = "tiny";
  DiagnosticSink sink;
  CHECK_FALSE(ParseJsonReport(doc.dump(), "r.json", sink));
  CHECK(sink.diagnostics().at(0).message == "report_form must be full or compact");
}
