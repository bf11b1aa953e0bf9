// Redaction: secrets and personal data are removed from observations before they are stored, and
// the observation says what was removed (names only, never values). Every field derived from the
// request or the response is covered: request headers, response headers, URLs (request, redirect
// hops, final), the probe key, error messages and notes, and the body (docs/probes.md).

#include "probes/redact.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <re2/re2.h>
#include <stdexcept>

#include "checker/probe.h"
#include "checker/source.h"

#include "probes/text_util.h"

namespace checker {

namespace probes {

constexpr const char* kMask = "[REDACTED]";

namespace {

constexpr size_t kMinSecret = 4;      // shorter values are not searched for elsewhere
constexpr size_t kMinBodySecret = 8;  // nor, in bodies, values shorter than this

bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

bool IsCredentialParameter(std::string_view raw) {
  std::string name = Lower(raw);
  static constexpr std::array<std::string_view, 14> kExact = {
      "code", "key",  "sig", "signature", "sid",    "session", "auth",
      "jwt",  "pass", "pwd", "assertion", "ticket", "otp",     "pin"};
  static constexpr std::array<std::string_view, 8> kParts = {
      "token", "secret", "password", "passwd", "apikey", "api_key", "api-key", "credential"};
  return std::find(kExact.begin(), kExact.end(), name) != kExact.end() ||
         std::any_of(kParts.begin(), kParts.end(), [&](auto p) { return Contains(name, p); });
}

void Keep(std::vector<std::string>* secrets, std::string_view value) {
  if (secrets != nullptr && value.size() >= kMinSecret) secrets->emplace_back(value);
}

// "sid=abc; Secure" -> "sid=[REDACTED]; Secure"; a nameless "abc; Path=/" -> "[REDACTED]; Path=/"
// (the value is everything before the first ';', whatever it contains).
std::string MaskCookie(std::string_view value, std::vector<std::string>* secrets) {
  size_t end = std::min(value.find(';'), value.size());
  std::string_view pair = value.substr(0, end);
  size_t eq = pair.find('=');
  std::string_view secret = eq == std::string_view::npos ? pair : pair.substr(eq + 1);
  Keep(secrets, Trim(secret));
  std::string name = eq == std::string_view::npos ? "" : std::string(pair.substr(0, eq + 1));
  return name + kMask + std::string(value.substr(end));
}

// WWW-Authenticate and its kin: scheme names and harmless parameters (realm, scope, error ...)
// stay; token68 credentials and other parameter values are masked.
std::string MaskAuthParams(std::string_view v, std::vector<std::string>* secrets) {
  static constexpr std::array<std::string_view, 11> kSafe = {
      "realm",     "scope", "error",  "error_description", "error_uri", "charset", "qop",
      "algorithm", "stale", "domain", "resource_metadata"};
  std::string out;
  bool after_scheme = false;
  size_t i = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (i < v.size()) {
    if (is_space(v[i]) || v[i] == ',') {
      if (v[i] == ',') after_scheme = false;
      out += v[i++];
      continue;
    }
    size_t end = v.find_first_of(" \t,=\"", i);
    if (end == std::string_view::npos) end = v.size();
    std::string_view token = v.substr(i, end - i);
    size_t pad = end;  // a token68 may end in '=' padding
    while (pad < v.size() && v[pad] == '=') ++pad;
    size_t after = pad;
    while (after < v.size() && is_space(v[after])) ++after;
    if (after_scheme && (after == v.size() || v[after] == ',')) {  // Negotiate abc==, Basic x
      Keep(secrets, v.substr(i, pad - i));
      out += kMask;
      i = pad;
      after_scheme = false;
      continue;
    }
    size_t eq = end;
    while (eq < v.size() && is_space(v[eq])) ++eq;
    if (eq < v.size() && v[eq] == '=') {  // name=value
      out += std::string(v.substr(i, eq + 1 - i));
      size_t start = eq + 1;
      while (start < v.size() && is_space(v[start])) out += v[start++];
      size_t stop = start;
      bool quoted = start < v.size() && v[start] == '"';
      if (quoted) {
        for (stop = start + 1; stop < v.size() && v[stop] != '"'; ++stop)
          if (v[stop] == '\\') ++stop;
        stop = std::min(stop + 1, v.size());
      } else {
        stop = std::min(v.find_first_of(" \t,", start), v.size());
      }
      std::string_view value = v.substr(start, stop - start);
      if (std::find(kSafe.begin(), kSafe.end(), Lower(token)) != kSafe.end()) {
        out += std::string(value);
      } else {
        Keep(secrets, quoted && value.size() >= 2 ? value.substr(1, value.size() - 2) : value);
        out += quoted ? std::string("\"") + kMask + "\"" : std::string(kMask);
      }
      i = stop;
      after_scheme = false;
      continue;
    }
    out += std::string(token);  // a scheme (Bearer, Basic, Negotiate ...)
    i = end;
    after_scheme = true;
  }
  return out;
}

// Refresh: "5; url=https://..." (or "5;https://...").
std::string MaskRefresh(std::string_view v, std::vector<std::string>* secrets) {
  size_t semi = v.find(';');
  if (semi == std::string_view::npos) return std::string(v);
  return std::string(v.substr(0, semi + 1)) + MaskUrl(v.substr(semi + 1), false, secrets);
}

// Replaces every occurrence of each secret in `text`; true if any was found.
bool Scrub(std::string& text, const std::vector<std::string>& secrets, size_t min_length) {
  bool found = false;
  for (const auto& s : secrets) {
    if (s.size() < min_length || s == kMask) continue;
    for (size_t at = text.find(s); at != std::string::npos; at = text.find(s, at)) {
      text.replace(at, s.size(), kMask);
      at += std::char_traits<char>::length(kMask);
      found = true;
    }
  }
  return found;
}

}  // namespace

namespace {

// The length of the mask at `at` in a stored key: "[REDACTED]", or "[REDACTED:" and 12 hex
// digits and "]" (a credential's digest, keyed by the run that stored it); 0 when none is there.
size_t MaskAt(std::string_view s, size_t at) {
  constexpr std::string_view kPlain = "[REDACTED]", kDigest = "[REDACTED:";
  if (s.substr(at, kPlain.size()) == kPlain) return kPlain.size();
  if (s.substr(at, kDigest.size()) != kDigest) return 0;
  size_t end = at + kDigest.size() + kDigestHexDigits;
  if (end >= s.size() || s[end] != ']') return 0;
  for (size_t i = at + kDigest.size(); i < end; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return 0;
  return end + 1 - at;
}

}  // namespace

bool MatchesRedacted(std::string_view stored, std::string_view key) {
  std::vector<std::string_view> literals;
  size_t start = 0;
  for (size_t at = stored.find("[REDACTED"); at != std::string_view::npos;
       at = stored.find("[REDACTED", at + 1)) {
    if (size_t length = MaskAt(stored, at)) {
      literals.push_back(stored.substr(start, at - start));
      start = at + length;
      at = start - 1;
    }
  }
  literals.push_back(stored.substr(start));
  if (literals.size() == 1 || !key.starts_with(literals.front())) return false;
  size_t at = literals.front().size();
  for (size_t i = 1; i + 1 < literals.size(); ++i) {
    at = key.find(literals[i], at);
    if (at == std::string_view::npos) return false;
    at += literals[i].size();
  }
  return key.size() - at >= literals.back().size() && key.ends_with(literals.back());
}

bool IsCredentialHeader(std::string_view lower_name) {
  static constexpr std::array<std::string_view, 8> kExact = {
      "authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "apikey",
      "x-auth",        "private-token"};
  static constexpr std::array<std::string_view, 5> kParts = {"token", "secret", "password",
                                                             "api-key", "apikey"};
  return std::find(kExact.begin(), kExact.end(), lower_name) != kExact.end() ||
         std::any_of(kParts.begin(), kParts.end(), [&](auto p) { return Contains(lower_name, p); });
}

// The key of this run's credential digests: random, held only in memory, so that a digest in a
// report cannot be checked against guesses of a short secret (a plain SHA-256 could).
const std::string& RunDigestKey() {
  static const std::string key = [] {
    std::string k(32, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(k.data()), static_cast<int>(k.size())) != 1)
      throw std::runtime_error("no random bytes for the credential digest key");
    return k;
  }();
  return key;
}

std::string Masked(std::string_view value, bool digest) {
  if (!digest) return kMask;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const std::string& key = RunDigestKey();
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), mac, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (size_t i = 0; i < kDigestHexDigits / 2; ++i) {
    hex += kHex[mac[i] >> 4];
    hex += kHex[mac[i] & 15];
  }
  return "[REDACTED:" + hex + "]";
}

std::string MaskUrl(std::string_view url, bool digest, std::vector<std::string>* secrets) {
  std::string out;
  size_t i = 0;
  size_t scheme = url.find("://");
  size_t authority = scheme != std::string_view::npos && url.find_first_of("?# ") > scheme
                         ? scheme + 3
                         : (url.substr(0, 2) == "//" ? 2 : std::string_view::npos);
  if (authority != std::string_view::npos) {
    size_t end = std::min(url.find_first_of("/?# ", authority), url.size());
    size_t at = url.substr(authority, end - authority).rfind('@');
    if (at != std::string_view::npos) {
      std::string_view userinfo = url.substr(authority, at);
      Keep(secrets, userinfo);
      if (size_t colon = userinfo.find(':'); colon != std::string_view::npos)
        Keep(secrets, userinfo.substr(colon + 1));
      out += std::string(url.substr(0, authority)) + Masked(userinfo, digest);
      i = authority + at;
    }
  }
  // Query and fragment parameters: name=value separated by & or ;, up to a space (request line).
  size_t params = url.find_first_of("?#", i);
  if (params == std::string_view::npos) return out + std::string(url.substr(i));
  out += std::string(url.substr(i, params + 1 - i));
  i = params + 1;
  while (i < url.size() && url[i] != ' ') {
    size_t end = std::min(url.find_first_of("&;# ", i), url.size());
    std::string_view pair = url.substr(i, end - i);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && IsCredentialParameter(pair.substr(0, eq))) {
      Keep(secrets, pair.substr(eq + 1));
      out += std::string(pair.substr(0, eq + 1)) + Masked(pair.substr(eq + 1), digest);
    } else {
      out += std::string(pair);
    }
    if (end < url.size() && url[end] != ' ') out += url[end++];
    i = end;
  }
  return out + std::string(url.substr(i));
}

}  // namespace probes

