#pragma once
// Static path collection: which document paths an expression reads, and which string literals it
// compares with them, found by walking the compiled tree (lint checks them against the manifest
// schema).

#include <functional>

#include "checker/expr.h"

#include "expr/ast.h"

namespace checker::expr {

void CollectReads(const Ast& root, const std::function<SourceLocation(size_t)>& locate,
                  StaticReads* out);

}  // namespace checker::expr
