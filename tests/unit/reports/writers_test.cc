// The HTML, Markdown, JUnit and SARIF writers: structure, and escaping of vendor-controlled text.

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <regex>

#include "checker/report.h"

#include "support/commonmark.h"

using namespace checker;

namespace {

// A vendor controls manifest values and every byte its endpoints return.
const std::string kPayload =
    "<script>alert(1)</script><img src=x onerror=alert(2)>|`*[x](javascript:y)";

AuditResult Hostile() {
  AuditResult r;
  r.tool_version = "0.1.0";
  r.generated_at = "2026-11-24T00:00:00Z";
  r.subject = {"m.yaml", "yaml", std::string(64, 'a'), "evil", kPayload, kPayload, kPayload, {}};
  r.profile_id = "phr-service";
  r.probe_mode = "live";
  Finding f;
  f.rule_id = "web.http.csp";
  f.pack_id = "web";
  f.title = {"タイトル", "Title"};
  f.outcome = Outcome::kFail;
  f.level = Level::kMust;
  f.severity = RuleSeverity::kHigh;
  f.category = "headers";
  f.check_type = CheckType::kHttp;
  f.message = "does not hold; found headers = " + kPayload;
  f.evidence.push_back({"http", "headers['server']", "\"" + kPayload + "\"", {}, "GET https://x/"});
  f.evidence.push_back({"manifest", "service.name", kPayload, {"m.yaml", 3, 9}, ""});
  f.citations.push_back({"OWASP ASVS", "V14.4.3", ""});
  Reason why;
  why.text = {"ヘッダが不正", "The header is wrong " + kPayload};
  why.condition = "headers['server'] == null";
  why.path = "headers['server']";
  why.observed = "\"" + kPayload + "\"";
  why.item = "Server";
  why.endpoint = "GET https://x/";
  why.header = "Server: " + kPayload;
  f.reasons.push_back(why);
  Reason gone;
  gone.text = {"宣言がない", "Nothing declared"};
  gone.path = "security.csp";
  gone.absent = true;
  gone.location = {"m.yaml", 4, 1};
  f.reasons.push_back(gone);
  f.remediation = {"直す", "Fix " + kPayload};
  f.endpoints = {{"https://x/" + kPayload,
                  kPayload,
                  Outcome::kFail,
                  "does not hold at " + kPayload,
                  {"GET https://x/"}},
                 {"https://y/", "api", Outcome::kError, "GET https://y/: timed out", {}}};
  r.findings.push_back(f);
  Finding g = f;
  g.rule_id = "grayzone.symptom-checker";
  g.pack_id = "grayzone";
  g.outcome = Outcome::kLegalReview;
  r.findings.push_back(g);
  Finding p = f;
  p.rule_id = "web.http.hsts";
  p.outcome = Outcome::kPass;
  r.findings.push_back(p);
  for (const auto& x : r.findings) {
    r.counts.by_outcome[x.outcome]++;
    r.counts.total++;
  }
  r.certification = {
      CertDecision::kNotCertified, Grade::kC, 75, {{"headers", 50}}, {"1 must rule fails"}};
  HttpObservation o;
  o.key = "GET https://x/";
  o.request_line = "GET / HTTP/1.1";
  o.spec.url = "https://x/";
  o.ok = true;
  o.status = 200;
  o.tls_version = kPayload;
  r.probes.http[o.key] = o;
  return r;
}

}  // namespace

TEST_CASE("HTML escapes every vendor-controlled string and allows only its own script and style") {
  std::string html = RenderHtml(Hostile());
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("<img src=x") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;") !=
        std::string::npos);
  // Exactly one script element and one style element: the report's own.
  CHECK(std::count(html.begin(), html.end(), '<') > 0);
  size_t scripts = 0, pos = 0;
  while ((pos = html.find("<script", pos)) != std::string::npos) ++scripts, ++pos;
  CHECK(scripts == 1);
  std::smatch m;
  REQUIRE(std::regex_search(
      html, m,
      std::regex("content=\"default-src 'none'; style-src ('sha256-[^']+'); script-src "
                 "('sha256-[^']+'); img-src data:; base-uri 'none'; form-action 'none'\"")));
  CHECK(
      !std::regex_search(html, std::regex("<[^>]*\\son[a-z]+\\s*=")));  // no inline event handlers
  CHECK(html.find("class=\"ja\">タイトル</span><span class=\"en\">Title</span>") !=
        std::string::npos);
  CHECK(html.find("Gray-zone case file") != std::string::npos);
  CHECK(html.find("<svg role=\"img\" aria-label=\"category scores\"") != std::string::npos);
  // The per-endpoint table: the failing endpoint and the one that timed out, side by side.
  CHECK(html.find("<tr><td><code>https://y/</code></td><td>api</td><td><span class=\"badge "
                  "error\">error</span></td><td>GET https://y/: timed out</td></tr>") !=
        std::string::npos);
  CHECK(html.find("<td><code>https://x/&lt;script&gt;alert(1)") != std::string::npos);
  // Every failing condition in words, with the response header it saw.
  CHECK(html.find("<ul class=\"reasons\"><li><span class=\"ja\">ヘッダが不正</span>") !=
        std::string::npos);
  CHECK(html.find("response header</span>: <code>Server: &lt;script&gt;alert(1)") !=
        std::string::npos);
  CHECK(html.find("absent</span>: <code>security.csp</code>") != std::string::npos);
}

