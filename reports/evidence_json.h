#pragma once
// Observations as JSON, shared by the evidence file (full bodies) and the report (excerpts).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <utility>

#include "checker/observation.h"

namespace checker::reports {

using Json = nlohmann::ordered_json;

/// An integer from an untrusted document. A float, a value of another kind or one outside T's
/// range throws json::out_of_range (reported as a malformed file): converting it as
/// nlohmann::json would is undefined behaviour for an out-of-range float.
template <typename T>
T Integer(const Json& v) {
  if (v.is_number_unsigned()) {
    auto u = v.get<uint64_t>();
    if (std::in_range<T>(u)) return static_cast<T>(u);
  } else if (v.is_number_integer()) {
    auto i = v.get<int64_t>();
    if (std::in_range<T>(i)) return static_cast<T>(i);
  }
  throw Json::out_of_range::create(406, "expected a whole number in range", &v);
}
/// A member that may be absent (then `fallback`).
template <typename T>
T IntegerOr(const Json& j, const char* key, T fallback) {
  if (!j.is_object()) return fallback;
  auto it = j.find(key);
  return it == j.end() ? fallback : Integer<T>(*it);
}

/// `body_limit` bytes of the body at most (cut on a UTF-8 boundary).
Json HttpJson(const HttpObservation& o, size_t body_limit);
HttpObservation ReadHttpJson(const Json& j);  // throws nlohmann::json::exception
Json TlsJson(const TlsObservation& o);
TlsObservation ReadTlsJson(const Json& j);  // throws nlohmann::json::exception

}  // namespace checker::reports
