#include "support/test_sites.h"

#include <ctime>
#include <fstream>
#include <vector>

namespace checker::test {

namespace {

std::string Rfc3339(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// add_header in a location replaces the server's, so every location repeats the set it needs.
const char* kGoodHeaders =
    "    add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains\" always;\n"
    "    add_header Content-Security-Policy \"default-src 'self'; frame-ancestors 'none'; "
    "object-src 'none'\" always;\n"
    "    add_header X-Content-Type-Options nosniff always;\n"
    "    add_header Referrer-Policy no-referrer always;\n"
    "    add_header X-Frame-Options DENY always;\n";

struct SiteSpec {
  std::string name;
  std::string cert;  // good, expired, wrong, self
  std::string protocols = "TLSv1.2 TLSv1.3";
  std::string ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20";
  std::string headers = kGoodHeaders;
  std::string extra = "    server_tokens off;\n";  // more server directives
  std::string security_txt = "security.txt";       // the file served as security.txt
};

std::string Locations(const SiteSpec& s) {
  return "    location = / {\n" + s.headers +
         "      default_type text/html;\n      return 200 '<!doctype "
         "html><title>portal</title>';\n    }\n"
         "    location = /.well-known/security.txt {\n" +
         s.headers + "      default_type text/plain;\n      alias html/" + s.security_txt +
         ";\n    }\n"
         "    location = /metadata {\n" +
         s.headers +
         "      default_type application/fhir+json;\n      alias html/metadata.json;\n    }\n"
         "    location = /.well-known/smart-configuration {\n" +
         s.headers +
         "      default_type application/json;\n      alias html/smart-configuration.json;\n    }\n"
         "    location = /loop {\n      return 302 /loop;\n    }\n"
         "    location / {\n" +
         s.headers + "      return 404;\n    }\n";
}

}  // namespace

void WriteSiteContent(const std::filesystem::path& html) {
  std::filesystem::create_directories(html);
  std::ofstream(html / "security.txt")
      << "Contact: mailto:security@vendor.example\nExpires: "
      << Rfc3339(std::time(nullptr) + 180 * 86400) << "\nPreferred-Languages: ja, en\n";
  // Expired and without a Contact: two faults a rule must name separately.
  std::ofstream(html / "security-faulty.txt")
      << "Expires: " << Rfc3339(std::time(nullptr) - 30 * 86400)
      << "\nPreferred-Languages: ja, en\n";
  std::ofstream(html / "metadata.json")
      << R"({"resourceType":"CapabilityStatement","status":"active","kind":"instance","fhirVersion":"4.0.1",)"
         R"("format":["application/fhir+json"],"rest":[{"mode":"server","security":{"cors":false,)"
         R"("service":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/restful-security-service",)"
         R"("code":"SMART-on-FHIR"}]}]},"resource":[{"type":"Patient","interaction":[{"code":"read"}]}]}]})";
  std::ofstream(html / "smart-configuration.json")
      << R"({"issuer":"https://127.0.0.1/","jwks_uri":"https://127.0.0.1/jwks",)"
         R"("authorization_endpoint":"https://127.0.0.1/authorize","token_endpoint":"https://127.0.0.1/token",)"
         R"("grant_types_supported":["authorization_code"],"code_challenge_methods_supported":["S256"],)"
         R"("capabilities":["launch-standalone","client-confidential-asymmetric","sso-openid-connect","context-standalone-patient","permission-v2"]})";
}

TestSites& TestSites::Get() {
  static TestSites sites;
  return sites;
}

std::string TestSites::Url(const std::string& site, const std::string& path) const {
  if (site == "good-http") return "http://127.0.0.1:" + std::to_string(good_http_) + path;
  return "https://127.0.0.1:" + std::to_string(ports_.at(site)) + path;
}

TestSites::TestSites() : pki_(MakeTestPki(dir_.path() / "pki")) {
  WriteSiteContent(dir_.path() / "nginx/html");
  std::vector<SiteSpec> sites = {
      {"good", "good"},
      {"tls-old", "good", "TLSv1 TLSv1.1 TLSv1.2", "ALL:@SECLEVEL=0"},
      {"bare", "good", "TLSv1.2 TLSv1.3", "ECDHE+AESGCM", ""},
      {"cookie", "good"},
      {"cors", "good"},
      {"version", "good", "TLSv1.2 TLSv1.3", "ECDHE+AESGCM", kGoodHeaders,
       "    server_tokens on;\n"},
      {"expired", "expired"},
      {"wrong-host", "wrong"},
      {"self-signed", "self"},
      // Answers only clients with a certificate from the test CA (TLS 1.3, so the request comes
      // inside the encrypted handshake); otherwise nginx's "400 No required SSL certificate".
      {"client-cert", "good", "TLSv1.3", "ECDHE+AESGCM", kGoodHeaders,
       "    server_tokens on;\n    ssl_verify_client on;\n    ssl_client_certificate " +
           pki_.ca_cert + ";\n"},
      {"csp-faults", "good"},
      {"security-txt-faults", "good"},
      {"two-cookies", "good"},
  };
  // A CSP with several faults: no default-src, 'unsafe-inline', 'unsafe-eval' and a whole-scheme
  // source.
  sites[10].headers =
      "    add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains\" always;\n"
      "    add_header Content-Security-Policy \"script-src 'self' 'unsafe-inline' 'unsafe-eval' "
      "https:; frame-ancestors 'none'\" always;\n"
      "    add_header X-Content-Type-Options nosniff always;\n";
  sites[11].security_txt = "security-faulty.txt";
  // Two cookies, one good and one without Secure, HttpOnly or SameSite.
  sites[12].headers +=
      "    add_header Set-Cookie \"__Host-sid=s3cr3t-value; Path=/; Secure; HttpOnly; "
      "SameSite=Strict\" always;\n"
      "    add_header Set-Cookie \"theme=dark; Path=/\" always;\n";
  sites[3].headers += "    add_header Set-Cookie \"sid=s3cr3t-value; Path=/\" always;\n";
  sites[4].headers +=
      "    add_header Access-Control-Allow-Origin $http_origin always;\n"
      "    add_header Access-Control-Allow-Credentials true always;\n";
  sites[5].headers += "    add_header X-Powered-By PHP/8.1.2 always;\n";
  sites[0].headers +=
      "    add_header Set-Cookie \"__Host-sid=s3cr3t-value; Path=/; Secure; HttpOnly; "
      "SameSite=Strict\" always;\n";
  std::string servers;
  std::vector<uint16_t> all_ports;
  auto cert = [&](const std::string& kind) {
    if (kind == "expired") return std::make_pair(pki_.expired_cert, pki_.expired_key);
    if (kind == "wrong") return std::make_pair(pki_.wrong_host_cert, pki_.wrong_host_key);
    if (kind == "self") return std::make_pair(pki_.self_signed_cert, pki_.self_signed_key);
    return std::make_pair(pki_.good_cert, pki_.good_key);
  };
  for (const auto& s : sites) {
    uint16_t port = FreePort();
    ports_[s.name] = port;
    all_ports.push_back(port);
    auto [crt, key] = cert(s.cert);
    servers += "  server {\n    listen 127.0.0.1:" + std::to_string(port) + " ssl;\n" +
               "    server_name localhost;\n    ssl_certificate " + crt +
               ";\n    ssl_certificate_key " + key + ";\n    ssl_protocols " + s.protocols +
               ";\n    ssl_ciphers \"" + s.ciphers + "\";\n" + s.extra + Locations(s) + "  }\n";
  }
  good_http_ = FreePort();
  all_ports.push_back(good_http_);
  servers += "  server {\n    listen 127.0.0.1:" + std::to_string(good_http_) +
             ";\n    server_tokens off;\n    return 301 https://127.0.0.1:" +
             std::to_string(ports_["good"]) + "$request_uri;\n  }\n";
  nginx_ = std::make_unique<NginxServer>(dir_.path() / "nginx", servers, all_ports);
}

}  // namespace checker::test
