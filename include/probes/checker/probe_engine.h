#pragma once
// The probe engine of a process (docs/probes.md, "The probe engine"): one curl multi handle
// driven by one thread and a bounded pool of TLS handshake workers, shared by every audit of the
// run. Each call runs one audit's HTTP and TLS probes concurrently; the engine's limits (probes
// in flight, per host and port, and a rate per host and port) hold across every call, HTTP and
// TLS together, besides each call's own ProbeLimits.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "checker/probe.h"

namespace checker {

struct EngineLimits {
  int concurrency = 64;  // probes in flight at once, every call together
  int per_host = 4;      // probes in flight to one host and port, every call together
  /// Probes started per second to one host and port (each redirect hop is one); 0 = unlimited.
  double per_host_rate = 0;
};

struct EngineStats {
  size_t in_flight = 0;  // now
  size_t queued = 0;     // waiting for a limit
  size_t done = 0;       // probes (redirect hops included) finished since the engine started
  size_t calls = 0;      // calls running now
  size_t peak_in_flight = 0;
  std::map<std::string, int> peak_per_origin;  // "host:port" -> most probes in flight at once
  size_t connections_opened = 0;               // HTTP and TLS
  size_t connections_reused = 0;               // HTTP transfers on an open connection
};

/// One audit's observations, in the order of its specs.
struct ProbeResults {
  std::vector<HttpObservation> http;
  std::vector<TlsObservation> tls;
};

class ProbeEngine {
 public:
  explicit ProbeEngine(EngineLimits limits = {});
  /// Stops the engine's threads; every Run must have returned.
  ~ProbeEngine();
  ProbeEngine(const ProbeEngine&) = delete;
  ProbeEngine& operator=(const ProbeEngine&) = delete;

  /// Runs one audit's probes, HTTP and TLS at once, and blocks until every one has ended. The
  /// observations are those RunHttpProbes and RunTlsProbes give (checker/probe.h), `observed`
  /// called on this thread. Thread-safe: many audits may call at once.
  ProbeResults Run(const std::vector<HttpProbeSpec>& http, const std::vector<TlsProbeSpec>& tls,
                   const ProbeOptions& options);

  EngineStats Stats() const;
  const EngineLimits& limits() const;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

/// The process's engine behind RunHttpProbes and RunTlsProbes: no limits of its own (each call's
/// ProbeLimits apply), started on first use.
ProbeEngine& ProcessProbeEngine();

}  // namespace checker
