// HTTP probes: through the process's probe engine (probe_engine_http.cc drives libcurl's multi
// interface, one redirect hop at a time), and the key an HTTP probe is stored under.

#include "checker/probe.h"
#include "checker/probe_engine.h"

#include "probes/probe_engine_state.h"
#include "probes/redact.h"
#include "probes/text_util.h"

namespace checker {

std::vector<HttpObservation> RunHttpProbes(const std::vector<HttpProbeSpec>& specs,
                                           const ProbeOptions& options) {
  return ProcessProbeEngine().Run(specs, {}, options).http;
}

std::string HttpProbeSpec::Key() const {
  // Keys land in evidence and every report: credentials are masked with a digest, so that keys
  // stay stable (a replay finds them) and distinct without carrying the values.
  std::string k = method + " " + probes::MaskUrl(url, true, nullptr);
  for (const auto& [name, value] : headers) {
    std::string lower = probes::Lower(name);
    k += " | " + lower + ": " +
         (probes::IsCredentialHeader(lower) ? probes::Masked(value, true) : value);
  }
  if (follow_redirects) k += " | follow";
  return k;
}

}  // namespace checker