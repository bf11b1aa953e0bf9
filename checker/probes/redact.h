#pragma once
// Redaction helpers shared by the probe key (http_runner.cc) and the observation's redaction
// (redact.cc): what counts as a credential, and URLs without their credentials.

#include <string>
#include <string_view>
#include <vector>

namespace checker::probes {

/// Header names (lower case) whose whole value is a credential: Authorization, Cookie,
/// X-Api-Key and their kin.
bool IsCredentialHeader(std::string_view lower_name);

inline constexpr size_t kDigestHexDigits = 12;

/// "[REDACTED]", or with `digest` "[REDACTED:" + 12 hex digits of the value's HMAC-SHA256 under a
/// random key of this run (never stored) + "]": distinct values stay distinct within the run
/// (probe keys) without being shown, and a short secret cannot be guessed from its digest.
std::string Masked(std::string_view value, bool digest);

/// A URL (absolute, relative, or the target of a request line) with `user:password@` and the
/// values of credential-like query and fragment parameters (access_token, code, password, ...)
/// masked. The values masked are appended to `secrets` when it is given.
std::string MaskUrl(std::string_view url, bool digest, std::vector<std::string>* secrets);

/// True when `stored`, a probe key in which --redact replaced parts by "[REDACTED]" or credentials
/// are digests of another run, can be `key` (each "[REDACTED]" and "[REDACTED:<digest>]" stands
/// for any text).
bool MatchesRedacted(std::string_view stored, std::string_view key);

}  // namespace checker::probes
