// The evidence source of `checker audit` from its options (evidence_collection.h).

#include "cli/evidence_collection.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "checker/report.h"
#include "checker/safe_text.h"
#include "checker/source.h"

#include "cli/commands.h"
#include "cli/common.h"

namespace checker::cli {

namespace {

// --client-cert and --client-key come together, and both files must be readable now: a typo
// would otherwise turn every rule at a client-certificate endpoint into missing evidence.
int ClientCertificate(const Args& args, ProbeOptions* options) {
  if (!args.Has("client-cert") && !args.Has("client-key")) return kExitOk;
  if (args.Has("client-cert") != args.Has("client-key"))
    return UsageError("audit", "--client-cert FILE and --client-key FILE go together");
  for (const char* name : {"client-cert", "client-key"}) {
    std::string text, error;
    if (!ReadFile(args.Get(name), 1u << 20, &text, &error)) {
      std::fprintf(stderr, "checker audit: cannot read --%s %s: %s\n", name, args.Get(name).c_str(),
                   error.c_str());
      return kExitUsage;
    }
  }
  options->client_cert = args.Get("client-cert");
  options->client_key = args.Get("client-key");
  return kExitOk;
}

// What the auditor chose for live probes: limits, CA bundle, client identity, redaction.
int LiveProbeOptions(const Args& args, ProbeOptions* options) {
  options->ca_bundle = args.Get("ca-bundle");
  options->allow_private = args.Has("allow-private");
  if (int exit = ClientCertificate(args, options); exit != kExitOk) return exit;
  for (auto [name, field] :
       {std::pair<const char*, int*>{"timeout", &options->limits.total_timeout_ms},
        {"concurrency", &options->limits.concurrency},
        {"per-host", &options->limits.per_host},
        {"deadline", &options->limits.deadline_ms}}) {
    if (!args.Has(name)) continue;
    auto v = ParseCount(args.Get(name));
    if (!v || *v > 600000)
      return UsageError("audit", std::string("--") + name + " needs a positive whole number");
    *field = static_cast<int>(*v);
  }
  options->limits.connect_timeout_ms =
      std::min(options->limits.connect_timeout_ms, options->limits.total_timeout_ms);
  if (args.Has("max-body")) {
    auto v = ParseCount(args.Get("max-body"));
    if (!v) return UsageError("audit", "--max-body needs a positive whole number");
    options->limits.max_body_bytes = *v;
  }
  if (args.Has("max-evidence-bytes")) {
    auto v = ParseCount(args.Get("max-evidence-bytes"));
    if (!v) return UsageError("audit", "--max-evidence-bytes needs a positive whole number");
    options->limits.max_evidence_bytes = *v;
  }
  for (const auto& pattern : args.All("redact")) {
    std::string error;
    if (!ValidRedactPattern(pattern, &error))
      return UsageError("audit", "--redact '" + pattern + "': " + error);
    options->redact_patterns.push_back(pattern);
  }
  return kExitOk;
}

// Live probes on a probe engine: the fleet's, or one of the source's own.
class EngineLiveSource final : public EvidenceSource {
 public:
  EngineLiveSource(std::unique_ptr<ProbeEngine> own, ProbeEngine& engine,
                   std::vector<std::string> targets, ProbeOptions options)
      : own_(std::move(own)),
        runner_(engine),
        live_(std::move(targets), std::move(options), &runner_) {}
  GatherOutcome Gather(const EvidenceRequest& request) override { return live_.Gather(request); }

 private:
  std::unique_ptr<ProbeEngine> own_;
  EngineProbeRunner runner_;
  LiveEvidenceSource live_;
};

}  // namespace

std::optional<double> ParseRate(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789.") != std::string::npos)
    return std::nullopt;
  char* end = nullptr;
  double rate = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !(rate >= 0 && rate <= 100000)) return std::nullopt;
  return rate;
}

std::unique_ptr<EvidenceSource> EvidenceSourceFromOptions(const Args& args, int* exit,
                                                          ProbeEngine* engine) {
  *exit = kExitOk;
  if (args.Has("replay")) {
    std::string text, error;
    if (!ReadFile(args.Get("replay"), 1u << 30, &text, &error)) {
      std::fprintf(stderr, "checker audit: cannot read %s: %s\n",
                   TerminalSafe(args.Get("replay")).c_str(), error.c_str());
      *exit = kExitUsage;
      return nullptr;
    }
    auto evidence = ProbeEvidenceFromJson(text, &error);
    if (!evidence) {
      std::fprintf(stderr, "checker audit: %s: %s\n", TerminalSafe(args.Get("replay")).c_str(),
                   TerminalSafe(error).c_str());
      *exit = kExitUsage;
      return nullptr;
    }
    return std::make_unique<ReplayEvidenceSource>(std::move(*evidence), args.Get("replay"),
                                                  args.All("target"));
  }
  if (args.Has("offline")) return std::make_unique<OfflineEvidenceSource>(args.All("target"));
  ProbeOptions options;
  if (*exit = LiveProbeOptions(args, &options); *exit != kExitOk) return nullptr;
  std::unique_ptr<ProbeEngine> own;
  if (engine == nullptr) {
    EngineLimits limits{options.limits.concurrency, options.limits.per_host, 0};
    if (args.Has("rate")) {
      auto rate = ParseRate(args.Get("rate"));
      if (!rate) {
        *exit = UsageError("audit", "--rate needs a number of probes per second from 0 to 100000");
        return nullptr;
      }
      limits.per_host_rate = *rate;
    }
    own = std::make_unique<ProbeEngine>(limits);
    engine = own.get();
  }
  return std::make_unique<EngineLiveSource>(std::move(own), *engine, args.All("target"),
                                            std::move(options));
}

int PrintInputProblem(const AuditInputProblem& problem) {
  switch (problem.kind) {
    case AuditInputProblem::Kind::kUsage:
      return UsageError("audit", problem.message);
    case AuditInputProblem::Kind::kRefusal:
      std::fprintf(stderr, "checker audit: %s:\n", TerminalSafe(problem.message).c_str());
      for (const auto& item : problem.items)
        std::fprintf(stderr, "  - %s\n", TerminalSafe(item).c_str());
      return kExitUsage;
    case AuditInputProblem::Kind::kDiagnostics:
      for (const auto& d : problem.diagnostics) std::fputs(FormatDiagnostic(d).c_str(), stderr);
      return kExitUsage;
  }
  return kExitUsage;
}

}  // namespace checker::cli
