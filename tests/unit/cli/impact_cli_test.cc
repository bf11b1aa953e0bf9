// checker impact through the executable: the shipped mhlw6 draft against the bundled rules
// (terminal table, JSON, HTML page with hostile pack strings escaped) and bad input.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

using checker::test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;

std::string Src(const std::string& rel) { return checker::test::SourceDir() + "/" + rel; }

const std::string kDraft = Src("tests/data/editions/mhlw6-draft");

}  // namespace

TEST_CASE("checker impact: the mhlw6 draft against the bundled rules, as a table and as JSON") {
  auto text = Run({kChecker, "impact", "--from", Src("rules"), "--to", kDraft});
  INFO(text.out << text.err);
  CHECK(text.exit_code == 1);  // the editions differ
  CHECK_THAT(text.out,
             Catch::Contains("1 pack(s) changed, 8 unchanged: 1 rule(s) added, 0 removed, "
                             "2 changed"));
  CHECK_THAT(text.out, Catch::Contains("mhlw6: version 1.0.0, edition 6.0 -> version 1.1.0-draft, "
                                       "edition 6.0 draft revision"));
  CHECK_THAT(text.out, Catch::Contains("added    mhlw6.auth.no-forced-rotation\n"));
  CHECK_THAT(text.out,
             Catch::Contains("changed  mhlw6.auth.password-length  [level should -> must]\n"));
  CHECK_THAT(text.out, Catch::Contains("changed  mhlw6.log.review  [check, remediation]\n"));
  CHECK_THAT(text.out, Catch::Contains("logging.review_interval_days <= 30"));

  auto json = Run({kChecker, "impact", "--from", Src("rules"), "--to", kDraft, "--format", "json"});
  CHECK(json.exit_code == 1);
  auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["format"] == "checker-impact");
  CHECK(doc["changes"] == true);
  CHECK(doc["summary"]["rules_added"] == 1);
  CHECK(doc["summary"]["rules_changed"] == 2);
  REQUIRE(doc["packs"].size() == 1);
  CHECK(doc["packs"][0]["pack_id"] == "mhlw6");
  CHECK(doc["packs"][0]["to"]["version"] == "1.1.0-draft");
  REQUIRE(doc["packs"][0]["rules"].size() == 3);
  CHECK(doc["packs"][0]["rules"][1]["rule_id"] == "mhlw6.auth.password-length");
  CHECK(doc["packs"][0]["rules"][1]["tightened"] == true);
  CHECK(doc["packs"][0]["rules"][1]["fields"][0]["after"] == "must");

  auto same = Run({kChecker, "impact", "--from", Src("rules"), "--to", Src("rules/mhlw6")});
  INFO(same.out << same.err);
  CHECK(same.exit_code == 0);
  CHECK_THAT(same.out, Catch::Contains("0 pack(s) changed, 9 unchanged"));
}

TEST_CASE("checker impact --html: a self-contained page with every pack string escaped") {
  checker::test::TempDir dir;
  std::string pack = checker::test::ReadText(kDraft + "/pack.yaml");
  std::string hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";
  const std::string title = "en: Well-managed passwords are not forced to change on a schedule";
  auto at = pack.find(title);
  REQUIRE(at != std::string::npos);
  pack.replace(at, title.size(), "en: \"" + hostile + "\"");
  dir.File("draft/mhlw6/pack.yaml", pack);
  std::string html = (dir.path() / "impact.html").string();
  auto run = Run({kChecker, "impact", "--from", Src("rules"), "--to",
                  (dir.path() / "draft").string(), "--html", html});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  std::string page = checker::test::ReadText(html);
  CHECK_THAT(page, Catch::Contains("default-src 'none'"));
  CHECK_THAT(page, !Catch::Contains("<script"));
  CHECK_THAT(page, !Catch::Contains("<img"));
  CHECK_THAT(page, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_THAT(page, Catch::Contains("<code>mhlw6.auth.password-length</code>"));
  CHECK_THAT(page, !Catch::Contains("http://"));
  CHECK_THAT(page, !Catch::Contains("https://"));
}

TEST_CASE("checker impact: a missing or unparsable edition is a positioned error, exit 2") {
  checker::test::TempDir dir;
  auto missing =
      Run({kChecker, "impact", "--from", Src("rules"), "--to", (dir.path() / "nowhere").string()});
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("nowhere: error[C100]: no such file or folder"));

  std::string bad = dir.File("bad/p/pack.yaml", "kind: pack\npack:\n  id: x\n  version: [1\n");
  auto unparsable =
      Run({kChecker, "impact", "--from", (dir.path() / "bad").string(), "--to", kDraft});
  CHECK(unparsable.exit_code == 2);
  CHECK_THAT(unparsable.err, Catch::Contains(bad + ":5:1: error[C101]"));
  CHECK(unparsable.out.empty());

  auto usage = Run({kChecker, "impact", "--from", Src("rules")});
  CHECK(usage.exit_code == 2);
}
