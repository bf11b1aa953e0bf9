// Vendor strings are hostile in every output (docs/hardening.md, "Output"): a report.json whose
// every string carries markup, script, control characters and bidi overrides is rendered in every
// format; each must be well-formed and hold nothing live, and a browser opening the HTML pages and
// the badge must run none of it. Decision and grade are closed sets, refused when they are not.

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "support/browser.h"
#include "support/commonmark.h"
#include "support/test_support.h"

using namespace checker;
using test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;
using Json = nlohmann::json;

// Would mark the page (title or attribute) if any of it ran; breaks out of every context a writer
// could put a string in; control characters that forge terminal lines or make XML invalid; bidi
// overrides; a noncharacter; a C1 CSI.
const std::string kPayload =
    "</script><script>document.title='PWNED'</script>"
    "\"'><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
    "<svg onload=\"document.title='PWNED'\"/></title></text>"
    "]]><![CDATA[ <!-- --> javascript:alert(1) [x](javascript:alert(1)) <javascript:alert(1)> "
    "\x1b[2J\x1b[31mdecision: certified\x1b[0m\x07\x08\x0b\x0c\r\n# heading\n| a | b |\n"
    "\xe2\x80\xae"
    "evil\xe2\x81\xa6 \xef\xbf\xbe \x7f \xc2\x9b";

// Members whose values are closed sets (the reader refuses others): left as they are.
bool Closed(const std::string& key) {
  for (const char* k : {"format", "outcome", "level", "severity", "check_type", "decision", "grade",
                        "format_version", "status"})  // status: a claim's (declared vs observed)
    if (key == k) return true;
  return false;
}

// Appends the payload to every string in the document (and a long one to the service name).
void Poison(Json& j, const std::string& key = "") {
  if (j.is_string() && !Closed(key)) {
    j = j.get<std::string>() + kPayload;
  } else if (j.is_object()) {
    for (auto& [k, v] : j.items()) Poison(v, k);
  } else if (j.is_array()) {
    for (auto& v : j) Poison(v, key);
  }
}

std::string HostileReport(const test::TempDir& dir, const std::string& golden) {
  Json doc = Json::parse(test::ReadText(test::SourceDir() + "/tests/golden/" + golden));
  Poison(doc);
  std::string long_name;
  for (int i = 0; i < 4000; ++i) long_name += "長";
  doc["subject"]["service_name"] = doc["subject"]["service_name"].get<std::string>() + long_name;
  doc["subject"]["manifest_path"] = "javascript:alert(1)//" + kPayload;  // a link in SARIF
  doc["waivers"].push_back({{"rule_id", "x" + kPayload},
                            {"justification", kPayload},
                            {"approver", kPayload},
                            {"approver_organisation", kPayload},
                            {"expires", kPayload}});
  return dir.File("in/report.json", doc.dump(2));
}

// XML 1.0 as a strict parser (expat, through Python's minidom) reads it: pugixml accepts
// character references XML forbids (&#27;), expat does not.
bool StrictXml(const std::filesystem::path& file, std::string* why) {
  auto r = Run({"/usr/bin/python3", "-c",
                "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])", file.string()});
  *why = r.err;
  return r.exit_code == 0;
}

