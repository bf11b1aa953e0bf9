#pragma once
// Deciding one rule against a fixture (a manifest fragment and, for endpoint rules, the observation
// document the check sees). Shared by the fixture runner and the absence cases made from it.

#include <string>
#include <vector>

#include "checker/audit.h"

namespace checker::evaluate {

struct FixtureDecision {
  Outcome outcome = Outcome::kError;
  std::string message;
  std::vector<std::string> manifest_paths;     // read in applies_when and a manifest check
  std::vector<std::string> observation_paths;  // read in a probe check's observation
};

FixtureDecision DecideFixture(const Rule& rule, const Document& manifest, const Node* observation,
                              const EvalOptions& eval);

}  // namespace checker::evaluate
