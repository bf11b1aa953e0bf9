// Targets, endpoints, scope, document URLs and the probe plan (checker/evaluate/endpoints.cc),
// against the behaviour docs/probes.md documents. Each expectation names one documented rule,
// so that a change of behaviour changes one line here.

#include <algorithm>
#include <catch2/catch.hpp>

#include "checker/audit.h"
#include "checker/document.h"
#include "checker/rule_set.h"

#include "evaluate/probe_specs.h"

using namespace checker;

namespace {

const char* kPack = R"(kind: pack
pack:
  id: t
  version: 1.0.0
  title: {ja: t, en: t}
  issuer: i
  source: {document: d, edition: "1"}
  effective_date: 2026-01-01
rules:
  - id: t.hsts
    title: {ja: t, en: t}
    citation: {document: d, section: "1"}
    level: must
    severity: high
    category: c
    check: {type: http, endpoints: [web], expect: 'hsts.present'}
    remediation: {ja: r, en: r}
  - id: t.nosniff
    title: {ja: t, en: t}
    citation: {document: d, section: "2"}
    level: must
    severity: high
    category: c
    check: {type: http, endpoints: [web], expect: 'headers["x-content-type-options"] == "nosniff"'}
    remediation: {ja: r, en: r}
  - id: t.redirect
    title: {ja: t, en: t}
    citation: {document: d, section: "3"}
    level: must
    severity: high
    category: c
    check: {type: http, endpoints: [web], request: {scheme: http}, expect: 'redirect.to_https'}
    remediation: {ja: r, en: r}
  - id: t.tls
    title: {ja: t, en: t}
    citation: {document: d, section: "4"}
    level: must
    severity: high
    category: c
    check: {type: tls, expect: "'1.3' in accepted_versions"}
    remediation: {ja: r, en: r}
  - id: t.policy
    title: {ja: t, en: t}
    citation: {document: d, section: "5"}
    level: must
    severity: high
    category: c
    check: {type: document, url_path: privacy.policy_url, expect: 'status == 200'}
    remediation: {ja: r, en: r}
)";

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
  bool missing = false;
  Document m = Manifest(kManifest);
  auto endpoints = AuditEndpoints(m, {});
  auto spec = evaluate::DocumentSpecFor(policy, m, endpoints, &why, &missing);
  REQUIRE(spec);
  CHECK(spec->url == "https://www.example.jp:443/privacy");
  CHECK(spec->follow_redirects);
  CHECK(spec->method == "GET");

  Document absolute = Manifest("privacy: {policy_url: \"https://legal.example.jp/p\"}\n");
  spec = evaluate::DocumentSpecFor(policy, absolute, {}, &why, &missing);
  REQUIRE(spec);
  CHECK(spec->url == "https://legal.example.jp/p");

  CHECK_FALSE(evaluate::DocumentSpecFor(policy, Manifest("other: 1\n"), endpoints, &why, &missing));
  CHECK(missing);
  CHECK(why == "privacy.policy_url");

  CHECK_FALSE(evaluate::DocumentSpecFor(policy, Manifest("privacy: {policy_url: 3}\n"), endpoints,
                                        &why, &missing));
  CHECK_FALSE(missing);
  CHECK(why == "privacy.policy_url must be a URL string");

  CHECK_FALSE(evaluate::DocumentSpecFor(policy, m, {}, &why, &missing));
  CHECK(why.find("no web endpoint is declared") != std::string::npos);

  CHECK_FALSE(evaluate::DocumentSpecFor(policy, Manifest("privacy: {policy_url: \"ftp://x/p\"}\n"),
                                        endpoints, &why, &missing));
  CHECK(why.find("is not an http(s) URL") != std::string::npos);
}

TEST_CASE("ScopeOf: the hosts of endpoints, their plain-HTTP addresses and document URLs") {
  Fixture fx;
  Document m = Manifest(
      "privacy: {policy_url: \"https://legal.example.jp:8443/p\"}\n"
      "endpoints:\n"
      "  - {url: \"https://www.example.jp/\", http_url: \"http://www.example.jp/\", purpose: "
      "web}\n");
  auto scope = ScopeOf(AuditEndpoints(m, {}), fx.selection, m);
  CHECK(scope == std::vector<std::string>{"legal.example.jp:8443", "www.example.jp:443",
                                          "www.example.jp:80"});
  // Without a document rule selected, its URL is not in scope.
  std::vector<SelectedRule> http_only;
  for (const auto& s : fx.selection)
    if (s.rule->id == "t.hsts") http_only.push_back(s);
  CHECK(ScopeOf(AuditEndpoints(m, {}), http_only, m) ==
        std::vector<std::string>{"www.example.jp:443", "www.example.jp:80"});
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
