#pragma once
// The client TLS contexts of the process: one per CA bundle and client identity, built once
// (loading the bundle, or the system trust store, and the client certificate) and shared by
// every handshake of every call. What differs from one probe to the next (the protocol versions
// and cipher suites offered, the security level) is set on each connection, never on a context.

#include <memory>
#include <openssl/ssl.h>
#include <string>

namespace checker::probes {

struct TlsContextSettings {
  std::string ca_bundle;    // PEM file; empty = the system trust store
  std::string client_cert;  // PEM certificate chain; empty = none
  std::string client_key;
};

struct SharedTlsContext {
  std::shared_ptr<SSL_CTX> context;  // null when it could not be built
  std::string error;                 // why not: "cannot read CA bundle FILE: ..."
};

/// The first error in OpenSSL's queue, in its words ("" when none); clears the queue.
std::string OpenSslError();

/// The context for these settings. Built on first use and kept for the process; a file changed
/// since (modification time, size or inode) gives a new context. A context that cannot be built
/// is not kept: the next call tries again and names the same error.
SharedTlsContext ClientTlsContext(const TlsContextSettings& settings);

}  // namespace checker::probes
