#pragma once
// The syntax tree of an expression, which is also its compiled form: the compiler annotates it
// in place (static types, builtin ids, variable slots, precompiled regular expressions) and the
// evaluator walks it. Immutable after compilation.

#include <cstdint>
#include <memory>
#include <re2/re2.h>
#include <string>
#include <vector>

namespace checker::expr {

enum class Type : uint8_t { kDyn, kNull, kBool, kNumber, kString, kList, kMap };
const char* TypeName(Type t);

enum class Op : uint8_t {
  kNull,
  kBool,
  kNumber,
  kString,   // literals
  kList,     // [a, b]
  kIdent,    // a root member or a bound variable
  kMember,   // x.name
  kIndex,    // x[expr]
  kProject,  // x[*]
  kNot,
  kNeg,
  kAnd,
  kOr,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kCall,   // builtin function (also method syntax)
  kMacro,  // all/any/count/filter(list, var, predicate)
};

struct Ast {
  Op op = Op::kNull;
  size_t offset = 0;       // byte offset of the node's first character in the text
  Type type = Type::kDyn;  // static type, kDyn when only known at run time
  bool boolean = false;
  double number = 0;
  std::string text;  // string literal, identifier or member name, function name
  int builtin = -1;  // kCall / kMacro: index into the builtins table
  int slot = -1;     // kIdent bound to a macro variable; kMacro: the variable's slot
  /// kIdent of a root key and kMember chains on it: the whole path ("storage.encryption.at_rest"),
  /// spelled once by the compiler so that evaluation does not build it for every document.
  std::string path;
  std::vector<std::unique_ptr<Ast>> children;
  std::unique_ptr<RE2> regex;  // matches() with a literal pattern, compiled once
};

}  // namespace checker::expr
