#pragma once
// Reasons of a failing http, tls or document check: each failing condition with the endpoint,
// the response header it read and the item it concerns (cookie, banner header, certificate).

#include <string>
#include <vector>

#include "checker/result.h"
#include "checker/rule.h"

namespace checker::evaluate {

/// The reasons why `check` failed against the observation document `doc` of `target`.
std::vector<Reason> ProbeReasons(const Check& check, const Node& doc, const std::string& target,
                                 const EvalOptions& eval);

}  // namespace checker::evaluate
