// Targets, endpoints, scope, document URLs and the probe plan (checker/evaluate/endpoints.cc),
// against the behaviour docs/probes.md documents. Each expectation names one documented rule,
// so that a change of behaviour changes one line here.

#include <algorithm>
#include <catch2/catch.hpp>

#include "checker/audit.h"
#include "checker/document.h"
#include "checker/report.h"
#include "checker/rule_set.h"

#include "evaluate/probe_specs.h"
#include "support/test_support.h"

using namespace checker;

namespace {

const std::string kPack = test::TestPack(
    "t",
    {{"t.hsts", R"({type: http, endpoints: [web], expect: 'hsts.present'})"},
     {"t.nosniff",
      R"({type: http, endpoints: [web], expect: 'headers["x-content-type-options"] == "nosniff"'})"},
     {"t.redirect",
      R"({type: http, endpoints: [web], request: {scheme: http}, expect: 'redirect.to_https'})"},
     {"t.tls", R"({type: tls, expect: "'1.3' in accepted_versions"})"},
     {"t.policy", R"({type: document, url_path: privacy.policy_url, expect: 'status == 200'})"}});

struct Fixture {
  RuleSet rules;
  std::vector<SelectedRule> selection;
  Fixture() {
    DiagnosticSink sink;
    std::vector<SourceText> files{{"t.yaml", kPack}};
    rules = LoadRuleSet(files, sink);
    REQUIRE(!sink.has_errors());
    selection = rules.SelectPacks({});
    REQUIRE(selection.size() == 5);
  }
  const Check& CheckOf(const std::string& id) const { return *rules.FindRule(id)->check; }
};

Document Manifest(const std::string& yaml) {
  DiagnosticSink sink;
  auto doc = ParseDocument({"m.yaml", yaml}, DocumentFormat::kYaml, {}, sink);
  REQUIRE(doc);
  return *doc;
}

const char* kManifest =
    "privacy: {policy_url: /privacy}\n"
    "endpoints:\n"
    "  - {url: \"https://www.example.jp/\", http_url: \"http://www.example.jp/\", purpose: web}\n"
    "  - {url: \"https://api.example.jp/v1\", purpose: api}\n"
    "  - {purpose: admin}\n";  // no url: not an endpoint

Target Parse(const std::string& text) {
  std::string error;
  auto t = ParseTarget(text, &error);
  INFO(text << ": " << error);
  REQUIRE(t);
  return *t;
}

}  // namespace

TEST_CASE("ParseTarget: [PURPOSE=]URL and PURPOSE.http=URL") {
  Target web = Parse("web=https://127.0.0.1:8443/");
  CHECK(web.purpose == "web");
  CHECK(web.url == "https://127.0.0.1:8443/");
  CHECK_FALSE(web.http);
  Target plain = Parse("web.http=http://127.0.0.1:8080/");
  CHECK(plain.purpose == "web");
  CHECK(plain.http);
  Target any = Parse("https://host.example/a=b");  // '=' after the scheme is the URL's
  CHECK(any.purpose.empty());
  CHECK(any.url == "https://host.example/a=b");
  for (const char* bad : {"ftp://host/", "web=", "host.example", "web=https://"}) {
    std::string error;
    INFO(bad);
    CHECK_FALSE(ParseTarget(bad, &error));
    CHECK(error.find("is not [PURPOSE=]URL") != std::string::npos);
  }
}

TEST_CASE("AuditEndpoints: the manifest's endpoints, with targets replacing or adding") {
  Document m = Manifest(kManifest);
  auto plain = AuditEndpoints(m, {});
  REQUIRE(plain.size() == 2);  // the entry without a url is not an endpoint
  CHECK(plain[0].url == "https://www.example.jp/");
  CHECK(plain[0].http_url == "http://www.example.jp/");
  CHECK(plain[0].purpose == "web");
  CHECK(plain[0].location.line == 3);
  CHECK(plain[1].purpose == "api");

  auto targeted = AuditEndpoints(
      m, {Parse("web=https://127.0.0.1:8443/"), Parse("web.http=http://127.0.0.1:8080/"),
          Parse("https://127.0.0.1:9443/")});
  REQUIRE(targeted.size() == 3);
  CHECK(targeted[0].url == "https://127.0.0.1:8443/");  // replaced
  CHECK(targeted[0].http_url == "http://127.0.0.1:8080/");
  CHECK_FALSE(targeted[0].location.known());  // no longer the manifest's
  CHECK(targeted[1].url == "https://api.example.jp/v1");
  CHECK(targeted[2].url == "https://127.0.0.1:9443/");
  CHECK(targeted[2].purpose == "any");

  auto added = AuditEndpoints(m, {Parse("fhir=https://127.0.0.1:7443/fhir")});
  REQUIRE(added.size() == 3);
  CHECK(added[2].purpose == "fhir");
  // A plain-HTTP address alone for a new purpose is no endpoint (it has no https URL).
  CHECK(AuditEndpoints(m, {Parse("admin.http=http://127.0.0.1:1/")}).size() == 2);
}

