#pragma once
// Endpoint probes: how checker observes a vendor's live service. The specs and observations are
// plain values of their own (checker/observation.h); this is what runs them: limits, scope and
// address policy, redaction. Probes reach only hosts in scope, within time and size bounds.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checker/observation.h"

namespace checker {

struct ProbeLimits {
  int connect_timeout_ms = 3000;
  int total_timeout_ms = 8000;  // one probe, every redirect hop included
  int deadline_ms = 120000;     // the whole audit's probes (ProbeOptions::deadline)
  size_t max_body_bytes = 1 << 20;
  /// The bodies evidence keeps whole, all together (as stored: text, or base64 for binary);
  /// bodies beyond it are kept as SHA-256, length and excerpt (--max-evidence-bytes).
  size_t max_evidence_bytes = 64 << 20;
  size_t max_header_bytes = 64 << 10;
  int max_redirects = 5;
  int concurrency = 16;  // probes in flight at once
  int per_host = 4;      // probes in flight to one host and port
};

/// An absolute http(s) URL, parsed by libcurl's URL parser (the one the probes use, so what is
/// checked is what is fetched). Host lower-cased, IPv6 without brackets, port filled in.
struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;
  uint16_t port = 0;
  std::string path;  // path and query, from the first '/'; "/" when none
};
/// nullopt with the reason in `error` for anything but an absolute http(s) URL with a host and
/// without credentials.
std::optional<Url> ParseUrl(std::string_view text, std::string* error);
/// "scheme://host:port" (IPv6 hosts in brackets, the port always written): the origin that scope
/// and the address policy compare.
std::string OriginOf(const Url& url);
/// The origin of a URL text; "" when it does not parse.
std::string OriginOf(std::string_view url);

/// Hosts probes may reach: "host" or "host:port" (a bare host allows any port).
struct ProbeScope {
  std::vector<std::string> hosts;
  bool Allows(const std::string& url) const;
  bool AllowsHost(const std::string& host, uint16_t port) const;
};

struct ProbeOptions {
  ProbeLimits limits;
  ProbeScope scope;
  /// Address policy: connections to loopback, private, link-local, shared (CGNAT), unspecified,
  /// multicast, reserved and cloud metadata addresses are refused (an error observation naming
  /// the address) unless the auditor allowed them. `trusted_origins` ("https://host:port", the
  /// --target origins) may connect anywhere; `allow_private` (--allow-private) allows every
  /// class but cloud metadata. Checked on each address connected, after name resolution.
  std::vector<std::string> trusted_origins;
  bool allow_private = false;
  std::string ca_bundle;  // PEM file for chain verification; empty = the system store
  /// A client certificate (PEM, with its chain) and its private key, presented when a server
  /// requests one; empty = none.
  std::string client_cert;
  std::string client_key;
  /// Header names (lower case) and RE2 patterns whose matches are replaced by "[REDACTED]"
  /// before observations are stored. Cookies and Authorization are always redacted.
  std::vector<std::string> redact_headers;
  std::vector<std::string> redact_patterns;
  int64_t now_epoch_seconds = 0;  // clock for certificate expiry (0 = the system clock)
  /// When set and it becomes true (a signal handler's flag), probes stop within about 100 ms:
  /// those not finished get the error "interrupted".
  const std::atomic<bool>* cancel = nullptr;
  bool Cancelled() const { return cancel != nullptr && cancel->load(); }
  /// When every probe of the audit must have ended (HTTP and TLS together); unset: none. A probe
  /// not finished by then ends with an error naming the deadline (limits.deadline_ms).
  std::optional<std::chrono::steady_clock::time_point> deadline;
  /// Called with each HTTP observation as soon as it is final and redacted, on the thread that
  /// runs the probes (the caller of RunHttpProbes or ProbeEngine::Run, never the engine's own):
  /// the caller may build its document and drop its body then, so that the bodies of an audit are
  /// never all held at once.
  std::function<void(HttpObservation&)> observed;
  bool PastDeadline() const { return deadline && std::chrono::steady_clock::now() >= *deadline; }
  std::string DeadlineError() const {
    return "the audit deadline of " + std::to_string(limits.deadline_ms) +
           " ms (--deadline) passed before this probe finished";
  }
};

/// Runs HTTP probes concurrently on the process's probe engine (checker/probe_engine.h: libcurl
/// multi): at most `concurrency` in flight, `per_host` per host and port, each bounded in time and
/// size; redirects followed only within scope. Every spec gets an observation (an error
/// observation when it could not be made).
std::vector<HttpObservation> RunHttpProbes(const std::vector<HttpProbeSpec>& specs,
                                           const ProbeOptions& options);

/// Runs TLS handshakes concurrently (OpenSSL) on the process's probe engine, each bounded in time.
std::vector<TlsObservation> RunTlsProbes(const std::vector<TlsProbeSpec>& specs,
                                         const ProbeOptions& options);

/// Checks that a redaction pattern compiles (RE2); fills `error` when it does not.
bool ValidRedactPattern(const std::string& pattern, std::string* error);

/// Applies redaction in place and records what was redacted: credential request and response
/// headers (Authorization, Cookie, Set-Cookie and Set-Cookie2 values, X-Api-Key, tokens in
/// WWW-Authenticate), credentials in every URL (request, redirects, final, Location, Refresh),
/// their repetitions elsewhere, and the --redact patterns in all of these and the body.
void Redact(HttpObservation& observation, const ProbeOptions& options);

/// `url` without `user:password@` and credential-like query or fragment values.
std::string RedactUrl(std::string_view url);

/// The observation of `spec` in recorded evidence: under its key, or under the one key from which
/// --redact removed parts or whose credential digests another run keyed (each "[REDACTED]" and
/// "[REDACTED:<digest>]" in a stored key stands for any text). nullptr if none, or if several
/// stored keys can be this one; `candidates` (when given) then says how many.
const HttpObservation* FindObservation(const ProbeEvidence& evidence, const HttpProbeSpec& spec,
                                       size_t* candidates = nullptr);

}  // namespace checker