std::string RedactUrl(std::string_view url) { return probes::MaskUrl(url, false, nullptr); }

const HttpObservation* FindObservation(const ProbeEvidence& evidence, const HttpProbeSpec& spec,
                                       size_t* candidates) {
  std::string key = spec.Key();
  if (candidates != nullptr) *candidates = 0;
  if (auto it = evidence.http.find(key); it != evidence.http.end()) return &it->second;
  // Another run's digests, or parts --redact removed: found when exactly one stored key can be
  // this one. Two that differ only there (two tokens sent to one URL) cannot be told apart.
  const HttpObservation* found = nullptr;
  size_t matches = 0;
  for (const auto& [stored, o] : evidence.http) {
    if (!probes::MatchesRedacted(stored, key)) continue;
    found = &o;
    ++matches;
  }
  if (candidates != nullptr) *candidates = matches;
  return matches == 1 ? found : nullptr;
}

bool ValidRedactPattern(const std::string& pattern, std::string* error) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(1 << 20);
  RE2 re(pattern, options);
  if (!re.ok()) *error = re.error();
  return re.ok();
}

void Redact(HttpObservation& o, const ProbeOptions& options) {
  using namespace probes;
  auto note = [&](std::string what) {
    if (std::find(o.redacted.begin(), o.redacted.end(), what) == o.redacted.end())
      o.redacted.push_back(std::move(what));
  };
  std::vector<std::string> sent;      // credentials the request carried (a body may echo them)
  std::vector<std::string> received;  // credentials of the response
  for (auto& [name, value] : o.spec.headers) {
    std::string lower = Lower(name);
    if (!IsCredentialHeader(lower)) continue;
    Keep(&sent, value);
    if (size_t space = value.find(' '); space != std::string::npos)
      Keep(&sent, Trim(std::string_view(value).substr(space + 1)));  // "Bearer TOKEN"
    if (lower == "cookie")
      for (auto part : Split(value, ';')) MaskCookie(part, &sent);
    value = kMask;
    note("request-header:" + lower);
  }
  auto url = [&](std::string& u, std::string_view what) {
    std::string masked = MaskUrl(u, false, &sent);
    if (masked != u) note(std::string(what));
    u = std::move(masked);
  };
  url(o.spec.url, "url");
  url(o.request_line, "url");
  for (auto& hop : o.redirects) {
    url(hop.url, "redirect");
    url(hop.location, "redirect");
  }
  url(o.final_url, "final_url");
  for (auto& [name, value] : o.headers) {
    bool listed = std::find(options.redact_headers.begin(), options.redact_headers.end(), name) !=
                  options.redact_headers.end();
    std::string masked;
    if (name == "set-cookie") {
      masked = MaskCookie(value, &received);
    } else if (name == "set-cookie2") {
      for (auto part : Split(value, ','))
        masked += (masked.empty() ? "" : ", ") + MaskCookie(part, &received);
    } else if (name == "www-authenticate" || name == "proxy-authenticate" ||
               name == "authentication-info" || name == "proxy-authentication-info") {
      masked = MaskAuthParams(value, &received);
    } else if (name == "location" || name == "content-location") {
      masked = MaskUrl(value, false, &received);
    } else if (name == "refresh") {
      masked = MaskRefresh(value, &received);
    } else if (IsCredentialHeader(name) || listed) {
      Keep(&received, value);
      masked = kMask;
    } else {
      continue;
    }
    if (masked != value) note("header:" + name);
    value = std::move(masked);
  }
  // What was masked in one field is masked wherever else it appears (a URL's password in an
  // error message, a cookie repeated in a note). Bodies are searched for the request's
  // credentials only (an echo), and only long ones, so that ordinary words stay.
  std::vector<std::string> all = sent;
  all.insert(all.end(), received.begin(), received.end());
  bool scrubbed = Scrub(o.error, all, kMinSecret);
  for (auto& hop : o.redirects) scrubbed |= Scrub(hop.note, all, kMinSecret);
  for (auto& [name, value] : o.headers) scrubbed |= Scrub(value, all, kMinSecret);
  if (scrubbed) note("repeated credentials");
  // An excerpt ends where the body was cut, maybe inside a secret that only the whole body would
  // match: with anything to redact, it keeps whole lines only, so no prefix of a secret survives.
  if (!o.body_omitted.empty() && o.body_bytes > o.body.size() &&
      (!options.redact_patterns.empty() || !sent.empty())) {
    size_t line_end = o.body.rfind('\n');
    o.body.resize(line_end == std::string::npos ? 0 : line_end + 1);
    note("body excerpt cut to whole lines");
  }
  if (Scrub(o.body, sent, kMinBodySecret)) note("body (a credential of the request)");
  for (size_t n = 0; n < options.redact_patterns.size(); ++n) {
    const std::string& pattern = options.redact_patterns[n];
    std::string which = "--redact #" + std::to_string(n + 1);  // the pattern may be a secret
    RE2::Options re_options;
    re_options.set_log_errors(false);
    re_options.set_max_mem(1 << 20);
    RE2 re(pattern, re_options);
    if (!re.ok()) continue;  // validated when the options were read
    if (RE2::GlobalReplace(&o.key, re, kMask) > 0) note("key (" + which + ")");
    for (auto& [name, value] : o.headers)
      if (RE2::GlobalReplace(&value, re, kMask) > 0) note("header:" + name + " (" + which + ")");
    for (auto& [name, value] : o.spec.headers)
      if (RE2::GlobalReplace(&value, re, kMask) > 0) note("request-header (" + which + ")");
    bool in_urls = false;
    for (std::string* text : {&o.spec.url, &o.request_line, &o.final_url, &o.error})
      in_urls |= RE2::GlobalReplace(text, re, kMask) > 0;
    for (auto& hop : o.redirects)
      for (std::string* text : {&hop.url, &hop.location, &hop.note})
        in_urls |= RE2::GlobalReplace(text, re, kMask) > 0;
    if (in_urls) note("urls (" + which + ")");
    // body_sha256 keeps identifying the bytes received: it was taken before redaction.
    if (RE2::GlobalReplace(&o.body, re, kMask) > 0) note("body (" + which + ")");
  }
}

}  // namespace checker