TEST_CASE("DocumentSpecFor: manifest URLs, paths resolved against the web endpoint") {
  Fixture fx;
  const Check& policy = fx.CheckOf("t.policy");
  std::string why;
  evaluate::DocumentGap gap;
  Document m = Manifest(kManifest);
  auto endpoints = AuditEndpoints(m, {});
  auto spec = evaluate::DocumentSpecFor(policy, m, endpoints, &why, &gap);
  REQUIRE(spec);
  CHECK(spec->url == "https://www.example.jp:443/privacy");
  CHECK(spec->follow_redirects);
  CHECK(spec->method == "GET");

  // An absolute URL at an endpoint's origin (default port written or not).
  std::string endpoints_only = std::string(kManifest).substr(std::string(kManifest).find('\n') + 1);
  Document absolute =
      Manifest(endpoints_only + "privacy: {policy_url: \"https://WWW.example.jp/legal/p\"}\n");
  spec = evaluate::DocumentSpecFor(policy, absolute, {}, &why, &gap);
  REQUIRE(spec);
  CHECK(spec->url == "https://WWW.example.jp/legal/p");

  CHECK_FALSE(evaluate::DocumentSpecFor(policy, Manifest("other: 1\n"), endpoints, &why, &gap));
  CHECK(gap == evaluate::DocumentGap::kMissing);
  CHECK(why == "privacy.policy_url");

  CHECK_FALSE(evaluate::DocumentSpecFor(policy, Manifest("privacy: {policy_url: 3}\n"), endpoints,
                                        &why, &gap));
  CHECK(gap == evaluate::DocumentGap::kInvalid);
  CHECK(why == "privacy.policy_url must be a URL string");

  CHECK_FALSE(evaluate::DocumentSpecFor(policy, m, {}, &why, &gap));
  CHECK(why.find("no web endpoint is declared") != std::string::npos);

  CHECK_FALSE(evaluate::DocumentSpecFor(policy, Manifest("privacy: {policy_url: \"ftp://x/p\"}\n"),
                                        endpoints, &why, &gap));
  CHECK(why.find("is not an http(s) URL") != std::string::npos);
}

TEST_CASE("DocumentSpecFor: a manifest URL is fetched only at a declared origin") {
  Fixture fx;
  const Check& policy = fx.CheckOf("t.policy");
  std::string why;
  evaluate::DocumentGap gap;
  auto with = [](const std::string& extra) {
    std::string manifest = kManifest;
    return Manifest(manifest.substr(manifest.find('\n') + 1) + extra);  // without its policy_url
  };
  // Another host, another port, another scheme: each is another origin.
  for (const char* url : {"http://127.0.0.1:20099/internal-admin", "https://legal.example.jp/p",
                          "https://www.example.jp:8443/p", "http://api.example.jp:8080/p"}) {
    INFO(url);
    Document m = with("privacy: {policy_url: \"" + std::string(url) + "\"}\n");
    CHECK_FALSE(evaluate::DocumentSpecFor(policy, m, AuditEndpoints(m, {}), &why, &gap));
    CHECK(gap == evaluate::DocumentGap::kOutOfScope);
    CHECK(why.find("privacy.policy_url '" + std::string(url) + "' is outside the declared scope") ==
          0);
    CHECK(why.find("it was not fetched") != std::string::npos);
  }
  // The plain-HTTP origin of an https endpoint on 443, and an origin declared in scope.
  Document m = with("privacy: {policy_url: \"http://www.example.jp/p\"}\n");
  CHECK(evaluate::DocumentSpecFor(policy, m, AuditEndpoints(m, {}), &why, &gap));
  m = with(
      "privacy: {policy_url: \"https://legal.example.jp/p\"}\n"
      "scope: {additional_origins: [\"https://legal.example.jp\"]}\n");
  CHECK(evaluate::DocumentSpecFor(policy, m, AuditEndpoints(m, {}), &why, &gap));
  CHECK(gap == evaluate::DocumentGap::kNone);
  // A --target's origin is in scope as well.
  m = with("privacy: {policy_url: \"https://127.0.0.1:8443/p\"}\n");
  Target target{"web", "https://127.0.0.1:8443/", false};
  CHECK(evaluate::DocumentSpecFor(policy, m, AuditEndpoints(m, {target}), &why, &gap));
}

