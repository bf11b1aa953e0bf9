#pragma once
// Turning probe checks and endpoints into probe specs. The plan and the verdicts use the same
// functions, so a rule always finds the observation that was planned for it.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "checker/audit.h"

namespace checker::evaluate {

struct UrlParts {
  std::string scheme;
  std::string host;
  uint16_t port = 0;
  std::string path;  // from the first '/', "" when none
};
std::optional<UrlParts> SplitUrl(const std::string& url);

/// What `expect` reads of a response body (BodyUse flags), its paths read under `prefix`
/// ("observed." for claims).
uint8_t BodyUseOf(const Expression& expect, std::string_view prefix = "");

/// The first path an evaluation read (found, absent or defaulted), under `prefix`, that is made
/// of the response body while `doc` (an http observation document) lacks that part: the
/// evidence kept only an excerpt of the body. Empty when none: the result stands.
std::string BodyPathNotKept(const EvalResult& r, const Node& doc, std::string_view prefix = "");

/// The endpoints whose purpose the check names (all, when it names none).
std::vector<const Endpoint*> EndpointsFor(const Check& check, const std::vector<Endpoint>& all);

/// The request of an http check to one endpoint; nullopt with the reason when it cannot be made.
std::optional<HttpProbeSpec> HttpSpecFor(const Check& check, const Endpoint& endpoint,
                                         std::string* why_not);

/// The handshakes a tls check needs for one endpoint: negotiated, each version, weak suites.
std::vector<TlsProbeSpec> TlsSpecsFor(const Endpoint& endpoint);

/// The negotiated handshake to an https URL's host and port (the first of TlsSpecsFor's), which
/// tells whether the server requests a client certificate; nullopt for other URLs.
std::optional<TlsProbeSpec> NegotiatedTlsSpecFor(const std::string& url);

/// The handshake showing that an HTTP observation cannot stand for the site: the server at its
/// host requested a client certificate and the probe had none to present (so its answer is an
/// error page such as nginx's "400 No required SSL certificate was sent"). nullptr when it can.
const TlsObservation* ClientCertificateGap(const HttpObservation& o, const ProbeEvidence& evidence);
inline constexpr const char* kClientCertificateNeeded =
    "the endpoint requires a client certificate; pass --client-cert/--client-key";

/// The origins ("scheme://host:port") a URL in the manifest may name to be fetched: those of the
/// audited endpoints and of the manifest's `endpoints[]` (`url`, `http_url`, and the plain-HTTP
/// origin an https endpoint on port 443 is probed at), and `scope.additional_origins`.
std::set<std::string> DeclaredOrigins(const Document& manifest,
                                      const std::vector<Endpoint>& endpoints);

/// Why a document check has no request.
enum class DocumentGap {
  kNone,
  kInvalid,     // the value is not a URL (or a path with no web endpoint): an error
  kMissing,     // the manifest lacks the path: missing evidence
  kOutOfScope,  // the URL's origin is not declared (DeclaredOrigins): missing evidence, not fetched
};

/// The request of a document check: the URL at the check's manifest path (a path-only URL is
/// resolved against the first web endpoint), when its origin is declared. nullopt with the reason
/// and the kind of gap otherwise (for kMissing, `why_not` is the path).
std::optional<HttpProbeSpec> DocumentSpecFor(const Check& check, const Document& manifest,
                                             const std::vector<Endpoint>& endpoints,
                                             std::string* why_not, DocumentGap* gap);

}  // namespace checker::evaluate
