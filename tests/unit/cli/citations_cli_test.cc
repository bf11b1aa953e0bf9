// Citations as a user meets them: `checker explain` and the reports of an audit show which
// citations the guideline facts do not confirm, and each source with its own section.

#include <catch2/catch.hpp>

#include "support/test_support.h"

using namespace checker;
using test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;
std::string Src(const std::string& rel) { return test::SourceDir() + "/" + rel; }

// The lines of `text` that start with `prefix`.
std::vector<std::string> LinesStarting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
    at = end + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("explain prints each source of a rule on its own line, with its own section",
          "[citations]") {
  auto r = Run({kChecker, "explain", "mhlw6.location.japan"});
  REQUIRE(r.exit_code == 0);
  auto cites = LinesStarting(r.out, "Citation: ");
  REQUIRE(cites.size() == 2);
  CHECK(cites[0] ==
        "Citation: MHLW notice on external storage of medical records (外部保存通知) 第2 1(2)");
  CHECK(cites[1] ==
        "Citation: PPC FAQ on the APPI guidelines (個人情報保護委員会 ガイドラインQ&A) Q4-31");
}

TEST_CASE("explain marks an unconfirmed citation, in English and Japanese", "[citations]") {
  auto en = Run({kChecker, "explain", "mhlw6.crypto.at-rest"});
  REQUIRE(en.exit_code == 0);
  CHECK(LinesStarting(en.out, "Citation: ") ==
        std::vector<std::string>{"Citation: MHLW Guideline 6.0, System Operation (システム運用編) "
                                 "12 (storage protection) [unconfirmed]"});
  auto ja = Run({kChecker, "explain", "mhlw6.crypto.at-rest", "--lang", "ja"});
  REQUIRE(ja.exit_code == 0);
  CHECK(LinesStarting(ja.out, "根拠: ") ==
        std::vector<std::string>{"根拠: MHLW Guideline 6.0, System Operation (システム運用編) "
                                 "12 (storage protection) [未確認]"});
  // A confirmed citation carries no mark.
  auto confirmed = Run({kChecker, "explain", "mhlw6.auth.identify"});
  CHECK(confirmed.out.find("14①\n") != std::string::npos);
  CHECK(confirmed.out.find("[unconfirmed]") == std::string::npos);
}

TEST_CASE("explain says which figures are the pack's reading of the guideline", "[citations]") {
  auto r = Run({kChecker, "explain", "vendor.incident.customer-notify"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("read by this pack as within 24 hours") != std::string::npos);
  CHECK(r.out.find("this pack's documented interpretation") != std::string::npos);
  auto sds = Run({kChecker, "explain", "vendor.disclosure.sds"});
  CHECK(sds.out.find("Ver. 5.0 (JAHIS 24-005); Ver. 4.0 (JAHIS 20-005)") != std::string::npos);
}

TEST_CASE("an audit's JSON, HTML and Markdown reports carry the unconfirmed mark", "[citations]") {
  test::TempDir out;
  auto r = Run({kChecker, "audit", "--manifest",
                Src("examples/kokoro-symptom-checker/manifest.yaml"), "--profile", "phr-service",
                "--offline", "--format", "html,markdown", "--out", out.path().string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code != 2);
  // web.http.hsts is missing evidence offline, so every human format lists it with its citations.
  std::string md = test::ReadText(out.path() / "report.md");
  CHECK(md.find("- Citation:\n"
                "  - Mozilla Web Security Guidelines HTTP Strict Transport Security\n"
                "  - OWASP ASVS 4.0.3 V14.4.5 \\[unconfirmed\\]\n") != std::string::npos);
  std::string html = test::ReadText(out.path() / "report.html");
  CHECK(html.find("OWASP ASVS 4.0.3 V14.4.5 <span class=\"unconfirmed\">") != std::string::npos);
  std::string json = test::ReadText(out.path() / "report.json");
  CHECK(json.find("\"section\": \"V14.4.5\",\n          \"url\": \"\",\n          \"confidence\": "
                  "\"unconfirmed\"") != std::string::npos);
}
