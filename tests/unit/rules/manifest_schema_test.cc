// The manifest schema's record of removed fields and values (x-removed, x-removed-values).

#include "checker/manifest_schema.h"

#include <catch2/catch.hpp>

#include "checker/document.h"

using namespace checker;

namespace {

constexpr const char* kSchema = R"({
  "type": "object", "additionalProperties": false,
  "properties": {
    "consent": {"type": "object", "additionalProperties": false,
                "properties": {"granular": {"type": "boolean"}},
                "x-removed": {"third_party": "declare third_party.mechanism"}},
    "method": {"type": "string", "enum": ["vpn_only", "direct"],
               "x-removed-values": {"ssl_vpn": "declare vpn_only and vpn_type"}}
  }
})";

std::string CheckText(const ManifestSchema& schema, const std::string& yaml) {
  DiagnosticSink sink;
  auto doc = ParseDocument({"m.yaml", yaml}, DocumentFormat::kYaml, {}, sink);
  REQUIRE(doc);
  schema.Check(doc->root, "m.yaml", {}, sink);
  std::string out;
  for (const auto& d : sink.diagnostics()) out += FormatDiagnostic(d);
  return out;
}

}  // namespace

TEST_CASE("a removed key or value names what replaces it, not a did-you-mean") {
  DiagnosticSink sink;
  auto schema = ManifestSchema::Parse(kSchema, "s.json", sink);
  REQUIRE(schema);
  std::string out = CheckText(*schema, "consent: {third_party: opt_in, granula: true}\n");
  INFO(out);
  CHECK(out.find("m.yaml:1:11: warning[C200]: unknown key 'consent.third_party': it was removed "
                 "from the manifest vocabulary; declare third_party.mechanism") !=
        std::string::npos);
  // Keys never in the vocabulary still get the nearest known one.
  CHECK(out.find("unknown key 'consent.granula': the manifest schema has no such field; did you "
                 "mean 'granular'?") != std::string::npos);

  out = CheckText(*schema, "method: ssl_vpn\n");
  CHECK(out.find("m.yaml:1:9: error[C205]: 'method' is 'ssl_vpn', which is not one of 'vpn_only', "
                 "'direct'; 'ssl_vpn' was removed from the vocabulary: declare vpn_only and "
                 "vpn_type") != std::string::npos);
  CHECK(CheckText(*schema, "method: vpn_only\nconsent: {granular: true}\n").empty());
}

TEST_CASE("a removed-name record that is not a map of sentences is refused when the schema loads") {
  for (const char* bad :
       {R"({"type": "object", "x-removed": ["a"]})", R"({"type": "object", "x-removed": {"a": 1}})",
        R"({"type": "string", "x-removed-values": "a"})"}) {
    INFO(bad);
    DiagnosticSink sink;
    CHECK(!ManifestSchema::Parse(bad, "s.json", sink));
    REQUIRE(sink.diagnostics().size() == 1);
    CHECK(sink.diagnostics()[0].message.find("x-removed") != std::string::npos);
  }
}
