#pragma once
// Expression text from the syntax tree (one line, minimal parentheses around binary operands).

#include <string>
#include <string_view>

#include "expr/ast.h"

namespace checker::expr {

std::string Unparse(const Ast& a);
/// A string literal as the expression language writes it: 'it\'s'.
std::string QuoteString(std::string_view s);

}  // namespace checker::expr
