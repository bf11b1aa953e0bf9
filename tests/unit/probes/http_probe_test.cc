// HTTP probes against real nginx sites on 127.0.0.1.

#include <catch2/catch.hpp>

#include "checker/http_facts.h"
#include "checker/probe.h"

#include "support/test_sites.h"

using namespace checker;
using test::TestSites;

namespace {

ProbeOptions Options() {
  ProbeOptions o;
  o.scope.hosts = {"127.0.0.1"};
  o.allow_private = true;  // the test servers listen on loopback
  o.ca_bundle = TestSites::Get().pki().ca_cert;
  return o;
}

HttpObservation Get(const std::string& url, HeaderList headers = {}, bool follow = false,
                    ProbeOptions options = Options()) {
  HttpProbeSpec spec;
  spec.url = url;
  spec.headers = std::move(headers);
  spec.follow_redirects = follow;
  auto out = RunHttpProbes({spec}, options);
  REQUIRE(out.size() == 1);
  return out[0];
}

std::string Header(const HttpObservation& o, const std::string& name) {
  for (const auto& [n, v] : o.headers)
    if (n == name) return v;
  return "";
}

}  // namespace

TEST_CASE("a well-configured site: status, headers, TLS facts and parsed policies") {
  auto& sites = TestSites::Get();
  HttpObservation o = Get(sites.Url("good"));
  INFO(o.error);
  REQUIRE(o.ok);
  CHECK(o.status == 200);
  CHECK(o.request_line == "GET / HTTP/1.1");
  CHECK(Header(o, "strict-transport-security") == "max-age=63072000; includeSubDomains");
  CHECK(Header(o, "x-content-type-options") == "nosniff");
  CHECK(Header(o, "server") == "nginx");
  CHECK(o.tls_version == "TLSv1.3");
  REQUIRE(o.certificate);
  CHECK(o.certificate->subject == "CN=127.0.0.1");
  CHECK(o.body == "<!doctype html><title>portal</title>");
  CHECK(o.body_sha256.size() == 64);
  // Cookie values never reach the evidence; their attributes do.
  CHECK(Header(o, "set-cookie") ==
        "__Host-sid=[REDACTED]; Path=/; Secure; HttpOnly; SameSite=Strict");
  CHECK(o.redacted == std::vector<std::string>{"header:set-cookie"});

  Node doc = HttpObservationDocument(o, 1800000000);
  CHECK(doc.FindPath("hsts.max_age")->number == 63072000);
  CHECK(doc.FindPath("hsts.include_subdomains")->boolean);
  CHECK(doc.FindPath("csp.has_frame_ancestors")->boolean);
  CHECK(doc.FindPath("version_leak")->boolean == false);
  const Node* cookies = doc.Find("cookies");
  REQUIRE(cookies->items.size() == 1);
  CHECK(cookies->items[0].Find("host_prefix")->boolean);
}

TEST_CASE("HTTP redirects to HTTPS; following stays in scope") {
  auto& sites = TestSites::Get();
  HttpObservation o = Get(sites.Url("good-http", "/x?y=1"));
  REQUIRE(o.ok);
  CHECK(o.status == 301);
  CHECK(Header(o, "location") == sites.Url("good", "/x?y=1"));
  Node doc = HttpObservationDocument(o, 0);
  CHECK(doc.FindPath("redirect.to_https")->boolean);

  o = Get(sites.Url("good-http"), {}, true);
  REQUIRE(o.ok);
  CHECK(o.status == 200);
  REQUIRE(o.redirects.size() == 1);
  CHECK(o.redirects[0].followed);
  CHECK(o.final_url == sites.Url("good"));

  ProbeOptions narrow = Options();
  narrow.scope.hosts = {"127.0.0.1:" + std::to_string(sites.good_http_port())};
  o = Get(sites.Url("good-http"), {}, true, narrow);
  REQUIRE(o.ok);
  CHECK(o.status == 301);
  REQUIRE(o.redirects.size() == 1);
  CHECK(!o.redirects[0].followed);
  CHECK(o.redirects[0].note ==
        "not followed: 127.0.0.1:" + std::to_string(sites.Port("good")) + " is out of scope");
}

