#pragma once
// The audit as a library call (docs/architecture.md, "The Auditor"): a manifest, a rule
// selection, the reviews and an evidence source in; a complete AuditResult out. The CLI's
// `checker audit` and `checker fleet` are both callers. No global state: audits of many vendors
// may run at once, from several threads, over one RuleSet.

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "checker/audit.h"
#include "checker/diagnostic.h"
#include "checker/document.h"
#include "checker/probe.h"
#include "checker/probe_engine.h"
#include "checker/result.h"
#include "checker/review.h"
#include "checker/rule_set.h"

namespace checker {

/// A user-input error that stops an audit before any rule is decided (the CLI exits 2): a bad
/// --target, evidence that is not this manifest's, a malformed endpoint URL in the manifest.
/// Values, not printed: each caller says them its own way.
struct AuditInputProblem {
  enum class Kind : uint8_t {
    kUsage,        // `message` is about an option the auditor gave (--target ...)
    kRefusal,      // `message` is a sentence, `items` say why, one sentence each
    kDiagnostics,  // `diagnostics` are errors positioned in the manifest
  };
  Kind kind = Kind::kUsage;
  std::string message;
  std::vector<std::string> items;
  std::vector<Diagnostic> diagnostics;
};

/// What the audit asks of an evidence source.
struct EvidenceRequest {
  const Document& manifest;
  std::span<const SelectedRule> selection;
  const std::atomic<bool>* cancel = nullptr;  // the run's cancel flag (probes stop on it)
};

/// The evidence behind an audit's endpoint rules, as a source gathered it.
struct GatheredEvidence {
  std::string mode = "offline";     // "live", "replay" or "offline" (AuditResult::probe_mode)
  ProbeEvidence evidence;           // offline: the endpoints only; nothing decides from it
  std::vector<Endpoint> endpoints;  // the endpoints audited: the manifest's, targets applied
  std::vector<std::string> scope;   // live: the hosts probes were allowed to reach
  int64_t now = 0;                  // epoch seconds the observations are judged at
  /// The documents http checks read, by probe key, when the source built them as responses
  /// arrived (live); null: built from `evidence` when the rules are decided.
  std::shared_ptr<const std::map<std::string, Node>> http_documents;
  double seconds = 0;  // time spent probing
};

using GatherOutcome = std::variant<GatheredEvidence, AuditInputProblem>;

/// Where the evidence of endpoint rules comes from: live probes, a recorded evidence.json, or
/// nothing (offline). Tests serve hand-built observations through it (no network).
class EvidenceSource {
 public:
  virtual ~EvidenceSource() = default;
  virtual GatherOutcome Gather(const EvidenceRequest& request) = 0;
};

/// Runs the probes of one audit, HTTP and TLS at once. Live sources take one that the caller owns
/// (over a long-lived engine shared by every audit of a fleet), or use the default, over the
/// process's engine (ProcessProbeEngine: each audit's own limits only).
class ProbeRunner {
 public:
  virtual ~ProbeRunner() = default;
  virtual ProbeResults Run(const std::vector<HttpProbeSpec>& http,
                           const std::vector<TlsProbeSpec>& tls, const ProbeOptions& options) = 0;
};
/// The runner over a probe engine (not owned).
class EngineProbeRunner final : public ProbeRunner {
 public:
  explicit EngineProbeRunner(ProbeEngine& engine) : engine_(engine) {}
  ProbeResults Run(const std::vector<HttpProbeSpec>& http, const std::vector<TlsProbeSpec>& tls,
                   const ProbeOptions& options) override {
    return engine_.Run(http, tls, options);
  }

 private:
  ProbeEngine& engine_;
};
/// The default runner (over the process's engine; shared).
ProbeRunner& DefaultProbeRunner();

/// No probes: endpoint rules become missing_evidence. `targets` as --target gives them.
class OfflineEvidenceSource final : public EvidenceSource {
 public:
  explicit OfflineEvidenceSource(std::vector<std::string> targets = {});
  GatherOutcome Gather(const EvidenceRequest& request) override;

 private:
  std::vector<std::string> targets_;
};

/// Probes the endpoints within the declared scope and the address policy (docs/probes.md).
/// `options` carries what the auditor chose (limits, CA bundle, client identity, redaction,
/// --allow-private); the source adds the scope, the targets' origins, the deadline, the clock and
/// the cancel flag. `runner` (not owned; null = DefaultProbeRunner()) makes the probes.
class LiveEvidenceSource final : public EvidenceSource {
 public:
  LiveEvidenceSource(std::vector<std::string> targets, ProbeOptions options,
                     ProbeRunner* runner = nullptr);
  GatherOutcome Gather(const EvidenceRequest& request) override;

 private:
  std::vector<std::string> targets_;
  ProbeOptions options_;
  ProbeRunner* runner_;
};

/// Recorded evidence (a parsed evidence.json named `name` in sentences), refused unless it was
/// collected for this manifest's endpoints and within this audit's scope. `targets` empty: the
/// recorded ones. Serves its evidence once (it is moved into the audit).
class ReplayEvidenceSource final : public EvidenceSource {
 public:
  ReplayEvidenceSource(ProbeEvidence evidence, std::string name,
                       std::vector<std::string> targets = {});
  GatherOutcome Gather(const EvidenceRequest& request) override;

 private:
  ProbeEvidence evidence_;
  std::string name_;
  std::vector<std::string> targets_;
};

/// One audit's inputs besides the evidence source. The reviews are applied in order.
struct AuditRequest {
  const Document& manifest;
  std::span<const SelectedRule> selection;
  std::span<const Review> reviews = {};
  std::vector<ManifestWarning> manifest_warnings = {};  // recorded as given
  AuditOptions options = {};
};

/// A complete audit, or the input problem that stopped it.
struct AuditOutcome {
  std::optional<AuditInputProblem> problem;  // set: nothing else is
  AuditResult result;
  /// The evidence as collected, whole bodies within the evidence budget (for evidence.json);
  /// `result.probes` keeps only the excerpts the reports show of a live run's bodies.
  ProbeEvidence evidence;
  double probe_seconds = 0;
  /// What applying each review said (warnings, refused waivers, changed evidence files), one
  /// sink per review in the request's order.
  std::vector<DiagnosticSink> review_diagnostics;
  /// True when probes ran and observed something: evidence.json is worth writing.
  bool probed() const {
    return result.probe_mode == "live" && (!evidence.http.empty() || !evidence.tls.empty());
  }
};

/// Decides every selected rule from the manifest and the source's evidence, applies the
/// reviews, then aggregates once (counts, certification; FailsAt reads the recorded fail_on).
/// Reentrant and const: one Auditor serves many audits at once.
class Auditor {
 public:
  explicit Auditor(const RuleSet& rules) : rules_(rules) {}
  AuditOutcome Run(const AuditRequest& request, EvidenceSource& source) const;

 private:
  const RuleSet& rules_;
};

/// Each endpoint URL of the manifest parses as an http(s) URL and each scope origin is an origin;
/// errors otherwise, positioned in the manifest.
std::vector<Diagnostic> DeclaredUrlProblems(const Document& manifest);

}  // namespace checker
