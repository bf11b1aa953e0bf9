#include "checker/diagnostic.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <utility>

#include "checker/source.h"

using namespace checker;

namespace {

// Member by member: GCC 12 at -O3 reports a false maybe-uninitialized in the string members
// when a Diagnostic with a nested SourceLocation is aggregate-initialised in a test case.
Diagnostic MakeDiagnostic(Severity severity, DiagCode code, SourceLocation location,
                          std::string message, std::string source_line) {
  Diagnostic d;
  d.severity = severity;
  d.code = code;
  d.location = std::move(location);
  d.message = std::move(message);
  d.source_line = std::move(source_line);
  return d;
}

}  // namespace

TEST_CASE("every diagnostic code has a unique name and a description") {
  std::set<std::string_view> names;
  for (const auto& info : AllDiagCodes()) {
    CHECK(!info.description.empty());
    CHECK(names.insert(info.name).second);
  }
  CHECK(names.size() >= 20);
}

TEST_CASE("diagnostics render as file:line:col with a caret under the column") {
  Diagnostic d = MakeDiagnostic(Severity::kError, DiagCode::kUnknownKey, {"pack.yaml", 3, 5},
                                "unknown key 'titel'", "    titel: x");
  CHECK(FormatDiagnostic(d) ==
        "pack.yaml:3:5: error[C200]: unknown key 'titel'\n"
        "      titel: x\n"
        "      ^\n");
}

TEST_CASE("the caret counts code points and pads wide characters by two cells") {
  Diagnostic d = MakeDiagnostic(Severity::kWarning, DiagCode::kMissingTranslation, {"p.yaml", 1, 3},
                                "m", "日本x");
  CHECK(FormatDiagnostic(d) == "p.yaml:1:3: warning[C209]: m\n  日本x\n      ^\n");
}

TEST_CASE("LineIndex maps offsets to 1-based line and column") {
  std::string text = "a: 1\nbé: 2\r\n\nlast";
  LineIndex index(text);
  CHECK(index.Locate("f", 0).ToString() == "f:1:1");
  CHECK(index.Locate("f", 5).ToString() == "f:2:1");
  CHECK(index.Locate("f", 8).ToString() == "f:2:3");  // after the two-byte é
  CHECK(index.Locate("f", text.size()).ToString() == "f:4:5");
  CHECK(index.Line(2) == "bé: 2");
  CHECK(index.Line(3).empty());
  CHECK(index.Offset(2, 3) == 8);
  CHECK(index.line_count() == 4);
}

TEST_CASE("SHA-256 of known input") {
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
