// Redaction: secrets and personal data are removed from observations before they are stored, and
// the observation says what was removed (names only, never values).

#include <algorithm>
#include <re2/re2.h>

#include "checker/probe.h"

#include "probes/text_util.h"

namespace checker {

namespace {

constexpr const char* kMask = "[REDACTED]";

// Keeps cookie attributes (they are evidence) and masks the value: "sid=abc; Secure" ->
// "sid=[REDACTED]; Secure".
std::string MaskCookie(const std::string& value) {
  size_t eq = value.find('=');
  if (eq == std::string::npos) return kMask;
  size_t end = value.find(';', eq);
  return value.substr(0, eq + 1) + kMask + (end == std::string::npos ? "" : value.substr(end));
}

}  // namespace

bool ValidRedactPattern(const std::string& pattern, std::string* error) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(1 << 20);
  RE2 re(pattern, options);
  if (!re.ok()) *error = re.error();
  return re.ok();
}

void Redact(HttpObservation& o, const ProbeOptions& options) {
  auto note = [&](std::string what) {
    if (std::find(o.redacted.begin(), o.redacted.end(), what) == o.redacted.end())
      o.redacted.push_back(std::move(what));
  };
  for (auto& [name, value] : o.spec.headers) {
    std::string lower = probes::Lower(name);
    if (lower == "authorization" || lower == "cookie" || lower == "proxy-authorization") {
      value = kMask;
      note("request-header:" + lower);
    }
  }
  for (auto& [name, value] : o.headers) {
    bool listed = std::find(options.redact_headers.begin(), options.redact_headers.end(), name) !=
                  options.redact_headers.end();
    if (name == "set-cookie") {
      value = MaskCookie(value);
      note("header:set-cookie");
    } else if (name == "authorization" || listed) {
      value = kMask;
      note("header:" + name);
    }
  }
  for (const auto& pattern : options.redact_patterns) {
    RE2::Options re_options;
    re_options.set_log_errors(false);
    re_options.set_max_mem(1 << 20);
    RE2 re(pattern, re_options);
    if (!re.ok()) continue;  // validated when the options were read
    for (auto& [name, value] : o.headers)
      if (RE2::GlobalReplace(&value, re, kMask) > 0) note("header:" + name + " (pattern)");
    // body_sha256 keeps identifying the bytes received: it was taken before redaction.
    if (RE2::GlobalReplace(&o.body, re, kMask) > 0) note("body (pattern " + pattern + ")");
  }
}

}  // namespace checker
