#pragma once
// Reasons of a failing check: its failing conditions (Expression::Explain) in the rule's words
// when the check gives a template for the condition, else in the generated sentence.

#include <string>
#include <vector>

#include "checker/expr.h"
#include "checker/result.h"
#include "checker/rule.h"

namespace checker::evaluate {

/// Where a condition's value came from, beyond the expression: the manifest position, or the
/// endpoint and response header of a probe observation, and the item when the probe names it.
struct ReasonSource {
  SourceLocation location;
  std::string endpoint;
  std::string header;
  std::string item;
};

/// A reason for one failing condition. The check's template for the condition (keyed by its
/// path with [*] indices, or by its text) fills {value} {path} {item} {expected} {header}
/// {endpoint}; without one the generated sentence stands.
Reason MakeReason(const Check& check, const FailedCondition& c, ReasonSource source);

/// One line summarising the reasons (English), for a finding's message.
std::string SummariseReasons(const std::vector<Reason>& reasons);

}  // namespace checker::evaluate
