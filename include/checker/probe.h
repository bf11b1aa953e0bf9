#pragma once
// Endpoint probes: what checker observes of a vendor's live service. Specs say what to ask;
// observations are plain values (serialisable to JSON and back, so an audit can be replayed
// offline from recorded evidence). Probes reach only hosts in scope, within time and size bounds.

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

namespace checker {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// What rules read of a response's body (the planner finds out; see PlanProbes). A body none of
/// these cover is kept only as its SHA-256, length and an excerpt, from the first byte received.
enum BodyUse : uint8_t {
  kBodyText = 1,         // body.text (or the whole `body`)
  kBodyJson = 2,         // body.json, body.is_json
  kBodySecurityTxt = 4,  // security_txt.*
  kBodyAll = 7,
};

/// The excerpt of a body that evidence keeps when it does not keep the whole body.
inline constexpr size_t kBodyExcerptBytes = 1024;

/// One HTTP request. `url` is absolute (http or https).
struct HttpProbeSpec {
  std::string method = "GET";
  std::string url;
  HeaderList headers;  // extra request headers
  bool follow_redirects = false;
  /// What rules read of the body (BodyUse flags); not part of the key.
  uint8_t body_use = kBodyAll;
  /// A stable identity of the request within one run: equal specs share one probe. Credentials
  /// (Authorization, Cookie, X-Api-Key ... values, `user:pass@`, `?access_token=`) appear only as
  /// digests keyed by the run (a replay finds them through FindObservation).
  std::string Key() const;
};

struct RedirectHop {
  int status = 0;
  std::string url;       // the URL that answered with a redirect
  std::string location;  // where it pointed
  bool followed = false;
  std::string note;  // why not followed (out of scope, limit)
};

/// Certificate facts, from either probe kind.
struct CertificateInfo {
  std::string subject;
  std::string issuer;
  std::vector<std::string> subject_alt_names;  // "DNS:host", "IP:127.0.0.1"
  std::string not_before;                      // ISO 8601 UTC
  std::string not_after;
  int64_t days_until_expiry = 0;   // relative to the probe's clock; negative when expired
  std::string sha256_fingerprint;  // hex, colon-free
  std::string key_type;            // "RSA", "EC", "ED25519", ...
  int key_bits = 0;
  std::string signature_algorithm;  // e.g. "sha256WithRSAEncryption"
  bool self_signed = false;
};

struct HttpObservation {
  std::string key;  // HttpProbeSpec::Key()
  HttpProbeSpec spec;
  std::string request_line;  // "GET /path HTTP/1.1"
  bool ok = false;           // a response was received and read within the limits
  std::string error;         // why not (timeout, reset, limits, scope, TLS)
  int status = 0;
  std::string http_version;  // "1.1", "2"
  HeaderList headers;        // of the final response, in order, names lower-cased
  std::vector<RedirectHop> redirects;
  std::string final_url;
  std::string body;  // up to the body cap (for JSON queries; reports keep an excerpt)
  uint64_t body_bytes = 0;
  bool body_truncated = false;
  std::string body_sha256;  // of every byte received (up to the body cap), before redaction
  /// Why `body` holds only an excerpt (kBodyExcerptBytes) of the body that `body_sha256` and
  /// `body_bytes` describe: no rule reads it, or the evidence cap was reached. Empty: whole.
  std::string body_omitted;
  std::string tls_version;  // for https: "TLSv1.3"
  std::string tls_cipher;
  std::optional<CertificateInfo> certificate;
  double elapsed_ms = 0;
  std::vector<std::string> redacted;  // names of what was redacted ("header:set-cookie", ...)
  /// The probe had a client certificate to present (--client-cert) on an https request.
  bool client_certificate_offered = false;
};

/// One TLS handshake attempt.
struct TlsProbeSpec {
  std::string host;  // address to connect to
  uint16_t port = 443;
  std::string server_name;  // SNI and hostname to verify; defaults to host
  /// "1.0", "1.1", "1.2", "1.3" to offer only that version, or "" to negotiate the best.
  std::string version;
  /// OpenSSL cipher list to offer at TLS 1.2 and below (empty: the library default).
  std::string ciphers;
  std::string Key() const;
};

struct TlsObservation {
  std::string key;
  TlsProbeSpec spec;
  bool handshake_ok = false;
  std::string error;
  std::string negotiated_version;  // "TLSv1.2"
  std::string cipher;
  std::optional<CertificateInfo> certificate;
  bool chain_valid = false;
  std::string chain_error;  // OpenSSL's verification error when not valid
  bool hostname_match = false;
  double elapsed_ms = 0;
  /// The server sent a CertificateRequest (during the handshake, or after it in TLS 1.3).
  bool client_certificate_requested = false;
  /// The distinguished names of the CAs it accepts client certificates from (RFC 2253 form).
  std::vector<std::string> client_ca_names;
  /// The probe had a client certificate to present (--client-cert).
  bool client_certificate_offered = false;
};

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
  /// Called with each HTTP observation as soon as it is final and redacted, on the probing
  /// thread: the caller may build its document and drop its body then, so that the bodies of an
  /// audit are never all held at once.
  std::function<void(HttpObservation&)> observed;
  bool PastDeadline() const { return deadline && std::chrono::steady_clock::now() >= *deadline; }
  std::string DeadlineError() const {
    return "the audit deadline of " + std::to_string(limits.deadline_ms) +
           " ms (--deadline) passed before this probe finished";
  }
};