TEST_CASE("ScopeOf: the hosts of endpoints, their plain-HTTP addresses and declared origins") {
  Fixture fx;
  Document m = Manifest(
      "privacy: {policy_url: \"https://legal.example.jp:8443/p\"}\n"
      "endpoints:\n"
      "  - {url: \"https://www.example.jp/\", http_url: \"http://www.example.jp/\", purpose: "
      "web}\n");
  // The policy URL's origin is not declared: it is not in scope.
  auto scope = ScopeOf(AuditEndpoints(m, {}), fx.selection, m);
  CHECK(scope == std::vector<std::string>{"www.example.jp:443", "www.example.jp:80"});
  Document declared = Manifest(
      "privacy: {policy_url: \"https://legal.example.jp:8443/p\"}\n"
      "scope: {additional_origins: [\"https://legal.example.jp:8443\"]}\n"
      "endpoints:\n"
      "  - {url: \"https://www.example.jp/\", http_url: \"http://www.example.jp/\", purpose: "
      "web}\n");
  CHECK(
      ScopeOf(AuditEndpoints(declared, {}), fx.selection, declared) ==
      std::vector<std::string>{"legal.example.jp:8443", "www.example.jp:443", "www.example.jp:80"});
}

TEST_CASE("PlanProbes: one probe per distinct request, TLS handshakes per https endpoint") {
  Fixture fx;
  Document m = Manifest(kManifest);
  auto endpoints = AuditEndpoints(m, {});
  ProbePlan plan = PlanProbes(fx.selection, m, endpoints);
  std::vector<std::string> urls;
  for (const auto& spec : plan.http) urls.push_back(spec.method + " " + spec.url);
  std::sort(urls.begin(), urls.end());
  // t.hsts and t.nosniff share one GET of the web endpoint; t.redirect asks its plain-HTTP
  // address; t.policy fetches the policy; the api endpoint has no http rule.
  CHECK(urls == std::vector<std::string>{"GET http://www.example.jp/",
                                         "GET https://www.example.jp/",
                                         "GET https://www.example.jp:443/privacy"});
  // t.tls applies to both https endpoints: negotiated, four versions, four weak suites each.
  CHECK(plan.tls.size() == 18);
  CHECK(std::count_if(plan.tls.begin(), plan.tls.end(),
                      [](const TlsProbeSpec& s) { return s.host == "api.example.jp"; }) == 9);
  CHECK(PlanProbes({}, m, endpoints).http.empty());
  CHECK(PlanProbes(fx.selection, m, {}).http.empty());  // no endpoint, no probe
}

TEST_CASE("ReplayMismatches: evidence is bound to the endpoints it was collected for") {
  Document m = Manifest(kManifest);
  std::vector<Target> targets = {Parse("web=https://127.0.0.1:8443/")};
  ProbeEvidence evidence;
  CHECK(ReplayMismatches(evidence, m, AuditEndpoints(m, targets)).size() == 1);  // not recorded
  RecordEndpoints(m, AuditEndpoints(m, targets), &evidence);
  // Through evidence.json and back.
  std::string error;
  auto read = ProbeEvidenceFromJson(ProbeEvidenceToJson(evidence), &error);
  REQUIRE(read);
  CHECK(read->declared_endpoints == evidence.declared_endpoints);
  CHECK(read->audited_endpoints.size() == 2);
  CHECK(ReplayMismatches(*read, m, AuditEndpoints(m, targets)).empty());
  // Another manifest: one line per endpoint on either side.
  Document other = Manifest(
      "endpoints:\n  - {url: \"https://www.example.jp/\", http_url: \"http://www.example.jp/\", "
      "purpose: web}\n  - {url: \"https://api.example.jp/v2\", purpose: api}\n");
  auto lines = ReplayMismatches(*read, other, AuditEndpoints(other, targets));
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].find("the manifest declares the api endpoint https://api.example.jp/v2") == 0);
  CHECK(lines[1] ==
        "the evidence was collected for the api endpoint https://api.example.jp/v1, which the "
        "manifest does not declare");
  CHECK(lines[2].find("this replay audits the api endpoint https://api.example.jp/v2") == 0);
  CHECK(lines[3].find("the evidence was collected at the api endpoint https://api.example.jp/v1") ==
        0);
}
