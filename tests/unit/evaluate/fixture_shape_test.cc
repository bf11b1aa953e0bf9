// Rule fixtures of endpoint rules are hand-written observation documents. Each must have the
// shape of the documents the probes really produce (checker/probes/observation_document.cc):
// a path a fixture uses that a real observation never has would let a rule pass its fixtures
// and then read nothing in a live audit (issue 12, item 11).

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>

#include "checker/document.h"
#include "checker/http_facts.h"
#include "checker/probe.h"
#include "checker/rule_set.h"

#include "support/test_support.h"

using namespace checker;

namespace {

// Maps whose keys are data, not shape: any key below them is allowed.
const char* const kOpenMaps[] = {"headers", "body.json", "csp.directives"};

// Every path of a document: "a.b" for map members, "a[]" for list items ("a[].b" below them).
void Paths(const Node& n, const std::string& at, std::set<std::string>& out) {
  if (!at.empty()) out.insert(at);
  if (n.is_map())
    for (const auto& m : n.members) Paths(m.value, at.empty() ? m.key : at + "." + m.key, out);
  if (n.is_list())
    for (const auto& item : n.items) Paths(item, at + "[]", out);
}

CertificateInfo Certificate() {
  CertificateInfo c;
  c.subject = "CN=www.example.jp";
  c.issuer = "CN=CA";
  c.subject_alt_names = {"DNS:www.example.jp"};
  c.key_type = "EC";
  c.key_bits = 256;
  return c;
}

// The union of the shapes of real observation documents: a page with every header the rules
// read, a JSON body, a security.txt, and a redirect; TLS handshakes of every kind.
std::set<std::string> HttpShape() {
  std::set<std::string> shape;
  HttpObservation page;
  page.spec.url = "https://www.example.jp/";
  page.spec.headers = {{"Origin", "https://evil.example"}};
  page.ok = true;
  page.status = 200;
  page.headers = {{"strict-transport-security", "max-age=10"},
                  {"content-security-policy", "default-src 'self'; frame-ancestors 'none'"},
                  {"set-cookie", "__Host-sid=[REDACTED]; Path=/; Secure; HttpOnly; SameSite=Lax"},
                  {"access-control-allow-origin", "https://evil.example"},
                  {"server", "nginx/1.2"}};
  page.redirects = {{301, "http://www.example.jp/", "https://www.example.jp/", true, ""}};
  page.body = R"({"a": [1]})";
  page.tls_version = "TLSv1.3";
  page.certificate = Certificate();
  Paths(HttpObservationDocument(page, 0), "", shape);
  HttpObservation txt;
  txt.ok = true;
  txt.status = 200;
  txt.body =
      "Contact: mailto:security@example.jp\nExpires: 2020-01-01T00:00:00Z\n"
      "Canonical: https://www.example.jp/.well-known/security.txt\nBogus\n";
  Paths(HttpObservationDocument(txt, 1800000000), "", shape);
  return shape;
}

std::set<std::string> TlsShape() {
  std::set<std::string> shape;
  TlsObservation negotiated, v10, weak;
  negotiated.handshake_ok = true;
  negotiated.certificate = Certificate();
  v10.spec.version = "1.0";
  weak.spec.ciphers = "AES128-SHA";
  weak.handshake_ok = true;
  TlsObservation v12 = v10;
  v12.spec.version = "1.2";
  v12.handshake_ok = true;
  Paths(TlsObservationDocument({&negotiated, &v10, &v12, &weak}), "", shape);
  return shape;
}

// Why a fixture's path is not a real one ("" when it is).
std::string Unknown(const std::string& path, const std::set<std::string>& shape) {
  for (const char* open : kOpenMaps)
    if (path.rfind(std::string(open) + ".", 0) == 0) return "";
  if (shape.count(path)) return "";
  return path;
}

}  // namespace

TEST_CASE("every endpoint-rule fixture has the shape of a real observation document") {
  std::set<std::string> http = HttpShape(), tls = TlsShape();
  REQUIRE(http.count("cookies[].host_prefix"));  // the synthetic responses exercised every part
  REQUIRE(http.count("redirect.chain[].followed"));
  REQUIRE(http.count("security_txt.problems[]"));
  REQUIRE(tls.count("certificate.subject_alt_names[]"));

  namespace fs = std::filesystem;
  DiagnosticSink sink;
  std::vector<std::string> roots{test::SourceDir() + "/rules"};
  RuleSet rules = LoadRuleSet(ReadRuleFiles(roots, sink), sink);
  REQUIRE(!sink.has_errors());
  size_t checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(roots[0])) {
    if (entry.path().parent_path().filename() != "fixtures" || entry.path().extension() != ".yaml")
      continue;
    auto doc = LoadDocument(entry.path().string(), DocumentLimits{}, sink);
    REQUIRE(doc);
    const Node* list = doc->root.Find("fixtures");
    REQUIRE(list != nullptr);
    for (const auto& item : list->items) {
      const Node* id = item.Find("rule");
      const Rule* rule = id != nullptr ? rules.FindRule(id->text) : nullptr;
      if (rule == nullptr || !rule->check) continue;
      CheckType type = rule->check->type;
      if (type != CheckType::kHttp && type != CheckType::kDocument && type != CheckType::kTls)
        continue;
      const Node* observation = item.Find(type == CheckType::kTls ? "tls" : "response");
      if (observation == nullptr) continue;
      std::set<std::string> used;
      Paths(*observation, "", used);
      for (const auto& path : used) {
        INFO(doc->Locate(item.position).ToString() << ": fixture of " << rule->id);
        CHECK(Unknown(path, type == CheckType::kTls ? tls : http) == "");
      }
      ++checked;
    }
  }
  CHECK(checked >= 50);  // the fixtures were found and read
}

TEST_CASE("a fixture path no real observation has is found") {
  std::set<std::string> http = HttpShape();
  CHECK(Unknown("hsts.max_age", http) == "");
  CHECK(Unknown("headers.x-anything", http) == "");
  CHECK(Unknown("body.json.grant_types_supported", http) == "");
  CHECK(Unknown("hsts.maxage", http) == "hsts.maxage");
  CHECK(Unknown("cookie[].secure", http) == "cookie[].secure");
  CHECK(Unknown("tls.certificate.days_left", http) == "tls.certificate.days_left");
}
