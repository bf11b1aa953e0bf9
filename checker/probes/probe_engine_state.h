#pragma once
// The inside of the probe engine (checker/probe_engine.h), shared by its files: the calls it
// runs, the queues per host and port that its limits are kept on, and its threads.
// probe_engine.cc: calls, the scheduler and the TLS workers; probe_engine_http.cc: the thread
// that drives the curl multi handle.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <curl/curl.h>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "checker/probe.h"
#include "checker/probe_engine.h"

#include "probes/http_transfer.h"
#include "probes/tls_context.h"

namespace checker::probes {

using EngineClock = std::chrono::steady_clock;

struct EngineCall;

/// One probe waiting for, or holding, a slot: an HTTP hop or a TLS handshake.
struct WorkItem {
  EngineCall* call = nullptr;
  Transfer* transfer = nullptr;  // the HTTP hop; null for a TLS handshake
  size_t tls_index = 0;
  std::string origin;  // "host:port", the key of the per-host limits
};

/// One Run: its observations and what the engine counts of it. Fields below `transfers` are
/// guarded by the engine's mutex.
struct EngineCall {
  const ProbeOptions* options = nullptr;
  std::vector<HttpObservation> http;
  std::vector<TlsObservation> tls;
  SharedTlsContext tls_context;
  std::deque<Transfer> transfers;  // the HTTP hops (stable addresses); the engine thread's
  int in_flight = 0;
  std::map<std::string, int> in_flight_per_origin;
  size_t unfinished = 0;           // observations not yet final
  std::vector<size_t> final_http;  // final HTTP observations the caller has not handed over yet
  bool stopped = false;            // cancelled or past its deadline: nothing more starts
  std::condition_variable changed;
};

struct OriginState {
  int in_flight = 0;
  int peak = 0;
  EngineClock::time_point next_start{};  // the rate limit: no probe starts before
  std::deque<WorkItem> waiting;
};

/// The origin key of a host and port: "host:port", IPv6 hosts in brackets.
std::string OriginKey(const std::string& host, uint16_t port);
/// The origin key of an http(s) URL; its authority when it does not parse.
std::string OriginKeyOfUrl(const std::string& url);

/// One TLS handshake probe, blocking (tls_prober.cc).
TlsObservation TlsHandshakeProbe(const TlsProbeSpec& spec, const ProbeOptions& options,
                                 const SharedTlsContext& shared);

}  // namespace checker::probes

namespace checker {

struct ProbeEngine::State {
  EngineLimits limits;
  mutable std::mutex mu;
  std::map<std::string, probes::OriginState> origins;
  std::set<std::string> waiting_origins;  // origins with probes waiting
  std::string last_served;                // round robin over them
  std::vector<probes::EngineCall*> calls;
  std::deque<probes::WorkItem> tls_queue;  // handshakes holding a slot, for a worker
  std::condition_variable tls_ready;
  std::vector<std::thread> tls_workers;
  size_t idle_workers = 0;
  size_t in_flight = 0, queued = 0, done = 0, peak = 0;
  std::atomic<size_t> opened{0}, reused{0};
  bool stopping = false;
  CURLM* multi = nullptr;
  std::map<std::string, CURLSH*> shares;  // the engine thread's: connection caches by policy
  std::thread engine_thread;

  /// Starts what the limits allow (called with `mu` held); HTTP hops to start are appended to
  /// `http`, handshakes go to the workers. Returns when a rate limit next lets a probe start.
  probes::EngineClock::time_point Dispatch(std::vector<probes::Transfer*>* http);
  /// Frees the slot of an item that ended (with `mu` held).
  void Release(const probes::WorkItem& item);
  /// Queues an item at its origin (with `mu` held).
  void Enqueue(probes::WorkItem item, bool front);
  /// Stops the calls cancelled or past their deadline (engine thread, `mu` held).
  void StopEndedCalls();
  /// An observation of `call` is final (with `mu` held).
  static void Finished(probes::EngineCall& call, std::optional<size_t> http_index);
  void EngineLoop();
  void TlsWorker();
};

}  // namespace checker
