#pragma once
// Parsers of structured response data (pure functions, no I/O): Strict-Transport-Security,
// Content-Security-Policy, Set-Cookie, CORS, version banners, security.txt. Rules see their
// results as values in the observation document (see ObservationDocument).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/node.h"
#include "checker/probe.h"

namespace checker {

struct HstsPolicy {
  bool valid = false;  // exactly one max-age with a number, no malformed directives
  int64_t max_age = -1;
  bool include_subdomains = false;
  bool preload = false;
  std::vector<std::string> problems;
};
HstsPolicy ParseHsts(std::string_view value);

struct CspPolicy {
  std::map<std::string, std::vector<std::string>> directives;  // names lower-cased
  bool unsafe_inline = false;  // in script-src (or default-src when script-src is absent)
  bool unsafe_eval = false;
  bool wildcard_source = false;  // "*" or a scheme-only source like "https:" in a fetch directive
  bool has_default_src = false;
  bool has_frame_ancestors = false;
  bool has_object_src_none = false;
};
CspPolicy ParseCsp(std::string_view value);

struct SetCookie {
  std::string name;
  bool secure = false;
  bool http_only = false;
  std::string same_site;  // "strict", "lax", "none" or "" when absent
  std::string domain;
  std::string path;
  bool persistent = false;        // Max-Age or Expires present
  bool host_prefix = false;       // __Host- and its rules hold (Secure, Path=/, no Domain)
  bool secure_prefix = false;     // __Secure- and its rule holds (Secure)
  bool prefix_violation = false;  // a __Host-/__Secure- name whose rules do not hold
  bool valid = true;
};
SetCookie ParseSetCookie(std::string_view value);

struct CorsFacts {
  std::string allow_origin;
  bool allow_credentials = false;
  bool reflects_origin = false;  // echoes the Origin we sent (an origin we do not own)
  bool wildcard = false;
  bool wildcard_with_credentials = false;
  bool allows_null = false;
};
CorsFacts EvaluateCors(const HeaderList& response_headers, std::string_view sent_origin);

/// True when a banner (Server, X-Powered-By) carries a version number: "nginx/1.22.1".
bool HasVersionNumber(std::string_view banner);

struct SecurityTxt {
  bool valid = false;
  std::vector<std::string> contacts;
  std::vector<std::string> expires;  // raw values
  bool expires_once = false;
  bool expires_in_future = false;
  bool expires_within_year = false;
  std::optional<int64_t> expires_epoch;
  std::vector<std::string> canonical;
  std::vector<std::string> problems;
};
/// RFC 9116. `now` is epoch seconds.
SecurityTxt ParseSecurityTxt(std::string_view text, int64_t now);

/// Parses an ISO 8601 / RFC 3339 date-time ("2027-12-31T23:00:00.000Z", offsets allowed) into
/// epoch seconds.
std::optional<int64_t> ParseRfc3339(std::string_view s);

/// The document that `http` check expressions see for one response (docs/probes.md). The parts
/// made of the body (`body.text`, `body.is_json`, `body.json`, `security_txt`) are there only as
/// far as `body_use` asks for them, and none when the observation keeps only an excerpt.
Node HttpObservationDocument(const HttpObservation& o, int64_t now, uint8_t body_use = kBodyAll);
/// True when `path` (as a check reads it) is made of the response body.
bool IsBodyPath(std::string_view path);
/// The BodyUse flag of a body path; 0 for other paths.
uint8_t BodyUseOfPath(std::string_view path);
/// The document that `tls` check expressions see for one endpoint: the results of its
/// per-version handshakes, weak-cipher attempts and the negotiated handshake.
Node TlsObservationDocument(const std::vector<const TlsObservation*>& handshakes);

}  // namespace checker
