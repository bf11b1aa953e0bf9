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

Parsed Parse(std::string name, std::string text, DocumentLimits limits = {}) {
  Parsed p;
  p.doc = ParseDocument({name, std::move(text)}, *FormatFromName(name), limits, p.sink);
  return p;
}

}  // namespace

TEST_CASE("JSON values and keys keep their start positions") {
  auto p = Parse(
      "m.json",
      "{\n  \"a\\\"b\\\\\": \"x\\\"\",\n  \"n\": -12.5e1,\"t\":true,\r\n  \"l\": [1,{}, [] ,null],"
      "\n  \"é\": \"\\u00e9\\ud83d\\ude00\"}");
  INFO(p.Errors());
  REQUIRE(p.doc);
  const Node& r = p.doc->root;
  CHECK(r.position == Position{1, 1});
  CHECK(r.members[0].key == "a\"b\\");
  CHECK(r.members[0].key_position == Position{2, 3});
  CHECK(r.members[0].value.text == "x\"");
  CHECK(r.members[0].value.position == Position{2, 13});
  CHECK(r.Find("n")->position == Position{3, 8});
  CHECK(r.Find("n")->number == -125);
  CHECK(r.Find("t")->position == Position{3, 20});
  const Node* l = r.Find("l");
  CHECK(l->position == Position{4, 8});
  CHECK(l->items[0].position == Position{4, 9});
  CHECK(l->items[1].position == Position{4, 11});
  CHECK(l->items[2].position == Position{4, 15});
  CHECK(l->items[3].position == Position{4, 19});
  CHECK(r.members[4].key_position == Position{5, 3});
  CHECK(r.members[4].value.text == "é😀");
  CHECK(r.members[4].value.position == Position{5, 8});
}

TEST_CASE("a number at the very end of a JSON text keeps its position") {
  auto p = Parse("m.json", "42");
  REQUIRE(p.doc);
  CHECK(p.doc->root.position == Position{1, 1});
  CHECK(p.doc->root.number == 42);
}

TEST_CASE("JSON syntax errors and duplicate keys are positioned") {
  auto p = Parse("m.json", "{\"a\": 1,\n \"a\": 2}");
  CHECK(
      p.Errors() ==
      "m.json:2:2: error[C104]: duplicate key 'a' (first defined at line 1)\n   \"a\": 2}\n   ^\n");
  auto q = Parse("m.json", "{\"a\": tru}");
  REQUIRE(q.sink.diagnostics().size() == 1);
  CHECK(q.sink.diagnostics()[0].code == DiagCode::kSyntax);
  CHECK(q.sink.diagnostics()[0].location.ToString() == "m.json:1:10");
}

TEST_CASE("JSON limits: depth, big integers, overflow") {
  auto deep = Parse("m.json", std::string(100000, '[') + std::string(100000, ']'));
  CHECK(deep.sink.diagnostics().at(0).code == DiagCode::kDepthLimit);
  CHECK(deep.sink.diagnostics().at(0).location.ToString() == "m.json:1:65");
  auto big = Parse("m.json", "{\"a\": 12345678901234567890}");
  CHECK(big.sink.diagnostics().at(0).code == DiagCode::kNumberRange);
  CHECK(big.sink.diagnostics().at(0).location.ToString() == "m.json:1:7");
  auto inf = Parse("m.json", "[1e999]");
  CHECK(inf.sink.diagnostics().at(0).code == DiagCode::kNumberRange);
}

