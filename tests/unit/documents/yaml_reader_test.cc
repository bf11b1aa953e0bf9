#include <catch2/catch.hpp>

#include "checker/document.h"

using namespace checker;

namespace {

struct Parsed {
  std::optional<Document> doc;
  DiagnosticSink sink;
  std::string Errors() const {
    std::string out;
    for (const auto& d : sink.diagnostics()) out += FormatDiagnostic(d);
    return out;
  }
};

Parsed Parse(std::string text, DocumentFormat format = DocumentFormat::kYaml,
             DocumentLimits limits = {}) {
  Parsed p;
  p.doc = ParseDocument({"m.yaml", std::move(text)}, format, limits, p.sink);
  return p;
}

}  // namespace

TEST_CASE("YAML keys and values keep 1-based positions") {
  auto p = Parse("service:\n  name: サクラ\n  id: \"sakura\"\nlist:\n  - 1\n  - x: y\n");
  REQUIRE(p.doc);
  const Node& root = p.doc->root;
  REQUIRE(root.is_map());
  CHECK(root.members[0].key == "service");
  CHECK(root.members[0].key_position == Position{1, 1});
  const Node* name = root.FindPath("service.name");
  REQUIRE(name);
  CHECK(name->text == "サクラ");
  CHECK(name->position == Position{2, 9});
  const Node* id = root.FindPath("service.id");
  CHECK(id->position == Position{3, 7});
  const Node* list = root.Find("list");
  REQUIRE(list->is_list());
  CHECK(list->items[0].position == Position{5, 5});
  CHECK(list->items[1].members[0].key_position == Position{6, 5});
}

TEST_CASE("YAML plain scalars are typed by the core schema; quoted ones stay strings") {
  auto p = Parse(
      "a: true\nb: False\nc: ~\nd:\ne: 365\nf: -2.5e3\ng: 0x1F\nh: yes\ni: \"true\"\nj: '12'\n"
      "k: 0o17\nl: null\n");
  REQUIRE(p.doc);
  const Node& r = p.doc->root;
  CHECK(r.Find("a")->kind == NodeKind::kBool);
  CHECK(r.Find("a")->boolean);
  CHECK(!r.Find("b")->boolean);
  CHECK(r.Find("c")->is_null());
  CHECK(r.Find("d")->is_null());
  CHECK(r.Find("e")->number == 365);
  CHECK(r.Find("f")->number == -2500);
  CHECK(r.Find("g")->number == 31);
  CHECK(r.Find("h")->kind == NodeKind::kString);
  CHECK(r.Find("i")->kind == NodeKind::kString);
  CHECK(r.Find("j")->kind == NodeKind::kString);
  CHECK(r.Find("k")->number == 15);
  CHECK(r.Find("l")->is_null());
}

TEST_CASE("YAML duplicate keys are reported at the second key, every one of them") {
  auto p = Parse("a: 1\nb: 2\na: 3\nb: 4\n");
  CHECK(!p.doc);
  CHECK(p.Errors() ==
        "m.yaml:3:1: error[C104]: duplicate key 'a' (first defined at line 1)\n  a: 3\n  ^\n"
        "m.yaml:4:1: error[C104]: duplicate key 'b' (first defined at line 2)\n  b: 4\n  ^\n");
}

TEST_CASE("YAML tabs in indentation are refused at the tab") {
  auto p = Parse("a:\n\tb: 1\n");
  CHECK(p.Errors() ==
        "m.yaml:2:1: error[C103]: tab character in indentation; YAML indents with spaces only\n"
        "  \tb: 1\n  ^\n");
}

TEST_CASE("tabs inside block scalars are text") {
  auto p = Parse("a: |\n  x\n  \ty\nb: 1\n");
  REQUIRE(p.doc);
  CHECK(p.doc->root.Find("a")->text == "x\n\ty\n");
}

TEST_CASE("invalid UTF-8 is refused at the first bad byte") {
  auto p = Parse("a: ok\nb: caf\xC3\x28\n");
  CHECK(p.Errors().rfind("m.yaml:2:7: error[C102]: invalid UTF-8: byte 0xC3", 0) == 0);
}

TEST_CASE("YAML syntax errors carry the parser's position") {
  auto p = Parse("a: [1, 2\nb: 3\n");
  CHECK(!p.doc);
  REQUIRE(p.sink.diagnostics().size() == 1);
  CHECK(p.sink.diagnostics()[0].code == DiagCode::kSyntax);
  CHECK(p.sink.diagnostics()[0].location.line >= 1);
}

TEST_CASE("a YAML alias bomb is refused before it expands") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", " : "") + "*" + prev;
    bomb += "]\n";
    prev = c;
  }
  auto p = Parse(bomb);
  CHECK(!p.doc);
  REQUIRE(!p.sink.diagnostics().empty());
  CHECK(p.sink.diagnostics()[0].code == DiagCode::kAliasLimit);
  CHECK(p.sink.diagnostics()[0].location.line == 4);
}

TEST_CASE("aliases within the budget expand to copies") {
  auto p = Parse("base: &b {tls: true}\nother: *b\n");
  REQUIRE(p.doc);
  CHECK(p.doc->root.FindPath("other.tls")->boolean);
}

TEST_CASE("nesting 10,000 deep is refused with a position, without overflowing the stack") {
  auto p = Parse("a: " + std::string(10000, '[') + std::string(10000, ']') + "\n");
  CHECK(!p.doc);
  REQUIRE(!p.sink.diagnostics().empty());
  CHECK(p.sink.diagnostics()[0].code == DiagCode::kDepthLimit);
  CHECK(p.sink.diagnostics()[0].location.ToString() == "m.yaml:1:67");
}

TEST_CASE("numbers out of range are refused") {
  auto p = Parse("a: 9007199254740993\nb: .inf\n");
  CHECK(!p.doc);
  REQUIRE(p.sink.diagnostics().size() == 2);
  CHECK(p.sink.diagnostics()[0].location.ToString() == "m.yaml:1:4");
  CHECK(p.sink.diagnostics()[1].code == DiagCode::kNumberRange);
}

TEST_CASE("oversize documents and strings are refused") {
  DocumentLimits limits;
  limits.max_bytes = 10;
  auto p = Parse("a: 12345678901\n", DocumentFormat::kYaml, limits);
  CHECK(p.sink.diagnostics().at(0).code == DiagCode::kSizeLimit);
  limits = {};
  limits.max_string_bytes = 4;
  auto q = Parse("a: abcdef\n", DocumentFormat::kYaml, limits);
  CHECK(q.Errors().rfind("m.yaml:1:4: error[C107]", 0) == 0);
}

TEST_CASE("a second YAML document is refused") {
  auto p = Parse("a: 1\n---\nb: 2\n");
  CHECK(!p.doc);
  CHECK(p.sink.diagnostics().at(0).location.line == 2);
}

TEST_CASE("a byte order mark is skipped and positions still count from the line start") {
  auto p = Parse(
      "\xEF\xBB\xBF"
      "a: 1\n");
  REQUIRE(p.doc);
  CHECK(p.doc->root.members[0].key_position.line == 1);
}

TEST_CASE("complex keys are refused") {
  auto p = Parse("? [a, b]\n: 1\n");
  CHECK(!p.doc);
  CHECK(p.sink.diagnostics().at(0).code == DiagCode::kSyntax);
}
