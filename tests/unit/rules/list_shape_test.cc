// ManifestSchema::NormalizeLists: the lists and maps the schema declares, whatever the format.

#include <catch2/catch.hpp>

#include "checker/document.h"
#include "checker/manifest_schema.h"

using namespace checker;

namespace {

constexpr const char* kSchema = R"({
  "type": "object",
  "properties": {
    "partners": {"type": "array", "items": {"type": "object",
                 "properties": {"country": {"type": "string"},
                                "certifications": {"type": "array", "items": {"type": "string"}}}}},
    "certifications": {"type": "array", "items": {"type": "string"}},
    "storage": {"type": "object", "properties": {"country": {"type": "string"}}},
    "name": {"type": "string"}
  }
})";

struct Normalized {
  Document doc;
  std::string diagnostics;
};

Normalized Normalize(const std::string& text, DocumentFormat format) {
  DiagnosticSink sink;
  auto schema = ManifestSchema::Parse(kSchema, "s.json", sink);
  REQUIRE(schema);
  std::string name = format == DocumentFormat::kXml ? "m.xml" : "m.yaml";
  auto doc = ParseDocument({name, text}, format, {}, sink);
  REQUIRE(doc);
  schema->NormalizeLists(doc->root, name, format == DocumentFormat::kXml, sink);
  Normalized out{std::move(*doc), ""};
  for (const auto& d : sink.diagnostics()) out.diagnostics += FormatDiagnostic(d);
  return out;
}

}  // namespace

TEST_CASE("an empty XML element where the schema declares a list is an empty list") {
  auto n = Normalize(
      "<m>\n  <partners/>\n  <certifications></certifications>\n  <storage/>\n"
      "  <name/>\n</m>\n",
      DocumentFormat::kXml);
  CHECK(n.diagnostics.empty());
  const Node* partners = n.doc.root.Find("partners");
  REQUIRE(partners != nullptr);
  CHECK(partners->is_list());
  CHECK(partners->items.empty());
  CHECK(partners->position == Position{2, 3});  // still the vendor's line
  CHECK(n.doc.root.Find("certifications")->is_list());
  CHECK(n.doc.root.Find("storage")->is_map());  // a declared map: an empty map
  CHECK(n.doc.root.Find("name")->is_null());    // a scalar stays as written
  CHECK(NodeToJson(n.doc.root) ==
        R"({"partners":[],"certifications":[],"storage":{},"name":null})");
}

TEST_CASE("a single XML element where the schema declares a list is a one-item list") {
  // The repeated-element form written once, at the top and inside a list's items.
  auto n = Normalize(
      "<m>\n  <certifications>ISMS</certifications>\n"
      "  <partners><country>US</country><certifications>SOC2</certifications></partners>\n</m>\n",
      DocumentFormat::kXml);
  CHECK(n.diagnostics.empty());
  CHECK(NodeToJson(n.doc.root) ==
        R"({"certifications":["ISMS"],"partners":[{"country":"US","certifications":["SOC2"]}]})");
  const Node* certifications = n.doc.root.Find("certifications");
  CHECK(certifications->position == certifications->items[0].position);
  // Written twice or as <item> children, it was a list already and stays one.
  n = Normalize(
      "<m><certifications>A</certifications><certifications>B</certifications>"
      "<partners><item><country>JP</country></item></partners></m>",
      DocumentFormat::kXml);
  CHECK(NodeToJson(n.doc.root) == R"({"certifications":["A","B"],"partners":[{"country":"JP"}]})");
}

TEST_CASE("a null where YAML or JSON declares a list is not a declaration, with a warning") {
  for (auto format : {DocumentFormat::kYaml, DocumentFormat::kJson}) {
    auto n = Normalize(format == DocumentFormat::kYaml
                           ? "partners:\ncertifications: []\nstorage:\nname:\n"
                           : R"({"partners": null, "certifications": [], "storage": null,
                                 "name": null})",
                       format);
    INFO(n.diagnostics);
    // `[]` says "none"; a null says nothing, so rules reading it are missing_evidence.
    CHECK(n.doc.root.Find("partners") == nullptr);
    CHECK(n.doc.root.Find("certifications")->is_list());
    CHECK(n.doc.root.Find("storage")->is_null());  // only XML's empty element is reshaped
    CHECK(n.doc.root.Find("name")->is_null());
    CHECK(n.diagnostics.find(":1:") != std::string::npos);
    CHECK(n.diagnostics.find("warning[C201]: 'partners' has no value where a list is declared: "
                             "write [] to declare none") != std::string::npos);
    // A scalar where a list is declared is left for the schema check to refuse.
    auto scalar = Normalize(format == DocumentFormat::kYaml ? "certifications: ISMS\n"
                                                            : R"({"certifications": "ISMS"})",
                            format);
    CHECK(scalar.doc.root.Find("certifications")->kind == NodeKind::kString);
  }
}
