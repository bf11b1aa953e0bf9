// TLS handshakes with OpenSSL directly: one protocol version at a time (to learn which versions a
// server accepts), weak cipher suites, and a negotiated handshake whose certificate chain is
// verified against the configured CA bundle. Sockets are non-blocking and every wait is bounded.

#include <arpa/inet.h>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checker/probe.h"
#include "checker/probe_engine.h"

#include "probes/address_policy.h"
#include "probes/certificate.h"
#include "probes/probe_engine_state.h"
#include "probes/resolver.h"
#include "probes/tls_context.h"

namespace checker {

namespace {

using Clock = std::chrono::steady_clock;

class Socket {
 public:
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd() const { return fd_; }
  // Connects with a deadline to the first resolved address the address policy allows; returns ""
  // or the reason (a refused address is named).
  std::string Connect(const std::string& host, uint16_t port, probes::AddressAllowance allowed,
                      Clock::time_point deadline) {
    auto budget_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    probes::Resolution resolved = probes::Resolve(host, port, deadline, cancel_);
    if (resolved.timed_out)
      return resolved.error + " within " + std::to_string(std::max<int64_t>(budget_ms, 0)) + " ms";
    if (!resolved.error.empty()) return resolved.error;
    const probes::ResolvedAddress* chosen = nullptr;
    std::string refused;
    for (const auto& a : resolved.addresses) {
      std::string why = probes::RefusedAddress(a.get(), a.length, allowed);
      if (why.empty()) {
        chosen = &a;
        break;
      }
      if (refused.empty()) refused = std::move(why);
    }
    if (chosen == nullptr) return "not connected: " + refused;
    fd_ = ::socket(chosen->address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return std::string("socket: ") + std::strerror(errno);
    if (::connect(fd_, chosen->get(), chosen->length) != 0 && errno != EINPROGRESS)
      return std::string("connect: ") + std::strerror(errno);
    if (!Wait(POLLOUT, deadline)) return "connect timed out";
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) return std::string("connect: ") + std::strerror(err);
    return "";
  }
  // Waits in slices of 100 ms at most, so that a cancelled run stops promptly.
  bool Wait(short events, Clock::time_point deadline) const {
    while (cancel_ == nullptr || !cancel_->load()) {
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return false;
      pollfd p{fd_, events, 0};
      if (::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 100))) > 0) return true;
    }
    return false;
  }
  void set_cancel(const std::atomic<bool>* cancel) { cancel_ = cancel; }

 private:
  int fd_ = -1;
  const std::atomic<bool>* cancel_ = nullptr;
};

int ProtocolVersion(const std::string& v) {
  if (v == "1.0") return TLS1_VERSION;
  if (v == "1.1") return TLS1_1_VERSION;
  if (v == "1.2") return TLS1_2_VERSION;
  if (v == "1.3") return TLS1_3_VERSION;
  return 0;
}

bool IsIpAddress(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

// Called by OpenSSL whenever the server sends a CertificateRequest, in the handshake or (TLS 1.3)
// after it, whether or not a client certificate is configured: the request and the CA names the
// server accepts are evidence of a client-certificate endpoint.
int OnCertificateRequest(SSL* ssl, void* arg) {
  auto* o = static_cast<TlsObservation*>(arg);
  o->client_certificate_requested = true;
  o->client_ca_names.clear();
  if (const STACK_OF(X509_NAME)* names = SSL_get0_peer_CA_list(ssl)) {
    for (int i = 0; i < sk_X509_NAME_num(names) && i < 64; ++i)
      o->client_ca_names.push_back(probes::DistinguishedName(sk_X509_NAME_value(names, i)));
  }
  return 1;
}

// A TLS 1.3 server may ask for a certificate only after the handshake (post-handshake
// authentication, typically when a request arrives): one request, read until the response starts
// or a short deadline passes, lets OpenSSL process such a CertificateRequest.
void SendOneRequest(SSL* ssl, const Socket& sock, const std::string& host,
                    Clock::time_point deadline) {
  std::string request = "HEAD / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
  size_t written = 0;
  while (SSL_write_ex(ssl, request.data(), request.size(), &written) != 1) {
    int err = SSL_get_error(ssl, 0);
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) return;
    if (!sock.Wait(err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline)) return;
  }
  char buf[512];
  size_t read = 0;
  while (SSL_read_ex(ssl, buf, sizeof buf, &read) != 1) {
    int err = SSL_get_error(ssl, 0);
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) return;
    if (!sock.Wait(err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline)) return;
  }
}

}  // namespace