bool Has(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

enum class Kind { kJson, kMarkup, kMarkdown };

// Nothing that a browser, a Markdown renderer or a terminal would act on. Markdown is judged as a
// reader's CommonMark renderer (cmark) shows it: inside a code span a vendor string stands as
// written and does nothing, so the markup checks apply to the rendered page.
void CheckInert(const std::string& name, const std::string& text, Kind kind) {
  INFO(name);
  for (char c : std::string("\x1b\x07\x08\x0b\x0c")) CHECK_FALSE(Has(text, std::string(1, c)));
  if (kind == Kind::kJson) return;  // strings escaped by the JSON library; nothing renders them
  CHECK_FALSE(Has(text, "\x7f"));
  const std::string shown = kind == Kind::kMarkdown ? test::RenderCommonMark(text) : text;
  CHECK_FALSE(Has(shown, "<script>document"));
  CHECK_FALSE(Has(shown, "<img src"));
  CHECK_FALSE(Has(shown, "<svg onload"));
  CHECK_FALSE(Has(shown, "href=\"javascript"));
  CHECK_FALSE(Has(shown, "<javascript"));
  CHECK_FALSE(Has(text, "\xe2\x80\xae"));  // U+202E
  CHECK_FALSE(Has(text, "\xe2\x81\xa6"));  // U+2066
  CHECK_FALSE(Has(text, "\xef\xbf\xbe"));  // U+FFFE
  CHECK_FALSE(Has(text, "\xc2\x9b"));      // U+009B
  if (kind != Kind::kMarkdown) return;
  CHECK_FALSE(Has(shown, "<a "));         // no link at all
  CHECK_FALSE(Has(text, "\n# heading"));  // no line of the vendor's own
  CHECK_FALSE(Has(text, "\n| a | b |"));
}

void CheckNothingRan(const std::string& chromium, const test::TempDir& dir,
                     const std::filesystem::path& file) {
  INFO(file.string());
  REQUIRE(std::filesystem::exists(file));
  auto dom = test::DumpDom(chromium, dir.path() / "chromium", file);
  INFO(dom.err);
  REQUIRE(dom.out.size() > 100);
  CHECK(Has(dom.out, "PWNED"));  // the payload is there, as text
  CHECK_FALSE(Has(dom.out, "<title>PWNED</title>"));
  CHECK_FALSE(Has(dom.out, "data-pwned=\"1\""));
  CHECK_FALSE(Has(dom.out, "<img"));
}

}  // namespace

TEST_CASE("a hostile report.json renders inert and well-formed in every format") {
  std::string chromium = test::Chromium();
  REQUIRE_FALSE(chromium.empty());  // scripts/run.sh installs Debian's chromium
  for (const char* golden : {"aozora-fhir.json", "kokoro-symptom-checker.json"}) {
    INFO(golden);
    test::TempDir dir;
    std::string report = HostileReport(dir, golden);
    auto out = dir.path() / "out";
    auto r = Run({kChecker, "report", "--format", "all", "--out", out.string(), report});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CheckInert("stdout", r.out + r.err, Kind::kMarkup);

    for (const char* xml : {"report.junit.xml", "badge.svg"}) {
      std::string why;
      CHECK(StrictXml(out / xml, &why));
      INFO(why);
      pugi::xml_document doc;
      CHECK(doc.load_file((out / xml).c_str()).status == pugi::status_ok);
      CheckInert(xml, test::ReadText(out / xml), Kind::kMarkup);
    }
    for (const char* json : {"report.json", "report.sarif", "report.oscal.json"}) {
      std::string text = test::ReadText(out / json);
      CHECK_NOTHROW(Json::parse(text));
      CheckInert(json, text, Kind::kJson);
    }
    // SARIF viewers link artifact locations: none may be a script URL.
    const Json sarif = Json::parse(test::ReadText(out / "report.sarif"));
    size_t uris = 0;
    for (const auto& result : sarif["runs"][0]["results"])
      for (const auto& location : result["locations"]) {
        std::string uri = location["physicalLocation"]["artifactLocation"]["uri"];
        CHECK(uri.rfind("javascript:", 0) == std::string::npos);
        ++uris;
      }
    CHECK(uris > 0);
    for (const char* page : {"report.html", "grayzone-casefile.html"})
      CheckInert(page, test::ReadText(out / page), Kind::kMarkup);
    for (const char* page : {"report.md", "grayzone-casefile.md"})
      CheckInert(page, test::ReadText(out / page), Kind::kMarkdown);
    CHECK(Has(test::ReadText(out / "report.html"), "PWNED"));  // shown, escaped

    auto index = dir.path() / "index.html";
    auto i = Run({kChecker, "index", "--out", index.string(), report});
    INFO(i.out << i.err);
    REQUIRE(i.exit_code == 0);
    CheckInert("index.html", test::ReadText(index), Kind::kMarkup);

    CheckNothingRan(chromium, dir, out / "report.html");
    CheckNothingRan(chromium, dir, out / "grayzone-casefile.html");
    CheckNothingRan(chromium, dir, index);
    // The badge holds only the grade and decision; it must still parse and run nothing.
    auto badge = test::DumpDom(chromium, dir.path() / "chromium", out / "badge.svg");
    CHECK(Has(badge.out, "<svg"));
    CHECK_FALSE(Has(badge.out, "PWNED"));
  }
}