TEST_CASE("probes never leave the scope") {
  ProbeOptions options = Options();
  options.scope.hosts = {"vendor.example"};
  HttpObservation o = Get(TestSites::Get().Url("good"), {}, false, options);
  CHECK(!o.ok);
  CHECK(o.error == "out of scope: 127.0.0.1:" + std::to_string(TestSites::Get().Port("good")) +
                       " is not an endpoint of the audited service");
  CHECK(o.elapsed_ms == 0);
}

TEST_CASE("sites with one flaw each") {
  auto& sites = TestSites::Get();
  Node bare = HttpObservationDocument(Get(sites.Url("bare")), 0);
  CHECK(!bare.FindPath("hsts.present")->boolean);
  CHECK(!bare.FindPath("csp.present")->boolean);
  CHECK(bare.FindPath("headers")->Find("x-content-type-options") == nullptr);

  Node cookie = HttpObservationDocument(Get(sites.Url("cookie")), 0);
  const Node* sid = nullptr;
  for (const auto& c : cookie.Find("cookies")->items)
    if (c.Find("name")->text == "sid") sid = &c;
  REQUIRE(sid);
  CHECK(!sid->Find("secure")->boolean);
  CHECK(!sid->Find("http_only")->boolean);

  Node cors =
      HttpObservationDocument(Get(sites.Url("cors"), {{"Origin", "https://evil.example"}}), 0);
  CHECK(cors.FindPath("cors.reflects_origin")->boolean);
  CHECK(cors.FindPath("cors.allow_credentials")->boolean);
  Node good_cors =
      HttpObservationDocument(Get(sites.Url("good"), {{"Origin", "https://evil.example"}}), 0);
  CHECK(!good_cors.FindPath("cors.reflects_origin")->boolean);

  HttpObservation version = Get(sites.Url("version"));
  CHECK(Header(version, "server").rfind("nginx/", 0) == 0);
  CHECK(HttpObservationDocument(version, 0).FindPath("version_leak")->boolean);
}

TEST_CASE("JSON bodies and disclosure files are parsed for rules") {
  auto& sites = TestSites::Get();
  Node meta = HttpObservationDocument(Get(sites.Url("good", "/metadata")), 0);
  CHECK(meta.FindPath("body.is_json")->boolean);
  CHECK(meta.FindPath("body.json.resourceType")->text == "CapabilityStatement");
  Node txt =
      HttpObservationDocument(Get(sites.Url("good", "/.well-known/security.txt")), 1800000000 - 10);
  CHECK(txt.FindPath("security_txt.contacts")->items.size() == 1);
  CHECK(Get(sites.Url("good", "/nothing")).status == 404);
}

TEST_CASE("a redirect loop stops at the redirect limit with a clear error") {
  ProbeOptions options = Options();
  options.limits.max_redirects = 3;
  HttpObservation o = Get(TestSites::Get().Url("bare", "/loop"), {}, true, options);
  CHECK(!o.ok);
  CHECK(o.error == "redirect limit of 3 reached (a redirect loop?)");
  CHECK(o.redirects.size() == 4);
}

TEST_CASE("many probes run concurrently and each spec gets its observation") {
  auto& sites = TestSites::Get();
  std::vector<HttpProbeSpec> specs;
  for (const char* s :
       {"good", "bare", "cookie", "cors", "version", "expired", "wrong-host", "self-signed"})
    for (const char* path : {"/", "/metadata", "/.well-known/security.txt"})
      specs.push_back({"GET", sites.Url(s, path), {}, false});
  ProbeOptions options = Options();
  options.limits.concurrency = 6;
  options.limits.per_host = 3;
  auto out = RunHttpProbes(specs, options);
  REQUIRE(out.size() == specs.size());
  for (size_t i = 0; i < out.size(); ++i) {
    INFO(specs[i].url << ": " << out[i].error);
    CHECK(out[i].ok);
    CHECK(out[i].key == specs[i].Key());
    CHECK(out[i].status == 200);
  }
}
