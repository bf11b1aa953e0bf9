#pragma once
// Declared versus observed: the manifest claims a probe can observe, checked against what the
// probes saw (docs/claims.md). A contradiction becomes a finding of its own, with the manifest
// line and the probe evidence; a claim no probe confirmed stays a claim, marked as declared.

#include <span>
#include <string>
#include <vector>

#include "checker/audit.h"

namespace checker::evaluate {

struct ClaimSpec {
  std::string path;       // manifest path of the claim
  Check check;            // how it is observed: probe type, request, endpoints, and the expression
                          // over {declared, observed} that holds when claim and observation agree
  std::string statement;  // template over {declared}: the claim in words
  std::string observation;       // template over {observed}: what was seen, in words
  Level level = Level::kShould;  // of a contradiction, unless a stricter rule relies on the claim
  std::string category;
  LocalizedText title;
};

/// The claim table (claim_table.cc), compiled once.
const std::vector<ClaimSpec>& ClaimTable();

/// The probes that observe the claims `manifest` makes, at its audited endpoints.
ProbePlan ClaimProbes(const Document& manifest, const std::vector<Endpoint>& endpoints);

struct ClaimResults {
  std::vector<ClaimRecord> records;
  std::vector<Finding> contradictions;
};

/// Checks every claim the manifest makes against the evidence (none when `probes` or its
/// evidence is null: every claim stays declared). `findings` are the rule findings: a rule whose
/// evidence reads a claim relies on it, and lends the contradiction its level.
ClaimResults CheckClaims(const Document& manifest, const ProbeContext* probes,
                         std::span<const Finding> findings, const EvalOptions& eval);

}  // namespace checker::evaluate