// Failure 1 of issue 12: a grade or decision of the report's own choosing went into badge.svg
// unescaped, and the badge ran its script when opened.
TEST_CASE("a report whose decision or grade is not one of the closed set is refused") {
  test::TempDir dir;
  Json doc = Json::parse(test::ReadText(test::SourceDir() + "/tests/golden/aozora-fhir.json"));
  for (const char* member : {"grade", "decision"}) {
    INFO(member);
    Json bad = doc;
    bad["certification"][member] = "<script>document.title='PWNED'</script>";
    std::string path = dir.File(std::string(member) + "/report.json", bad.dump());
    auto out = dir.path() / member / "out";
    for (const char* format : {"badge", "html", "all"}) {
      auto r = Run({kChecker, "report", "--format", format, "--out", out.string(), path});
      INFO(r.out << r.err);
      CHECK(r.exit_code == 2);
      CHECK(Has(r.err, path));
      CHECK(Has(r.err, std::string("certification.") + member));
      CHECK_FALSE(std::filesystem::exists(out / "badge.svg"));
      CHECK_FALSE(std::filesystem::exists(out / "report.html"));
    }
    bad["certification"].erase(member);
    path = dir.File(std::string(member) + "/missing.json", bad.dump());
    auto r = Run({kChecker, "report", "--format", "badge", "--out", out.string(), path});
    CHECK(r.exit_code == 2);
    CHECK(Has(r.err, std::string("certification.") + member));
  }
}

// Failure 8 of issue 12: a service name with a line break and ANSI escapes printed a fake
// decision line and hid the real one; diagnostics echoed raw ESC bytes; an ESC made
// report.junit.xml invalid XML.
TEST_CASE("control characters from a manifest reach neither the terminal nor the XML raw") {
  test::TempDir dir;
  std::string manifest =
      dir.File("m.yaml",
               "service:\n  id: evil\n  name: \"Evil\\ndecision: certified, grade A+ (score "
               "100.0)\\e[1A\\e[2K\\e[8m\\x9b31m\\u202e\"\n");
  auto out = dir.path() / "out";
  auto r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "phr-service", "--offline",
                "--out", out.string(), "--format", "junit,badge,html"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK_FALSE(Has(r.out + r.err, "\x1b"));  // (not a terminal: checker adds no colour either)
  CHECK_FALSE(Has(r.out + r.err, "\xc2\x9b"));
  CHECK_FALSE(Has(r.out + r.err, "\xe2\x80\xae"));
  size_t decision_lines = 0;
  for (size_t at = 0; (at = r.out.find("decision:", at)) != std::string::npos; ++at)
    if (at == 0 || r.out[at - 1] == '\n') ++decision_lines;
  CHECK(decision_lines == 1);
  CHECK(Has(r.out, "\ndecision: incomplete, grade F"));
  CHECK(Has(r.out, "Evil\\ndecision: certified, grade A+ (score 100.0)\\x1b[1A"));
  std::string why;
  CHECK(StrictXml(out / "report.junit.xml", &why));
  INFO(why);
  CHECK(Has(test::ReadText(out / "report.junit.xml"), "\xe2\x90\x9b[1A"));  // ␛, visible

  // A diagnostic quoting the offending line: the raw ESC in it is spelt out.
  std::string broken = dir.File("broken.yaml", "service:\n  name: z\n  name: x\x1b[2Jy\n");
  auto d = Run({kChecker, "audit", "--manifest", broken, "--profile", "phr-service", "--offline",
                "--out", (dir.path() / "out2").string()});
  INFO(d.out << d.err);
  CHECK(d.exit_code == 2);
  CHECK_FALSE(Has(d.out + d.err, "\x1b"));
  CHECK(Has(d.err, "\\x1b[2J"));
}