TEST_CASE("XML maps elements, attributes, repeated elements and item lists") {
  auto p =
      Parse("m.xml",
            "<?xml version=\"1.0\"?>\n<manifest version=\"2\">\n  <enabled>true</enabled>\n"
            "  <days> 365 </days>\n  <empty/>\n  <e url=\"https://a\"/>\n  <e url=\"https://b\"/>\n"
            "  <one><item>x</item></one>\n  <s><![CDATA[true]]></s>\n</manifest>\n");
  INFO(p.Errors());
  REQUIRE(p.doc);
  const Node& r = p.doc->root;
  CHECK(
      NodeToJson(r) ==
      "{\"version\":2,\"enabled\":true,\"days\":365,\"empty\":null,\"e\":[{\"url\":\"https://a\"},"
      "{\"url\":\"https://b\"}],\"one\":[\"x\"],\"s\":\"true\"}");
  CHECK(r.members[0].key_position == Position{2, 11});
  CHECK(r.Find("version")->position == Position{2, 20});
  CHECK(r.members[1].key_position == Position{3, 3});
  CHECK(r.Find("enabled")->position == Position{3, 12});
  CHECK(r.Find("days")->position == Position{4, 10});
  CHECK(r.Find("e")->items[1].Find("url")->position == Position{7, 11});
}

TEST_CASE("XML refuses DOCTYPE, mixed content and attribute/element clashes") {
  auto bomb = Parse(
      "m.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>\n<a>&lol;</a>");
  CHECK(bomb.sink.diagnostics().at(0).code == DiagCode::kXmlDoctype);
  CHECK(bomb.sink.diagnostics().at(0).location.ToString() == "m.xml:2:1");
  auto mixed = Parse("m.xml", "<a>text<b/></a>");
  CHECK(mixed.Errors().rfind("m.xml:1:4: error[C101]: element <a> mixes text", 0) == 0);
  auto clash = Parse("m.xml", "<a x=\"1\">\n  <x>2</x>\n</a>");
  CHECK(clash.Errors().rfind("m.xml:2:3: error[C104]", 0) == 0);
  auto broken = Parse("m.xml", "<a>\n<b></a>");
  CHECK(broken.sink.diagnostics().at(0).code == DiagCode::kSyntax);
  CHECK(broken.sink.diagnostics().at(0).location.line == 2);
}

TEST_CASE("the same manifest in YAML, JSON and XML gives the same tree") {
  auto yaml =
      Parse("m.yaml",
            "service:\n  id: sakura\n  name: Sakura PHR\nstorage:\n  encryption:\n"
            "    at_rest: true\n  retention_days: 365\ncertifications:\n  - ISMS\n  - PMARK\n"
            "endpoints:\n  - url: https://a.example\n    purpose: api\n");
  auto json = Parse("m.json",
                    R"({"service": {"id": "sakura", "name": "Sakura PHR"},
 "storage": {"encryption": {"at_rest": true}, "retention_days": 365},
 "certifications": ["ISMS", "PMARK"],
 "endpoints": [{"url": "https://a.example", "purpose": "api"}]})");
  auto xml = Parse("m.xml",
                   "<manifest><service><id>sakura</id><name>Sakura PHR</name></service>"
                   "<storage><encryption><at_rest>true</at_rest></encryption>"
                   "<retention_days>365</retention_days></storage>"
                   "<certifications><item>ISMS</item><item>PMARK</item></certifications>"
                   "<endpoints><item url=\"https://a.example\" purpose=\"api\"/></endpoints>"
                   "</manifest>");
  REQUIRE(yaml.doc);
  REQUIRE(json.doc);
  REQUIRE(xml.doc);
  CHECK(NodeToJson(yaml.doc->root) == NodeToJson(json.doc->root));
  CHECK(NodeToJson(yaml.doc->root) == NodeToJson(xml.doc->root));
}

TEST_CASE("LoadDocument refuses unknown extensions, missing files and oversize files") {
  DiagnosticSink sink;
  CHECK(!LoadDocument("manifest.toml", {}, sink));
  CHECK(!LoadDocument("/nonexistent/m.yaml", {}, sink));
  REQUIRE(sink.diagnostics().size() == 2);
  CHECK(sink.diagnostics()[0].code == DiagCode::kUnsupportedFormat);
  CHECK(sink.diagnostics()[1].code == DiagCode::kIoError);
}
