#pragma once
// Certificate facts from an OpenSSL X509, shared by the HTTP and TLS probes.

#include <cstdint>
#include <openssl/x509.h>
#include <string>

#include "checker/probe.h"

namespace checker::probes {

/// A distinguished name in RFC 2253 form ("CN=checker test CA").
std::string DistinguishedName(const X509_NAME* name);
CertificateInfo DescribeCertificate(X509* cert, int64_t now);
int64_t Now(const ProbeOptions& options);

}  // namespace checker::probes
