#pragma once
// Recursive-descent parser with precedence climbing. Depth is bounded (ExprLimits::max_depth), so
// hostile input such as "((((..." or "!!!!..." cannot overflow the stack.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "expr/ast.h"

namespace checker::expr {

struct ParseError {
  size_t offset = 0;
  std::string message;
  bool limit = false;  // a depth limit rather than a syntax error
};

/// Parses `text`; on failure returns nullptr and fills `error`.
std::unique_ptr<Ast> Parse(std::string_view text, uint32_t max_depth, ParseError* error);

}  // namespace checker::expr
