#pragma once
// The probe tests' sites: one real nginx (started once per test process, stopped at exit) with a
// well-configured site and sites that each have one flaw, on ephemeral 127.0.0.1 ports, with
// certificates from a test CA.

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "support/nginx_server.h"
#include "support/pki.h"
#include "support/test_support.h"

namespace checker::test {

class TestSites {
 public:
  /// Site names: good (plus its plain-HTTP redirect port), tls-old, bare (no security headers;
  /// also serves a redirect loop at /loop), cookie, cors, version, expired, wrong-host,
  /// self-signed, client-cert (requires a client certificate from the test CA; TLS 1.3 only;
  /// shows its nginx version), csp-faults (several CSP faults), security-txt-faults (expired,
  /// no Contact), two-cookies (one good, one bad).
  static TestSites& Get();

  uint16_t Port(const std::string& site) const { return ports_.at(site); }
  uint16_t good_http_port() const { return good_http_; }
  std::string Url(const std::string& site, const std::string& path = "/") const;
  const TestPki& pki() const { return pki_; }

 private:
  TestSites();
  TempDir dir_;
  TestPki pki_;
  std::map<std::string, uint16_t> ports_;
  uint16_t good_http_ = 0;
  std::unique_ptr<NginxServer> nginx_;
};

/// The site files (security.txt, FHIR metadata, SMART configuration) written into `html`.
void WriteSiteContent(const std::filesystem::path& html);

}  // namespace checker::test
