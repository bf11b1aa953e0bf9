// End-to-end: the manifest vocabulary's facts reach the bundled rules, and fields or values that
// left the vocabulary say where they went.

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>

#include "checker/report.h"

#include "support/test_support.h"

using namespace checker;
using test::Run;

namespace {

const std::string kChecker = CHECKER_BINARY;
std::string Src(const std::string& rel) { return test::SourceDir() + "/" + rel; }

// Audits `manifest` offline against every bundled pack; the findings by rule id. A manifest
// beginning with '<' is a whole XML manifest; otherwise YAML after a service line.
std::map<std::string, Finding> Audit(const std::string& manifest) {
  test::TempDir dir;
  std::string name = manifest.starts_with("<") ? "m.xml" : "m.yaml";
  dir.File(name, manifest.starts_with("<") ? manifest
                                           : "service: {id: x, name: X, type: phr}\n" + manifest);
  auto r = Run({kChecker, "audit", "--manifest", (dir.path() / name).string(), "--pack",
                Src("rules"), "--offline", "--strict", "--out", (dir.path() / "out").string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code != 2);
  DiagnosticSink sink;
  auto report = ParseJsonReport(test::ReadText(dir.path() / "out" / "report.json"), "r", sink);
  REQUIRE(report);
  std::map<std::string, Finding> by_id;
  for (auto& f : report->findings) by_id.emplace(f.rule_id, std::move(f));
  return by_id;
}

}  // namespace

TEST_CASE("a subcontractor abroad makes the cross-border rules apply, naming it and its country") {
  auto f = Audit(
      "subcontractors:\n"
      "  - {name: Kumo Cloud Japan, role: hosting, country: JP, dpa: true}\n"
      "  - {name: Nimbus Analytics Inc., role: analytics, country: US, dpa: true}\n"
      "partners: []\ncross_border: []\n"
      "storage: {location: {country: JP}, foreign_environment_disclosed: false}\n");
  const Finding& sub = f.at("appi.cross-border.subcontractors");
  CHECK(sub.outcome == Outcome::kFail);
  INFO(sub.message);
  CHECK(sub.message.find("Subcontractor Nimbus Analytics Inc. handles the data in US") !=
        std::string::npos);
  CHECK(sub.message.find("Kumo Cloud Japan") == std::string::npos);  // the one in Japan is fine
  CHECK(f.at("starter.appi.cross-border-subcontractors").outcome == Outcome::kFail);
  CHECK(f.at("appi.foreign-hosting.disclosed").outcome == Outcome::kFail);
  CHECK(f.at("appi.cross-border.partners").outcome == Outcome::kNotApplicable);

  auto declared = Audit(
      "subcontractors:\n"
      "  - {name: Nimbus Analytics Inc., role: analytics, country: US, dpa: true}\n"
      "partners: [{name: Hoshi PHR, country: SG, phr_guideline_conformant: true}]\n"
      "cross_border:\n"
      "  - {recipient: Nimbus Analytics Inc., country: US, basis: conforming_system}\n");
  CHECK(declared.at("appi.cross-border.subcontractors").outcome == Outcome::kPass);
  CHECK(declared.at("appi.cross-border.partners").outcome == Outcome::kFail);
  CHECK(declared.at("appi.cross-border.partners").message.find("Partner Hoshi PHR") !=
        std::string::npos);
}

TEST_CASE("a list declared empty ([] or XML's empty element) is none; a null list is absent") {
  const char* rules[] = {"appi.cross-border.subcontractors",
                         "appi.cross-border.partners",
                         "starter.appi.cross-border-subcontractors",
                         "appi.foreign-hosting.disclosed",
                         "mhlw6.location.subcontractors",
                         "vendor.provide.japan-law-subcontractors"};
  auto yaml = Audit(
      "subcontractors: []\npartners: []\ncross_border: []\n"
      "storage: {location: {country: JP}}\n");
  auto xml = Audit(
      "<manifest><service><id>x</id><name>X</name><type>phr</type></service>"
      "<subcontractors/><partners/><cross_border/>"
      "<storage><location><country>JP</country></location></storage></manifest>");
  for (const char* rule : rules) {
    INFO(rule << ": " << yaml.at(rule).message << " / " << xml.at(rule).message);
    CHECK(yaml.at(rule).outcome == Outcome::kNotApplicable);
    CHECK(xml.at(rule).outcome == Outcome::kNotApplicable);
  }
  // `partners:` declares nothing: the rules reading it lack evidence, naming it.
  auto null =
      Audit("subcontractors:\npartners:\ncross_border:\nstorage: {location: {country: JP}}\n");
  CHECK(null.at("appi.cross-border.partners").outcome == Outcome::kMissingEvidence);
  CHECK(null.at("appi.cross-border.partners").message.find("partners") != std::string::npos);
  CHECK(null.at("appi.cross-border.subcontractors").outcome == Outcome::kMissingEvidence);
}

TEST_CASE("administrator MFA is checked when nobody reaches the system from outside") {
  auto f = Audit(
      "remote_access: {enabled: false}\n"
      "auth: {mfa: {enabled: true, factor_types: [knowledge, possession], required_for: "
      "[user]}}\n");
  CHECK(f.at("mhlw6.auth.mfa-admin").outcome == Outcome::kFail);
  CHECK(f.at("starter.auth.mfa-admin").outcome == Outcome::kFail);
  CHECK(f.at("mhlw6.auth.mfa-remote").outcome == Outcome::kNotApplicable);

  auto admin = Audit(
      "remote_access: {enabled: false}\n"
      "auth: {mfa: {enabled: true, factor_types: [knowledge, possession], required_for: "
      "[admin]}}\n");
  CHECK(admin.at("mhlw6.auth.mfa-admin").outcome == Outcome::kPass);
}

TEST_CASE("a data category declares special care itself, whatever its id") {
  auto f = Audit(
      "data_categories: [{id: health_checkup, special_care: true, source: user_entry}]\n"
      "consent: {special_care_optin: false}\n"
      "third_party: {provision: true, mechanism: opt_out}\n");
  CHECK(f.at("appi.special-care.prior-consent").outcome == Outcome::kFail);
  CHECK(f.at("appi.third-party.no-opt-out").outcome == Outcome::kFail);
  CHECK(f.at("starter.appi.special-care-consent").outcome == Outcome::kFail);
  CHECK(f.at("phr.scope.special-care").outcome == Outcome::kPass);

  // Declared false, an id naming check-up data is a finding, not a way out of the rules.
  auto no = Audit("data_categories: [{id: health_checkup, special_care: false}]\n");
  for (const char* rule : {"appi.special-care.classify", "phr.scope.special-care",
                           "starter.appi.special-care-classify"}) {
    INFO(rule);
    CHECK(no.at(rule).outcome == Outcome::kFail);
    CHECK(no.at(rule).message.find("health_checkup") != std::string::npos);
  }
  CHECK(no.at("appi.special-care.prior-consent").outcome == Outcome::kNotApplicable);
}

TEST_CASE("remote maintenance without a VPN, and a self-check sheet not published, are findings") {
  auto f = Audit(
      "maintenance:\n"
      "  remote: {enabled: true, separate_from_staff_access: true, vpn_type: none, logged: true}\n"
      "data_categories: [{id: checkup_results, special_care: true, source: mynaportal}]\n"
      "phr: {self_check_url: /self-check, self_check_published: false}\n");
  CHECK(f.at("mhlw6.maintenance.remote-vpn").outcome == Outcome::kFail);
  CHECK(f.at("mhlw6.maintenance.remote-vpn").message.find("none") != std::string::npos);
  CHECK(f.at("mhlw6.maintenance.remote-logged").outcome == Outcome::kPass);
  CHECK(f.at("phr.mynaportal.eligibility").outcome == Outcome::kFail);
}

TEST_CASE("a removed field or value says what replaces it") {
  test::TempDir dir;
  dir.File("m.yaml",
           "service: {id: x, name: X, type: phr}\n"
           "consent: {third_party: opt_in}\n");
  std::string manifest = (dir.path() / "m.yaml").string();
  auto r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "starter", "--out",
                (dir.path() / "out").string()});
  INFO(r.err);
  CHECK(r.exit_code != 2);
  CHECK(r.err.find(manifest + ":2:11: warning[C200]: unknown key 'consent.third_party': it was "
                              "removed from the manifest vocabulary; the basis of third-party "
                              "provision is declared once, as `third_party.mechanism`") !=
        std::string::npos);
  r = Run({kChecker, "audit", "--manifest", manifest, "--profile", "starter", "--strict", "--out",
           (dir.path() / "strict").string()});
  CHECK(r.exit_code == 2);

  dir.File("v.yaml",
           "service: {id: x, name: X, type: phr}\n"
           "remote_access: {enabled: true, method: ssl_vpn}\n"
           "data_use: {vendor_secondary_analysis: allowed}\n");
  std::string values = (dir.path() / "v.yaml").string();
  r = Run({kChecker, "audit", "--manifest", values, "--profile", "starter", "--out",
           (dir.path() / "v").string()});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(values + ":2:40: error[C205]: 'remote_access.method' is 'ssl_vpn'") !=
        std::string::npos);
  CHECK(r.err.find("'ssl_vpn' was removed from the vocabulary: an SSL-VPN is a kind of VPN: "
                   "declare `method: vpn_only`") != std::string::npos);
  CHECK(r.err.find("'allowed' was removed from the vocabulary") != std::string::npos);
}

