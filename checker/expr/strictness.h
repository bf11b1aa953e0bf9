#pragma once
// Which side a default() takes: lint allows `default(path, value)` only where it can see that
// the value makes the predicate land on its strict side (docs/expressions.md, "Absence and
// default()"), so that a vendor who leaves the path out never gains by it.

#include <vector>

#include "expr/ast.h"
#include "expr/compiler.h"

namespace checker::expr {

/// The default() calls of a compiled expression that lint cannot see on the strict side.
/// `strict_result` is the predicate's result that counts against the vendor: false for a check
/// (it fails), true for applies_when (the rule applies) and a gray-zone `when` (the question is
/// raised). `slots` is the compiled program's variable slot count.
std::vector<CompileIssue> LaxDefaults(const Ast& root, int slots, bool strict_result);

}  // namespace checker::expr
