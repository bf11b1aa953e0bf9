// Expression text from the syntax tree, for naming the part of a predicate that failed.

#include "expr/unparse.h"

#include "checker/node.h"

namespace checker::expr {

namespace {

const char* OpText(Op op) {
  switch (op) {
    case Op::kAnd:
      return "&&";
    case Op::kOr:
      return "||";
    case Op::kEq:
      return "==";
    case Op::kNe:
      return "!=";
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGe:
      return ">=";
    case Op::kIn:
      return "in";
    case Op::kAdd:
      return "+";
    case Op::kSub:
      return "-";
    case Op::kMul:
      return "*";
    default:
      return "/";
  }
}

bool IsBinary(Op op) {
  return op == Op::kAnd || op == Op::kOr || op == Op::kEq || op == Op::kNe || op == Op::kLt ||
         op == Op::kLe || op == Op::kGt || op == Op::kGe || op == Op::kIn || op == Op::kAdd ||
         op == Op::kSub || op == Op::kMul || op == Op::kDiv;
}

std::string Operand(const Ast& a) {
  std::string text = Unparse(a);
  return IsBinary(a.op) ? "(" + text + ")" : text;
}

}  // namespace

std::string QuoteString(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string Unparse(const Ast& a) {
  switch (a.op) {
    case Op::kNull:
      return "null";
    case Op::kBool:
      return a.boolean ? "true" : "false";
    case Op::kNumber:
      return FormatNumber(a.number);
    case Op::kString:
      return QuoteString(a.text);
    case Op::kList: {
      std::string out = "[";
      for (size_t i = 0; i < a.children.size(); ++i)
        out += (i ? ", " : "") + Unparse(*a.children[i]);
      return out + "]";
    }
    case Op::kIdent:
      return a.text;
    case Op::kMember:
      return Operand(*a.children[0]) + "." + a.text;
    case Op::kIndex:
      return Operand(*a.children[0]) + "[" + Unparse(*a.children[1]) + "]";
    case Op::kProject:
      return Operand(*a.children[0]) + "[*]";
    case Op::kNot:
      return "!" + Operand(*a.children[0]);
    case Op::kNeg:
      return "-" + Operand(*a.children[0]);
    case Op::kCall:
    case Op::kMacro: {
      std::string out = a.text + "(";
      for (size_t i = 0; i < a.children.size(); ++i)
        out += (i ? ", " : "") + Unparse(*a.children[i]);
      return out + ")";
    }
    default:
      if (!IsBinary(a.op) || a.children.size() != 2) return a.text;
      return Operand(*a.children[0]) + " " + OpText(a.op) + " " + Operand(*a.children[1]);
  }
}

}  // namespace checker::expr
