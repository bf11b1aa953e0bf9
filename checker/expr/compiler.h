#pragma once
// Static checks and annotation of a parsed expression: builtin lookup and arity, types of what
// is known before run time (literals, operators, function results), macro variables bound to
// slots, literal regular expressions compiled once.

#include <functional>
#include <string>

#include "checker/diagnostic.h"

#include "expr/ast.h"

namespace checker::expr {

struct CompileIssue {
  DiagCode code;
  size_t offset;
  std::string message;
};

/// Annotates `root` in place; reports every problem through `report`. Returns the number of
/// variable slots the evaluator needs.
int Compile(Ast& root, const std::function<void(CompileIssue)>& report);

}  // namespace checker::expr
