#pragma once
// What probes observe of a vendor's live service, as plain values: the probe specs (what was
// asked) with their observations, and the evidence of an audit that holds them by probe key.
// Results, reports and replays read these without the probe engine (checker/probe.h, probes
// module). Serialisable to JSON and back (reports/evidence_json.h), so an audit can be replayed
// offline.

#include <cstdint>
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
  /// digests keyed by the run (a replay finds them through FindObservation). Defined by the probes
  /// module, which holds the run's digest key.
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
  /// Defined by the probes module, as HttpProbeSpec::Key.
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

}  // namespace checker
