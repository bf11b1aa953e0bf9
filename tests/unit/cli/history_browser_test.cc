// The trend page of checker history in a real browser (headless Chromium): a service name made of
// script and event-handler payloads does not execute, and the chart renders. Saves a screenshot
// in the build folder.

#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>

#include "support/browser.h"
#include "support/test_support.h"

using namespace checker;
using test::Run;

TEST_CASE("the trend page runs nothing of the vendor's and draws its chart in a browser") {
  std::string chromium = test::Chromium();
  REQUIRE_FALSE(chromium.empty());  // scripts/run.sh installs Debian's chromium
  test::TempDir dir;
  const std::string checker = CHECKER_BINARY;
  std::string base = test::ReadText(test::SourceDir() + "/examples/sakura-phr/manifest.yaml");
  std::string hostile =
      std::regex_replace(base, std::regex("name: Sakura PHR"),
                         "name: \"<script>document.title='PWNED'</script><img src=x "
                         "onerror=\\\"document.body.setAttribute('data-pwned','1')\\\">\"");
  std::string worse =
      std::regex_replace(hostile, std::regex("\n    enabled: true"), "\n    enabled: false");
  std::string db = (dir.path() / "h.db").string();
  const std::pair<std::string, std::string> audits[] = {
      {"good.yaml", base}, {"worse.yaml", worse}, {"hostile.yaml", hostile}};
  int month = 1;
  for (const auto& [name, text] : audits) {
    auto r = Run({checker, "audit", "--manifest", dir.File(name, text), "--profile", "starter",
                  "--offline", "--out", (dir.path() / (name + ".out")).string(), "--history", db,
                  "--generated-at", "2026-0" + std::to_string(month++) + "-01T00:00:00Z"});
    REQUIRE(r.exit_code <= 1);
  }
  auto page = dir.path() / "trend.html";
  auto r = Run({checker, "history", "sakura-phr", "--db", db, "--html", page.string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);

  auto dom = test::DumpDom(chromium, dir.path() / "chromium", page);
  INFO(dom.err);
  REQUIRE(dom.out.find("</html>") != std::string::npos);
  CHECK(dom.out.find("data-pwned=\"1\"") == std::string::npos);
  CHECK(dom.out.find("<title>PWNED</title>") == std::string::npos);
  CHECK(dom.out.find("<title>checker: audit history of &lt;script&gt;") != std::string::npos);
  CHECK(dom.out.find("aria-label=\"score and grade over time\"") != std::string::npos);
  // One point per audit, coloured by its decision: certified/conditional, then not certified.
  CHECK(std::regex_search(dom.out, std::regex("<circle [^>]*fill=\"#cf222e\"")));
  size_t circles = 0;
  for (size_t at = 0; (at = dom.out.find("<circle ", at)) != std::string::npos; ++at) ++circles;
  CHECK(circles == 3);

  auto shot = test::ChromiumCommand(chromium, dir.path() / "chromium");
  std::string png =
      std::filesystem::path(CHECKER_BINARY).parent_path().parent_path().parent_path() /
      "trend-screenshot.png";
  std::filesystem::remove(png);  // an earlier run's screenshot proves nothing about this one
  shot.insert(shot.end(),
              {"--window-size=1000,800", "--screenshot=" + png, "file://" + page.string()});
  Run(shot);
  REQUIRE(std::filesystem::exists(png));
  CHECK(std::filesystem::file_size(png) > 1000);
}
