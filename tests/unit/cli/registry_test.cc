// checker registry build and verify, end to end; and the registry's pages in a real browser
// (headless Chromium): search and filters, the language switch, a service page with its chart,
// the verification page accepting a good certificate and refusing a tampered one, no script of
// the vendor's running, and axe-core finding no serious accessibility violation.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include "checker/encoding.h"

#include "support/browser.h"
#include "support/test_support.h"

using namespace checker;

namespace {

const std::string kChecker = CHECKER_BINARY;
namespace fs = std::filesystem;

// A registry of three services: one certified, one conditional, one (with a hostile name)
// certified then revoked. `dir/site` is built for 2026-12-01.
struct Registry {
  test::TempDir dir;
  std::string d = dir.path().string();
  std::string db = d + "/history.db", site = d + "/site";
  std::string good_certificate;  // the certified service's certificate file
  std::string revoked_id;

  Registry() {
    std::string pack = test::TestPack(
        "reg", {{"reg.encrypted", "{type: manifest, expect: 'storage.encrypted == true'}"},
                {"reg.mfa", "{type: manifest, expect: 'extras.mfa == true'}"}});
    pack.replace(pack.find("level: must", pack.find("reg.mfa")), 11, "level: should");
    dir.File("pack.yaml", pack);
    REQUIRE(std::system(("openssl genpkey -algorithm ed25519 -out " + d +
                         "/body.pem 2>/dev/null && openssl pkey -in " + d +
                         "/body.pem -pubout -out " + d + "/body.pub")
                            .c_str()) == 0);
    const std::tuple<std::string, std::string, bool> vendors[] = {
        {"sakura-phr", "Sakura PHR", true},
        {"hinode-cloud", "Hinode Clinic Cloud", false},
        {"evil",
         "<script>document.title='PWNED'</script><img src=x "
         "onerror=\"document.body.setAttribute('data-pwned','1')\">",
         true}};
    for (const auto& [id, name, mfa] : vendors) {
      // YAML single quotes: a quote inside is written twice.
      std::string quoted = std::regex_replace(name, std::regex("'"), "''");
      std::string manifest =
          dir.File(id + ".yaml", "service: {id: " + id + ", name: '" + quoted +
                                     "', operator: {name: Op}}\nstorage: {encrypted: true}\n"
                                     "extras: {mfa: " +
                                     (mfa ? "true" : "false") + "}\n");
      auto audit = test::Run({kChecker, "audit", "--manifest", manifest, "--pack", d + "/pack.yaml",
                              "--out", d + "/" + id, "--generated-at", "2026-11-20T00:00:00Z",
                              "--history", db, "--quiet"});
      REQUIRE(audit.exit_code <= 1);
      auto issued =
          test::Run({kChecker, "certify", d + "/" + id + "/report.json", "--key", d + "/body.pem",
                     "--today", "2026-11-21", "--db", db, "--out", d + "/" + id + ".cert.json"});
      INFO(issued.out << issued.err);
      REQUIRE(issued.exit_code == 0);
      if (id == "evil") revoked_id = issued.out.substr(issued.out.find("CHK-"), 20);
    }
    good_certificate = d + "/sakura-phr.cert.json";
    auto revoke = test::Run({kChecker, "certificate", "revoke", revoked_id, "--db", db, "--key",
                             d + "/body.pem", "--reason", "<b>false declarations</b>", "--today",
                             "2026-11-25"});
    REQUIRE(revoke.exit_code == 0);
    Build();
  }
  void Build() {
    auto built =
        test::Run({kChecker, "registry", "build", "--db", db, "--key", d + "/body.pem", "--out",
                   site, "--today", "2026-12-01", "--generated-at", "2026-12-01T00:00:00Z"});
    INFO(built.out << built.err);
    REQUIRE(built.exit_code == 0);
  }
  test::RunResult Verify(std::vector<std::string> extra = {}) const {
    std::vector<std::string> argv = {kChecker, "registry", "verify",
                                     site,     "--pubkey", d + "/body.pub"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return test::Run(argv);
  }
};

void Append(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::app | std::ios::binary) << text;
}

}  // namespace

