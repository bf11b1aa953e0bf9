// checker impact through the executable: the shipped mhlw6 draft against the bundled rules
// (terminal table, JSON, HTML page with hostile pack strings escaped) and bad input.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "support/browser.h"
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
  // And in a browser: the page renders its table, and the hostile title runs nothing.
  std::string chromium = checker::test::Chromium();
  REQUIRE_FALSE(chromium.empty());  // scripts/run.sh installs Debian's chromium
  auto dom = checker::test::DumpDom(chromium, dir.path() / "chromium", html);
  INFO(dom.err);
  REQUIRE(dom.out.find("</html>") != std::string::npos);
  CHECK_THAT(dom.out, Catch::Contains("<code>mhlw6.auth.password-length</code>"));
  CHECK_THAT(dom.out, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_THAT(dom.out, !Catch::Contains("<img"));
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

namespace {

// A variant of the Sakura PHR manifest under another service id and name, that forces password
// rotation every 90 days and reviews access logs every 60: the draft's new rule and its shortened
// review interval both fail it.
std::string RotatingVariant(const checker::test::TempDir& dir, const std::string& name) {
  std::string text = checker::test::ReadText(Src("examples/sakura-phr/manifest.yaml"));
  auto replace = [&](const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  replace("  id: sakura-phr", "  id: sakura-clinic-link");
  replace("name: Sakura PHR", "name: \"" + name + "\"");
  replace("rotation_days: 0", "rotation_days: 90");
  replace("\n  review_interval_days: 30", "\n  review_interval_days: 60");
  return dir.File("variant.yaml", text);
}

void Record(const std::string& manifest, const std::vector<std::string>& selection,
            const std::string& out, const std::string& db) {
  std::vector<std::string> args{kChecker,
                                "audit",
                                "--manifest",
                                manifest,
                                "--offline",
                                "--out",
                                out,
                                "--history",
                                db,
                                "--generated-at",
                                "2026-01-10T09:00:00Z",
                                "--quiet"};
  args.insert(args.end(), selection.begin(), selection.end());
  auto run = Run(args);
  INFO(run.out << run.err);
  REQUIRE((run.exit_code == 0 || run.exit_code == 1));
}

}  // namespace

TEST_CASE("checker impact --db: every vendor's latest audit re-decided against the mhlw6 draft") {
  checker::test::TempDir dir;
  std::string db = (dir.path() / "history.db").string();
  const std::string hostile = "Sakura <script>alert(1)</script> Clinic Link";
  Record(Src("examples/hinode-clinic-cloud/manifest.yaml"), {"--profile", "medical-cloud-vendor"},
         (dir.path() / "hinode").string(), db);
  Record(Src("examples/sakura-phr/manifest.yaml"), {"--pack", Src("rules/mhlw6")},
         (dir.path() / "sakura").string(), db);
  Record(Src("examples/aozora-fhir/manifest.yaml"), {"--profile", "fhir-api"},
         (dir.path() / "aozora").string(), db);
  Record(RotatingVariant(dir, hostile), {"--pack", Src("rules/mhlw6")},
         (dir.path() / "variant").string(), db);

  std::string html = (dir.path() / "impact.html").string();
  auto text =
      Run({kChecker, "impact", "--from", Src("rules"), "--to", kDraft, "--db", db, "--html", html});
  INFO(text.out << text.err);
  CHECK(text.exit_code == 1);
  CHECK_THAT(text.out, Catch::Contains("no certificate in force on "));
  CHECK_THAT(text.out, Catch::Contains("1 of 4 vendor(s) would change decision or grade"));
  CHECK_THAT(text.out, Catch::Contains("sakura-clinic-link (audit "));
  CHECK_THAT(text.out,
             Catch::Contains("decision incomplete -> not_certified, grade F -> F  CHANGES"));
  CHECK_THAT(text.out,
             Catch::Contains("mhlw6.auth.no-forced-rotation (must): not selected -> fail\n"
                             "    - auth.password.rotation_days is 90; the rule needs it "
                             "to be 0\n    to do: Stop forcing periodic password changes"));
  CHECK_THAT(text.out, Catch::Contains("mhlw6.log.review (must): pass -> fail\n    - "
                                       "logging.review_interval_days is 60; the rule needs it to "
                                       "be at most 30\n"));
  // Hinode already fails the raised rule and the new one: no change of decision or grade, but
  // the rules it would have to fix are listed; Aozora's profile selects no mhlw6 rule.
  CHECK_THAT(text.out, Catch::Contains("hinode-clinic-cloud (audit "));
  CHECK_THAT(text.out,
             Catch::Contains("mhlw6.auth.password-length (should -> must): fail -> fail"));
  CHECK_THAT(text.out, !Catch::Contains("aozora-fhir (audit"));

  auto json = Run(
      {kChecker, "impact", "--from", Src("rules"), "--to", kDraft, "--db", db, "--format", "json"});
  CHECK(json.exit_code == 1);
  auto doc = nlohmann::json::parse(json.out);
  REQUIRE(doc["history"]["vendors"].size() == 4);
  std::vector<std::string> changing;
  for (const auto& v : doc["history"]["vendors"])
    if (v["changes"] == true) changing.push_back(v["vendor_id"]);
  CHECK(changing == std::vector<std::string>{"sakura-clinic-link"});
  for (const auto& v : doc["history"]["vendors"]) {
    if (v["vendor_id"] != "sakura-clinic-link") continue;
    CHECK(v["service_name"] == hostile);
    CHECK(v["decision"]["after"] == "not_certified");
    std::vector<std::string> rules;
    for (const auto& r : v["rules"]) rules.push_back(r["rule_id"]);
    CHECK(rules == std::vector<std::string>{"mhlw6.auth.no-forced-rotation", "mhlw6.log.review"});
  }

  std::string page = checker::test::ReadText(html);
  CHECK_THAT(page, Catch::Contains("Sakura &lt;script&gt;alert(1)&lt;/script&gt; Clinic Link"));
  CHECK_THAT(page, !Catch::Contains("<script"));
  CHECK_THAT(page, Catch::Contains("not_certified"));

  // The old edition against itself changes nothing for anyone.
  auto same =
      Run({kChecker, "impact", "--from", Src("rules"), "--to", Src("rules/mhlw6"), "--db", db});
  CHECK(same.exit_code == 0);
  CHECK_THAT(same.out, Catch::Contains("0 of 4 vendor(s) would change decision or grade"));

  auto missing = Run({kChecker, "impact", "--from", Src("rules"), "--to", kDraft, "--db",
                      (dir.path() / "none.db").string()});
  CHECK(missing.exit_code == 2);
}

TEST_CASE("checker impact --db: with a certificate in force, the certified audits are the basis") {
  checker::test::TempDir dir;
  const std::string d = dir.path().string();
  std::string db = d + "/history.db";
  Record(Src("examples/sakura-phr/manifest.yaml"), {"--profile", "starter"}, d + "/sakura", db);
  Record(RotatingVariant(dir, "Sakura Clinic Link"), {"--pack", Src("rules/mhlw6")}, d + "/variant",
         db);
  REQUIRE(std::system(
              ("openssl genpkey -algorithm ed25519 -out " + d + "/body.pem 2>/dev/null").c_str()) ==
          0);
  auto certify = Run({kChecker, "certify", d + "/sakura/report.json", "--key", d + "/body.pem",
                      "--today", "2026-01-12", "--db", db, "--out", d + "/cert.json"});
  INFO(certify.out << certify.err);
  REQUIRE(certify.exit_code == 0);

  // In force: only the certified vendor is re-decided; the starter profile selects no mhlw6 rule.
  auto in_force = Run({kChecker, "impact", "--from", Src("rules"), "--to", kDraft, "--db", db,
                       "--today", "2026-03-01", "--format", "json"});
  INFO(in_force.out << in_force.err);
  CHECK(in_force.exit_code == 0);
  auto doc = nlohmann::json::parse(in_force.out);
  CHECK_THAT(doc["history"]["basis"].get<std::string>(),
             Catch::StartsWith("1 certificate(s) in force on 2026-03-01"));
  REQUIRE(doc["history"]["vendors"].size() == 1);
  CHECK(doc["history"]["vendors"][0]["vendor_id"] == "sakura-phr");
  CHECK_THAT(doc["history"]["vendors"][0]["basis"].get<std::string>(),
             Catch::StartsWith("certificate CHK-"));
  CHECK(doc["history"]["vendors"][0]["changes"] == false);

  // Once it has expired, no certificate is in force: every vendor's latest audit is the basis.
  auto expired = Run({kChecker, "impact", "--from", Src("rules"), "--to", kDraft, "--db", db,
                      "--today", "2027-02-01"});
  INFO(expired.out << expired.err);
  CHECK(expired.exit_code == 1);
  CHECK_THAT(expired.out, Catch::Contains("no certificate in force on 2027-02-01"));
  CHECK_THAT(expired.out, Catch::Contains("1 of 2 vendor(s) would change decision or grade"));
}
