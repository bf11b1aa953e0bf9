// TLS handshakes against real nginx sites on 127.0.0.1.

#include <catch2/catch.hpp>

#include "checker/http_facts.h"
#include "checker/probe.h"
#include "checker/report.h"

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

std::vector<TlsProbeSpec> EndpointSpecs(uint16_t port) {
  std::vector<TlsProbeSpec> specs;
  for (const char* v : {"", "1.0", "1.1", "1.2", "1.3"})
    specs.push_back({"127.0.0.1", port, "", v, ""});
  specs.push_back({"127.0.0.1", port, "", "", "AES128-SHA"});  // CBC without forward secrecy
  return specs;
}

Node Document(const std::string& site) {
  auto out = RunTlsProbes(EndpointSpecs(TestSites::Get().Port(site)), Options());
  std::vector<const TlsObservation*> ptrs;
  for (const auto& o : out) ptrs.push_back(&o);
  return TlsObservationDocument(ptrs);
}

std::vector<std::string> Strings(const Node* list) {
  std::vector<std::string> out;
  for (const auto& i : list->items) out.push_back(i.text);
  return out;
}

}  // namespace

TEST_CASE("a well-configured site accepts only TLS 1.2 and 1.3, with a valid chain") {
  Node d = Document("good");
  CHECK(Strings(d.Find("accepted_versions")) == std::vector<std::string>{"1.2", "1.3"});
  CHECK(Strings(d.Find("refused_versions")) == std::vector<std::string>{"1.0", "1.1"});
  CHECK(Strings(d.Find("weak_ciphers_accepted")).empty());
  CHECK(d.FindPath("negotiated.version")->text == "TLSv1.3");
  CHECK(d.FindPath("negotiated.chain_valid")->boolean);
  CHECK(d.FindPath("negotiated.hostname_match")->boolean);
  CHECK(d.FindPath("certificate.key_type")->text == "RSA");
  CHECK(d.FindPath("certificate.key_bits")->number == 2048);
  CHECK(d.FindPath("certificate.signature_algorithm")->text == "sha256WithRSAEncryption");
  CHECK(d.FindPath("certificate.days_until_expiry")->number > 300);
  CHECK(d.FindPath("certificate.sha256_fingerprint")->text.size() == 64);
}

TEST_CASE("a site that still accepts TLS 1.0 and 1.1 and weak suites") {
  Node d = Document("tls-old");
  CHECK(Strings(d.Find("accepted_versions")) == std::vector<std::string>{"1.0", "1.1", "1.2"});
  CHECK(Strings(d.Find("weak_ciphers_accepted")) == std::vector<std::string>{"AES128-SHA"});
}

TEST_CASE("certificate flaws: expired, wrong host, self-signed") {
  Node expired = Document("expired");
  CHECK(expired.FindPath("certificate.days_until_expiry")->number < 0);
  CHECK(!expired.FindPath("negotiated.chain_valid")->boolean);
  CHECK(expired.FindPath("negotiated.chain_error")->text == "certificate has expired");
  Node wrong = Document("wrong-host");
  CHECK(wrong.FindPath("negotiated.chain_valid")->boolean);
  CHECK(!wrong.FindPath("negotiated.hostname_match")->boolean);
  Node self = Document("self-signed");
  CHECK(!self.FindPath("negotiated.chain_valid")->boolean);
  CHECK(self.FindPath("certificate.self_signed")->boolean);
  CHECK(self.FindPath("negotiated.chain_error")->text == "self-signed certificate");
}

TEST_CASE("TLS probes respect the scope") {
  ProbeOptions options = Options();
  options.scope.hosts = {"127.0.0.2"};
  auto out = RunTlsProbes({{"127.0.0.1", TestSites::Get().Port("good"), "", "", ""}}, options);
  CHECK(!out[0].handshake_ok);
  CHECK(out[0].error.rfind("out of scope: 127.0.0.1:", 0) == 0);
}

TEST_CASE("evidence round-trips through JSON") {
  auto& sites = TestSites::Get();
  ProbeEvidence e;
  e.collected_at = 1800000000;
  for (auto& o : RunHttpProbes(
           {{"GET", sites.Url("good"), {{"Origin", "https://evil.example"}}, true}}, Options()))
    e.http[o.key] = o;
  for (auto& o : RunTlsProbes(EndpointSpecs(sites.Port("good")), Options())) e.tls[o.key] = o;
  std::string json = ProbeEvidenceToJson(e);
  std::string error;
  auto back = ProbeEvidenceFromJson(json, &error);
  REQUIRE(back);
  CHECK(ProbeEvidenceToJson(*back) == json);
  CHECK(!ProbeEvidenceFromJson("{}", &error));
  CHECK(error == "not a checker evidence file");
}

TEST_CASE("a client-certificate endpoint is recognised, with the CA names it accepts") {
  auto& sites = TestSites::Get();
  TlsProbeSpec negotiated{"127.0.0.1", sites.Port("client-cert"), "", "", ""};
  auto without = RunTlsProbes({negotiated}, Options());
  INFO(without[0].error);
  CHECK(without[0].handshake_ok);
  CHECK(without[0].negotiated_version == "TLSv1.3");
  CHECK(without[0].client_certificate_requested);
  CHECK(without[0].client_ca_names == std::vector<std::string>{"CN=checker test CA"});
  CHECK(!without[0].client_certificate_offered);
  // A site that asks for none is not mistaken for one.
  auto plain = RunTlsProbes({{"127.0.0.1", sites.Port("good"), "", "", ""}}, Options());
  CHECK(plain[0].handshake_ok);
  CHECK(!plain[0].client_certificate_requested);
  CHECK(plain[0].client_ca_names.empty());

  ProbeOptions with_cert = Options();
  with_cert.client_cert = sites.pki().client_cert;
  with_cert.client_key = sites.pki().client_key;
  auto with = RunTlsProbes({negotiated}, with_cert);
  CHECK(with[0].handshake_ok);
  CHECK(with[0].client_certificate_requested);
  CHECK(with[0].client_certificate_offered);

  // The HTTP probe presents the certificate too; without it nginx answers with its error page.
  HttpProbeSpec get{"GET", sites.Url("client-cert"), {}, false};
  auto refused = RunHttpProbes({get}, Options());
  CHECK(refused[0].status == 400);
  CHECK(!refused[0].client_certificate_offered);
  auto served = RunHttpProbes({get}, with_cert);
  CHECK(served[0].status == 200);
  CHECK(served[0].client_certificate_offered);

  // The evidence file keeps the request, the CA names and what was offered.
  ProbeEvidence e;
  e.tls[without[0].key] = without[0];
  e.http[served[0].key] = served[0];
  std::string error;
  auto back = ProbeEvidenceFromJson(ProbeEvidenceToJson(e), &error);
  REQUIRE(back);
  CHECK(back->tls.begin()->second.client_certificate_requested);
  CHECK(back->tls.begin()->second.client_ca_names == without[0].client_ca_names);
  CHECK(back->http.begin()->second.client_certificate_offered);
}

TEST_CASE("an unreadable client certificate is a clear handshake error") {
  ProbeOptions options = Options();
  options.client_cert = "/nonexistent/client.crt";
  options.client_key = "/nonexistent/client.key";
  auto out = RunTlsProbes({{"127.0.0.1", TestSites::Get().Port("good"), "", "", ""}}, options);
  CHECK(!out[0].handshake_ok);
  CHECK(out[0].error.rfind("cannot read client certificate /nonexistent/client.crt", 0) == 0);
}
