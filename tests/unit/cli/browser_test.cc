// The HTML report in a real browser (headless Chromium): an audit of an endpoint that answers with
// script and event-handler payloads in its headers and body; nothing of the vendor's may execute,
// while the report's own script runs and its charts render. Saves a screenshot in the build folder.

#include "support/browser.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "support/nginx_server.h"
#include "support/pki.h"
#include "support/test_support.h"

using namespace checker;
using test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;

// nginx double-quoted strings take \" for a quote.
std::string NginxQuoted(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '"' ? std::string("\\\"") : std::string(1, c);
  return "\"" + out + "\"";
}

}  // namespace

TEST_CASE("nothing a vendor returns executes in the HTML report, which renders its charts") {
  std::string chromium = test::Chromium();
  REQUIRE_FALSE(chromium.empty());  // scripts/run.sh installs Debian's chromium
  test::TempDir dir;
  auto pki = test::MakeTestPki(dir.path() / "pki");
  uint16_t port = test::FreePort();
  std::filesystem::create_directories(dir.path() / "html");
  // Payloads that would mark the page if they ran.
  const std::string mark_title = "<script>document.title='PWNED'</script>";
  const std::string mark_attr =
      "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">";
  test::NginxServer nginx(dir.path() / "nginx",
                          "  server {\n    listen 127.0.0.1:" + std::to_string(port) +
                              " ssl;\n    ssl_certificate " + pki.good_cert +
                              ";\n    ssl_certificate_key " + pki.good_key +
                              ";\n    add_header X-Content-Type-Options " + NginxQuoted(mark_attr) +
                              " always;\n"
                              "    location = /privacy { default_type text/html; return 200 " +
                              NginxQuoted(mark_title + " " + mark_attr + " 利用目的") +
                              "; }\n    location / { return 200 ok; }\n  }\n",
                          {port});
  std::string manifest =
      dir.File("m.yaml",
               "service: {id: evil, name: \"<script>document.title='PWNED'</script>\"}\n"
               "privacy: {policy_url: /privacy}\n"
               "endpoints: [{url: \"https://127.0.0.1:" +
                   std::to_string(port) + "/\", purpose: web}]\n");
  auto out = dir.path() / "out";
  auto r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "phr-service", "--out",
                out.string(), "--format", "html", "--ca-bundle", pki.ca_cert, "--target",
                "web=https://127.0.0.1:" + std::to_string(port) + "/"});
  INFO(r.out << r.err);
  REQUIRE(std::filesystem::exists(out / "report.html"));
  std::string html = test::ReadText(out / "report.html");
  REQUIRE(html.find("onerror=\\&quot;document.body.setAttribute(&#39;data-pwned") !=
          std::string::npos);  // there, escaped

  auto dom = test::DumpDom(chromium, dir.path() / "chromium", out / "report.html");
  INFO(dom.err);
  REQUIRE(dom.out.find("</html>") != std::string::npos);
  CHECK(dom.out.find("data-pwned=\"1\"") ==
        std::string::npos);  // as text it is there; as an attribute, not
  CHECK(dom.out.find("<title>PWNED</title>") == std::string::npos);
  CHECK(dom.out.find("<title>checker: &lt;script&gt;") != std::string::npos);
  // The report's own script ran under its CSP: passing rows are filtered out by default.
  CHECK(dom.out.find("data-outcome=\"pass\" data-pack=\"web\" class=\"hidden\"") !=
        std::string::npos);
  CHECK(dom.out.find("aria-label=\"category scores\"") != std::string::npos);
  // Endpoint rules show their result per endpoint in a table the browser builds.
  CHECK(dom.out.find("<table class=\"endpoints\"><tbody><tr><th>") != std::string::npos);
  CHECK(dom.out.find("<tr><td><code>https://127.0.0.1:" + std::to_string(port) +
                     "/</code></td><td>web</td><td><span class=\"badge ") != std::string::npos);

  // A failing rule lists every failing condition in words, with the response header it saw.
  CHECK(dom.out.find("<ul class=\"reasons\"><li><span class=\"ja\">") != std::string::npos);
  CHECK(dom.out.find("<span class=\"en\">response header</span>: <code>") != std::string::npos);

  auto shot = test::ChromiumCommand(chromium, dir.path() / "chromium");
  std::string png =
      std::filesystem::path(CHECKER_BINARY).parent_path().parent_path().parent_path() /
      "report-screenshot.png";
  std::filesystem::remove(png);  // an earlier run's screenshot proves nothing about this one
  REQUIRE_FALSE(std::filesystem::exists(png));
  shot.insert(shot.end(), {"--window-size=1280,1600", "--screenshot=" + png,
                           "file://" + (out / "report.html").string()});
  Run(shot);
  REQUIRE(std::filesystem::exists(png));
  CHECK(std::filesystem::file_size(png) > 1000);  // a PNG of a page, not an empty file
}