TEST_CASE("Markdown escapes HTML and Markdown syntax from the vendor") {
  std::string md = RenderMarkdown(Hostile(), Language::kEn);
  // Inside code spans a vendor string stands as it is (CommonMark reads nothing there); what a
  // reader's renderer makes of the whole is what must hold no markup and no link.
  std::string html = test::RenderCommonMark(md);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("href=\"javascript") == std::string::npos);
  CHECK(html.find("<a ") == std::string::npos);
  const auto code = test::CodeTexts(html);
  CHECK(std::find(code.begin(), code.end(), "\"" + kPayload + "\"") != code.end());
  CHECK(md.find("&lt;script&gt;") != std::string::npos);
  CHECK(md.find("## Gray-zone case file (for the regulator)") != std::string::npos);
  CHECK(md.find("| Decision | **not\\_certified** |") != std::string::npos);
  CHECK(md.find("| Endpoint | Purpose | Outcome | Detail |\n|---|---|---|---|\n| https://x/&lt;") !=
        std::string::npos);
  CHECK(md.find("| https://y/ | api | error | GET https://y/: timed out |\n") != std::string::npos);
  // A vendor's '|' cannot add a column to the table.
  CHECK(md.find("onerror=alert\\(2\\)&gt;\\|") != std::string::npos);
  CHECK(RenderMarkdown(Hostile(), Language::kJa).find("#### `web.http.csp` タイトル") !=
        std::string::npos);
  // The reasons: a nested list under "Why", each with what it concerns.
  CHECK(md.find("\n  - The header is wrong &lt;script&gt;alert\\(1\\)&lt;/script&gt;") !=
        std::string::npos);
  CHECK(md.find("(item: Server; GET https://x/; response header: Server: &lt;script&gt;") !=
        std::string::npos);
  CHECK(md.find("\n  - Nothing declared (m.yaml:4:1; security.csp: absent)\n") !=
        std::string::npos);
  CHECK(RenderMarkdown(Hostile(), Language::kJa)
            .find("\n  - 宣言がない (m.yaml:4:1; security.csp: なし)\n") != std::string::npos);
}

TEST_CASE("JUnit XML: one test case per rule, read back by an XML parser") {
  pugi::xml_document doc;
  REQUIRE(doc.load_string(RenderJunit(Hostile()).c_str()));
  auto suites = doc.child("testsuites");
  CHECK(suites.attribute("tests").as_int() == 3);
  CHECK(suites.attribute("failures").as_int() == 1);
  size_t cases = 0, failures = 0, skipped = 0;
  for (auto suite : suites.children("testsuite"))
    for (auto tc : suite.children("testcase")) {
      ++cases;
      failures += !tc.child("failure").empty();
      skipped += !tc.child("skipped").empty();
    }
  CHECK(cases == 3);
  CHECK(failures == 1);
  CHECK(skipped == 1);
}

TEST_CASE("SARIF 2.1.0 has the structure the specification requires") {
  auto sarif = nlohmann::json::parse(RenderSarif(Hostile()));
  CHECK(sarif["version"] == "2.1.0");
  REQUIRE(sarif["runs"].size() == 1);
  const auto& run = sarif["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "checker");
  CHECK(run["tool"]["driver"]["rules"].size() == 3);
  REQUIRE(run["results"].size() == 1);  // only the failing finding
  const auto& result = run["results"][0];
  CHECK(result["ruleId"] == "web.http.csp");
  CHECK(result["level"] == "error");
  CHECK(result["message"]["text"].is_string());
  CHECK(run["tool"]["driver"]["rules"][result["ruleIndex"].get<int>()]["id"] == "web.http.csp");
  const auto& region = result["locations"][0]["physicalLocation"]["region"];
  CHECK(region["startLine"] == 3);
  CHECK(region["startColumn"] == 9);
}