TlsObservation probes::TlsHandshakeProbe(const TlsProbeSpec& spec, const ProbeOptions& options,
                                         const probes::SharedTlsContext& shared) {
  TlsObservation o;
  o.spec = spec;
  o.key = spec.Key();
  auto started = Clock::now();
  bool deadline_bound = false;
  auto finish = [&](std::string error) {
    if (!error.empty() && options.Cancelled())
      error = "interrupted before the handshake completed";
    else if (!error.empty() && deadline_bound && options.PastDeadline())
      error = options.DeadlineError();
    o.error = std::move(error);
    o.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    return o;
  };
  if (!options.scope.AllowsHost(spec.host, spec.port))
    return finish("out of scope: " + spec.host + ":" + std::to_string(spec.port) +
                  " is not an endpoint of the audited service");
  auto deadline = started + std::chrono::milliseconds(options.limits.total_timeout_ms);
  deadline_bound = options.deadline && *options.deadline < deadline;
  if (deadline_bound) deadline = *options.deadline;
  auto connect_deadline =
      std::min(deadline, started + std::chrono::milliseconds(options.limits.connect_timeout_ms));

  int version = ProtocolVersion(spec.version);
  if (version == 0 && !spec.version.empty())
    return finish("unknown TLS version '" + spec.version + "'");
  if (!shared.context) return finish(shared.error);
  o.client_certificate_offered = !options.client_cert.empty();
  // What this probe offers is set on its connection: the context is shared.
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(shared.context.get()), SSL_free);
  if (!ssl) return finish("TLS setup failed: " + probes::OpenSslError());
  if (version != 0) {
    SSL_set_min_proto_version(ssl.get(), version);
    SSL_set_max_proto_version(ssl.get(), version);
  }
  // OpenSSL 3 refuses to offer TLS 1.0/1.1 and weak suites at its default security level; a
  // prober must offer them to learn whether the server accepts them.
  bool legacy = spec.version == "1.0" || spec.version == "1.1" || !spec.ciphers.empty();
  if (legacy) SSL_set_security_level(ssl.get(), 0);
  if (!spec.ciphers.empty()) {
    SSL_set_max_proto_version(ssl.get(), TLS1_2_VERSION);
    if (SSL_set_cipher_list(ssl.get(), (spec.ciphers + ":@SECLEVEL=0").c_str()) != 1)
      return finish("cipher suites not available in this TLS library: " + spec.ciphers);
  } else if (legacy) {
    SSL_set_cipher_list(ssl.get(), "ALL:@SECLEVEL=0");
  }
  SSL_set_cert_cb(ssl.get(), OnCertificateRequest, &o);
  SSL_set_post_handshake_auth(ssl.get(), 1);

  Socket sock;
  sock.set_cancel(options.cancel);
  Url origin{"https", spec.host, spec.port, "/"};
  auto allowed = probes::AllowanceFor(options, OriginOf(origin));
  if (std::string e = sock.Connect(spec.host, spec.port, allowed, connect_deadline); !e.empty())
    return finish(e);
  SSL_set_fd(ssl.get(), sock.fd());
  std::string name = spec.server_name.empty() ? spec.host : spec.server_name;
  if (!IsIpAddress(name)) SSL_set_tlsext_host_name(ssl.get(), name.c_str());
  while (true) {
    ERR_clear_error();
    int rc = SSL_connect(ssl.get());
    if (rc == 1) break;
    int err = SSL_get_error(ssl.get(), rc);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
      if (!sock.Wait(err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline))
        return finish("TLS handshake timed out after " +
                      std::to_string(options.limits.total_timeout_ms) + " ms");
      continue;
    }
    std::string detail = probes::OpenSslError();
    if (err == SSL_ERROR_SYSCALL || err == SSL_ERROR_ZERO_RETURN)
      return finish("TLS handshake failed: the server closed the connection" +
                    (detail.empty() ? std::string() : " (" + detail + ")"));
    if (detail.find("wrong version number") != std::string::npos ||
        detail.find("packet length too long") != std::string::npos)
      return finish("TLS handshake failed: the server does not speak TLS on this port (" + detail +
                    ")");
    return finish("TLS handshake failed: " + (detail.empty() ? std::string("refused") : detail));
  }
  o.handshake_ok = true;
  o.negotiated_version = SSL_get_version(ssl.get());
  o.cipher = SSL_get_cipher_name(ssl.get());
  if (X509* peer = SSL_get1_peer_certificate(ssl.get())) {
    int64_t now = probes::Now(options);
    o.certificate = probes::DescribeCertificate(peer, now);
    long verify = SSL_get_verify_result(ssl.get());
    o.chain_valid = verify == X509_V_OK;
    if (!o.chain_valid) o.chain_error = X509_verify_cert_error_string(verify);
    o.hostname_match = IsIpAddress(name)
                           ? X509_check_ip_asc(peer, name.c_str(), 0) == 1
                           : X509_check_host(peer, name.c_str(), name.size(), 0, nullptr) == 1;
    X509_free(peer);
  }
  bool negotiated = spec.version.empty() && spec.ciphers.empty();
  if (negotiated && !o.client_certificate_requested && SSL_version(ssl.get()) == TLS1_3_VERSION)
    SendOneRequest(ssl.get(), sock, name,
                   std::min(deadline, Clock::now() + std::chrono::milliseconds(1500)));
  SSL_shutdown(ssl.get());
  return finish("");
}

std::string TlsProbeSpec::Key() const {
  return "tls " + host + ":" + std::to_string(port) + " sni=" + server_name +
         " version=" + (version.empty() ? "negotiate" : version) +
         (ciphers.empty() ? "" : " ciphers=" + ciphers);
}

std::vector<TlsObservation> RunTlsProbes(const std::vector<TlsProbeSpec>& specs,
                                         const ProbeOptions& options) {
  return ProcessProbeEngine().Run({}, specs, options).tls;
}

}  // namespace checker
