// TLS handshakes per second of the prober: N negotiated handshakes (each on a new connection)
// against one host and port, C at a time, through a ProbeEngine (as checker audit and fleet run
// them); prints handshakes/s, the client CPU (user + system of this process) per handshake and
// the most handshakes the engine had in flight. Prints figures, asserts nothing.
//   tls_bench HOST PORT COUNT CONCURRENCY [CA_BUNDLE]   (no CA_BUNDLE: the system trust store)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/resource.h>

#include "checker/probe.h"
#include "checker/probe_engine.h"

namespace {

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: tls_bench HOST PORT COUNT CONCURRENCY [CA_BUNDLE]\n");
    return 2;
  }
  checker::ProbeOptions options;
  options.scope.hosts = {argv[1]};
  options.allow_private = true;  // the benchmark's sites listen on loopback
  options.limits.concurrency = std::atoi(argv[4]);
  options.limits.per_host = options.limits.concurrency;
  if (argc > 5) options.ca_bundle = argv[5];
  auto port = static_cast<uint16_t>(std::atoi(argv[2]));
  std::vector<checker::TlsProbeSpec> specs(static_cast<size_t>(std::atoi(argv[3])),
                                           checker::TlsProbeSpec{argv[1], port, "", "", ""});
  checker::ProbeEngine engine(
      checker::EngineLimits{options.limits.concurrency, options.limits.per_host, 0});
  engine.Run({}, {specs.front()}, options);  // warm-up: the context, the trust store
  double cpu = CpuSeconds();
  auto start = std::chrono::steady_clock::now();
  auto out = engine.Run({}, specs, options).tls;
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  cpu = CpuSeconds() - cpu;
  size_t ok = 0;
  for (const auto& o : out) ok += o.handshake_ok ? 1 : 0;
  std::printf(
      "%zu handshakes (%zu completed) in %.3f s: %.0f handshakes/s, %.3f ms client CPU each, at "
      "most %zu in flight\n",
      specs.size(), ok, wall, static_cast<double>(specs.size()) / wall,
      1000.0 * cpu / static_cast<double>(specs.size()), engine.Stats().peak_in_flight);
  return 0;
}