TEST_CASE("a registry verifies as built, and every change to it is caught", "[registry]") {
  Registry r;
  auto ok = r.Verify();
  INFO(ok.out << ok.err);
  REQUIRE(ok.exit_code == 0);
  CHECK(fs::exists(r.site + "/index.html"));
  CHECK(fs::exists(r.site + "/index.en.html"));
  CHECK(fs::exists(r.site + "/services/sakura-phr.en.html"));
  CHECK(fs::exists(r.site + "/badges/" + r.revoked_id + ".svg"));
  // The grade history lists each audit: date, decision, grade, score.
  CHECK(test::ReadText(r.site + "/services/sakura-phr.en.html")
            .find("<tr><td>2026-11-20</td><td>certified</td><td>A+</td><td>100.0</td></tr>") !=
        std::string::npos);
  std::string feed = test::ReadText(r.site + "/feed.json");
  CHECK(feed.find("\"status\": \"revoked\"") != std::string::npos);
  // The revoked service's page says why in each language, the vendor's reason escaped.
  int pages = 0;
  for (const auto& entry : fs::directory_iterator(r.site + "/services")) {
    std::string page = test::ReadText(entry.path());
    if (page.find(r.revoked_id) == std::string::npos) continue;
    ++pages;
    bool english = entry.path().string().ends_with(".en.html");
    CHECK(page.find(english ? "revoked on 2026-11-25: &lt;b&gt;false declarations&lt;/b&gt;"
                            : "2026-11-25 に取消：&lt;b&gt;false declarations&lt;/b&gt;") !=
          std::string::npos);
    CHECK(page.find(english ? "に取消" : "revoked on") == std::string::npos);
  }
  CHECK(pages == 2);

  SECTION("a page edited after signing") {
    Append(r.site + "/index.en.html", "<!-- -->");
    auto v = r.Verify();
    CHECK(v.exit_code == 1);
    CHECK(v.out.find("index.en.html has changed since the manifest was signed") !=
          std::string::npos);
  }
  SECTION("a file added") {
    Append(r.site + "/services/extra.html", "x");
    CHECK(r.Verify().out.find("services/extra.html is not listed in the signed manifest") !=
          std::string::npos);
  }
  SECTION("a revoked certificate shown as valid, even with a re-signed manifest") {
    std::string text = test::ReadText(r.site + "/feed.json");
    text = std::regex_replace(text, std::regex("\"status\": \"revoked\""), "\"status\": \"valid\"");
    std::ofstream(r.site + "/feed.json", std::ios::trunc) << text;
    CHECK(r.Verify().out.find("as valid on 2026-12-01; the log makes it revoked") !=
          std::string::npos);
  }
  SECTION("a rewritten history is caught against a tree head kept from before") {
    std::string kept = r.d + "/kept-head.json";
    fs::copy_file(r.site + "/log/tree-head.json", kept);
    // The body starts over without the revocation: a new database, the same certificates.
    fs::remove_all(r.site);
    r.db = r.d + "/new-history.db";
    for (const char* id : {"sakura-phr", "hinode-cloud", "evil"}) {
      test::Run({kChecker, "history", "--db", r.db, "--import", r.d + "/" + id + "/report.json"});
      REQUIRE(test::Run({kChecker, "certify", r.d + "/" + id + "/report.json", "--key",
                         r.d + "/body.pem", "--today", "2026-11-21", "--db", r.db, "--out",
                         r.d + "/again.json"})
                  .exit_code == 0);
    }
    r.Build();
    CHECK(r.Verify().exit_code == 0);  // consistent in itself
    auto v = r.Verify({"--since", kept});
    INFO(v.out);
    CHECK(v.exit_code == 1);
    // The revocation was the fourth event: the new log is shorter than the head kept.
    CHECK(v.out.find("the tree head kept from before (size 4) is for a larger log than the "
                     "current one: entries were dropped") != std::string::npos);
  }
}

