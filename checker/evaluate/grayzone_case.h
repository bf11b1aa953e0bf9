#pragma once
// A gray-zone finding's case, copied from its check as the rule states it (rules/grayzone_case.cc
// checked its shape when the pack was loaded).

#include "checker/node.h"
#include "checker/result.h"

namespace checker::evaluate {

/// Fills the question, laws, authorities, facts needed, precedents and regulator's options.
void FillGrayzoneCase(const Node& spec, Finding& f);

}  // namespace checker::evaluate