/// An endpoint as evidence records it: its purpose, URL and plain-HTTP address.
struct RecordedEndpoint {
  std::string purpose;
  std::string url;
  std::string http_url;
  bool operator==(const RecordedEndpoint&) const = default;
};

/// Everything observed for an audit, by probe key.
struct ProbeEvidence {
  std::map<std::string, HttpObservation> http;
  std::map<std::string, TlsObservation> tls;
  int64_t collected_at = 0;  // epoch seconds
  /// The --target arguments of the audit that collected it; a replay reuses them, so that the
  /// same endpoints find the same observations.
  std::vector<std::string> targets;
  /// The endpoints it was collected for: the manifest's `endpoints[]` as declared, and those
  /// audited (after the targets). A replay refuses evidence whose endpoints are not its own.
  /// `endpoints_recorded` is false for evidence that does not say (an older file).
  std::vector<RecordedEndpoint> declared_endpoints;
  std::vector<RecordedEndpoint> audited_endpoints;
  bool endpoints_recorded = false;
  /// What the evidence leaves out and why, for the report (bodies beyond the evidence cap).
  std::vector<std::string> notes;
};

/// True when a body is stored as text: valid UTF-8 without control characters other than tab,
/// line feed, carriage return and form feed. Any other body is binary and stored as base64.
bool BodyIsText(std::string_view body);
/// The bytes a body takes in evidence: its length as text, or its base64 length.
size_t StoredBodyBytes(std::string_view body);
/// Cuts `o.body` to its excerpt (kBodyExcerptBytes, at a UTF-8 boundary for text) and records
/// why; nothing when the body is no longer than the excerpt (it stays whole).
void KeepBodyExcerpt(HttpObservation& o, std::string why);

/// Keeps whole bodies in evidence up to a total (ProbeLimits::max_evidence_bytes): Charge() cuts
/// each body that would cross it to its excerpt. Note() says what was cut, for the report.
class EvidenceBudget {
 public:
  explicit EvidenceBudget(size_t max_bytes) : max_(max_bytes) {}
  void Charge(HttpObservation& o);
  size_t bodies_cut() const { return cut_; }
  std::string Note() const;

 private:
  size_t max_;
  size_t used_ = 0;
  size_t cut_ = 0;
};

/// Runs HTTP probes concurrently (libcurl multi): at most `concurrency` in flight, `per_host`
/// per host, each bounded in time and size; redirects followed only within scope. Every spec
/// gets an observation (an error observation when it could not be made).
std::vector<HttpObservation> RunHttpProbes(const std::vector<HttpProbeSpec>& specs,
                                           const ProbeOptions& options);

/// Runs TLS handshakes concurrently (OpenSSL), each bounded in time.
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
