#pragma once
// The system trust store, shared by every TLS context of the process. OpenSSL's default paths
// decode every certificate of the system CA file when a context loads them (about 150 of them:
// tens of milliseconds, once per context). This store holds the same anchors, found by the same
// paths, but decodes a certificate of the file only when a chain being verified may need it.

#include <memory>
#include <openssl/ssl.h>
#include <string>

namespace checker::probes {

class SystemTrustStore;

/// Makes `ctx` verify peer chains against the system trust store, with the same anchors as
/// SSL_CTX_set_default_verify_paths: the default CA file and directory (SSL_CERT_FILE and
/// SSL_CERT_DIR honoured). The handle returned must outlive `ctx` (its verification calls into
/// it); contexts are built once (tls_context.h), so the file is indexed once per process.
std::shared_ptr<SystemTrustStore> UseSystemTrustStore(SSL_CTX* ctx);

/// The system CA file and directory that a store built now would use ("FILE|DIR").
std::string SystemTrustPaths();
/// The system CA file alone.
std::string SystemCertificateFile();

}  // namespace checker::probes
