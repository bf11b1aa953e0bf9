#pragma once
// Observations as JSON, shared by the evidence file (full bodies) and the report (excerpts).

#include <nlohmann/json.hpp>

#include "checker/probe.h"

namespace checker::reports {

using Json = nlohmann::ordered_json;

/// `body_limit` bytes of the body at most (cut on a UTF-8 boundary).
Json HttpJson(const HttpObservation& o, size_t body_limit);
HttpObservation ReadHttpJson(const Json& j);  // throws nlohmann::json::exception
Json TlsJson(const TlsObservation& o);
TlsObservation ReadTlsJson(const Json& j);  // throws nlohmann::json::exception

}  // namespace checker::reports