TEST_CASE(
    "the registry in a browser: filters, languages, chart, verification, no vendor script, "
    "accessibility",
    "[registry][browser]") {
  std::string chromium = test::Chromium();
  REQUIRE_FALSE(chromium.empty());  // scripts/run.sh installs Debian's chromium
  Registry r;
  const fs::path profile = r.dir.path() / "chromium";
  auto dom = [&](const std::string& url) {
    auto argv = test::ChromiumCommand(chromium, profile);
    argv.insert(argv.end(), {"--virtual-time-budget=3000", "--dump-dom", url});
    auto result = test::Run(argv);
    INFO(result.err);
    REQUIRE(result.out.find("</html>") != std::string::npos);
    CHECK(result.out.find("data-pwned=\"1\"") == std::string::npos);
    CHECK(result.out.find("<title>PWNED") == std::string::npos);
    return result.out;
  };
  auto visible_rows = [](const std::string& page) {
    std::vector<std::string> rows;
    std::regex row("<tr data-search=\"([^\"]*)\"[^>]*?( hidden=\"\")?>");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), row);
         it != std::sregex_iterator(); ++it)
      if ((*it)[2].length() == 0) rows.push_back((*it)[1].str().substr(0, 12));
    return rows;
  };
  const std::string index = "file://" + r.site + "/index.en.html";

  SECTION("search and filters") {
    auto all = dom(index);
    CHECK(visible_rows(all).size() == 3);
    CHECK(all.find("id=\"filters\" class=\"filters\">") !=
          std::string::npos);  // shown by the script
    auto revoked = dom(index + "#status=revoked");
    CHECK(visible_rows(revoked) == std::vector<std::string>{"&lt;script&g"});
    auto search = dom(index + "#search=hinode");
    CHECK(visible_rows(search) == std::vector<std::string>{"Hinode Clini"});
    auto none = dom(index + "#search=sakura&status=revoked");
    CHECK(visible_rows(none).empty());
  }
  SECTION("languages") {
    auto ja = dom("file://" + r.site + "/index.html");
    CHECK(ja.find("<html lang=\"ja\">") != std::string::npos);
    CHECK(ja.find("認証サービス一覧") != std::string::npos);
    CHECK(ja.find("href=\"index.en.html\"") != std::string::npos);
    CHECK(dom(index).find("href=\"index.html\"") != std::string::npos);
  }
  SECTION("a service page with its chart") {
    auto page = dom("file://" + r.site + "/services/sakura-phr.en.html");
    CHECK(page.find("aria-label=\"score and grade over time\"") != std::string::npos);
    CHECK(page.find("Current certificate") != std::string::npos);
    auto shot = test::ChromiumCommand(chromium, profile);
    std::string png = fs::path(CHECKER_BINARY).parent_path().parent_path().parent_path() /
                      "registry-service-screenshot.png";
    fs::remove(png);  // an earlier run's screenshot proves nothing about this one
    shot.insert(shot.end(), {"--window-size=1000,900", "--screenshot=" + png,
                             "file://" + r.site + "/services/sakura-phr.en.html"});
    test::Run(shot);
    REQUIRE(fs::exists(png));
    CHECK(fs::file_size(png) > 1000);
  }
  SECTION("the verification page accepts a good certificate and refuses others") {
    auto link = [&](const std::string& certificate) {
      std::string b64 = Base64(certificate);
      for (char& c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
      while (!b64.empty() && b64.back() == '=') b64.pop_back();
      return "file://" + r.site + "/verify.en.html#certificate=" + b64;
    };
    std::string good = test::ReadText(r.good_certificate);
    CHECK(dom(link(good)).find("data-verdict=\"valid\"") != std::string::npos);
    std::string tampered =
        std::regex_replace(good, std::regex("\"grade\": \"[^\"]*\""), "\"grade\": \"B\"");
    REQUIRE(tampered != good);
    auto refused = dom(link(tampered));
    CHECK(refused.find("data-verdict=\"refused\"") != std::string::npos);
    CHECK(refused.find("does not verify") != std::string::npos);
    // Signed by another key: a genuine-looking certificate this registry never issued.
    REQUIRE(
        std::system(("openssl genpkey -algorithm ed25519 -out " + r.d + "/other.pem 2>/dev/null")
                        .c_str()) == 0);
    REQUIRE(test::Run({kChecker, "certify", r.d + "/sakura-phr/report.json", "--key",
                       r.d + "/other.pem", "--out", r.d + "/forged.json"})
                .exit_code == 0);
    auto forged = dom(link(test::ReadText(r.d + "/forged.json")));
    CHECK(forged.find("data-verdict=\"refused\"") != std::string::npos);
    CHECK(forged.find("does not verify") != std::string::npos);
    auto revoked = dom(link(test::ReadText(r.d + "/evil.cert.json")));
    CHECK(revoked.find("data-verdict=\"refused\"") != std::string::npos);
    CHECK(revoked.find("not in force") != std::string::npos);
  }
  SECTION("axe-core finds no serious or critical violation") {
    const char* axe_env = std::getenv("CHECKER_AXE_CORE");
    std::string axe =
        axe_env ? axe_env : test::SourceDir() + "/.cache/npm/node_modules/axe-core/axe.min.js";
    REQUIRE(fs::exists(axe));  // scripts/run.sh installs axe-core from npm
    for (const char* page : {"index.en.html", "index.html", "verify.en.html", "revocations.en.html",
                             "services/sakura-phr.en.html"}) {
      INFO(page);
      // A copy of the page that also runs axe-core (the published page's policy admits only its
      // own script) and writes the violations into the DOM.
      std::string html = test::ReadText(r.site + "/" + page);
      html = std::regex_replace(
          html, std::regex("<meta http-equiv=\"Content-Security-Policy\"[^>]*>"), "");
      html +=
          "<script>" + test::ReadText(axe) +
          "</script><script>axe.run(document, {runOnly: ['wcag2a','wcag2aa']}).then(function (r) {"
          "var bad = r.violations.filter(function (v) { return v.impact === 'serious' || "
          "v.impact === 'critical'; }); var out = document.createElement('pre'); out.id = "
          "'axe-result'; out.textContent = 'AXE ' + bad.length + ' ' + bad.map(function (v) { "
          "return v.id + ':' + v.nodes.length; }).join(','); document.body.appendChild(out); });"
          "</script>";
      fs::path copy = fs::path(r.site + "/" + page).parent_path() / "axe-check.html";
      std::ofstream(copy, std::ios::trunc) << html;
      auto result = dom("file://" + copy.string());
      const std::string marker = "<pre id=\"axe-result\">";
      size_t at = result.find(marker);
      REQUIRE(at != std::string::npos);  // axe ran and reported
      at += marker.size();
      CHECK(result.substr(at, result.find('<', at) - at) == "AXE 0 ");
    }
  }
}