TEST_CASE("test-rules holds fixture manifests to the rules folder's manifest schema") {
  test::TempDir dir;
  dir.File("r/p/pack.yaml",
           "kind: pack\npack:\n  id: p\n  version: 1\n  title: {ja: a, en: b}\n  issuer: x\n"
           "  source: {document: d, edition: \"1\"}\n  effective_date: 2024-01-01\nrules:\n"
           "  - id: p.one\n    title: {ja: a, en: b}\n    citation: {document: d, section: \"1\"}\n"
           "    level: must\n    severity: low\n    category: c\n"
           "    check: {type: manifest, expect: a == 1}\n    remediation: {ja: a, en: b}\n");
  dir.File("r/p/fixtures/f.yaml",
           "fixtures:\n"
           "  - {rule: p.one, expect: pass, manifest: {a: 1}}\n"
           "  - {rule: p.one, expect: fail, manifest: {a: 2, b: 1}}\n");
  const std::string rules = (dir.path() / "r").string();
  // Without a schema of its own, the folder's fixtures are not held to one.
  CHECK(Run({kChecker, "test-rules", rules}).exit_code == 0);

  dir.File("r/schema/manifest.schema.json",
           R"({"type": "object", "additionalProperties": false,
               "properties": {"a": {"type": "integer"}}})");
  auto r = Run({kChecker, "test-rules", rules});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("f.yaml:3:50: error[C200]: unknown key 'b': the manifest schema has no such "
                   "field") != std::string::npos);
}
