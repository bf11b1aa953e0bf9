#pragma once
// The table of builtin functions: one row a function, with its arity and static types. Special
// forms (exists, default, and the list macros that bind a variable) are evaluated by the
// evaluator itself; ordinary functions get their evaluated arguments.

#include <span>
#include <string_view>

#include "expr/ast.h"
#include "expr/value.h"

namespace checker::expr {

// kDated: an ordinary function that also reads the audit date (days_since, months_since, within).
enum class Form : uint8_t { kFunction, kExists, kDefault, kAll, kAny, kCount, kFilter, kDated };

struct Builtin {
  std::string_view name;
  Form form;
  uint8_t min_args;
  uint8_t max_args;
  Type params[3];  // static parameter types (kDyn = any); checked against literal arguments
  Type result;
  Value (*fn)(std::span<const Value> args, const Ast& call);  // kFunction only
  std::string_view doc;
};

std::span<const Builtin> Builtins();
/// Calls a kDated builtin against the audit date `today` ("" = none given: an error).
Value CallDated(const Builtin& b, std::span<const Value> args, std::string_view today,
                const Ast& call);
/// Index into Builtins() or -1.
int FindBuiltin(std::string_view name);

}  // namespace checker::expr
