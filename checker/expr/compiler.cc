#include "expr/compiler.h"

#include <algorithm>
#include <vector>

#include "checker/dates.h"

#include "expr/builtins.h"

namespace checker::expr {

const char* TypeName(Type t) {
  switch (t) {
    case Type::kDyn:
      return "any";
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "bool";
    case Type::kNumber:
      return "number";
    case Type::kString:
      return "string";
    case Type::kList:
      return "list";
    case Type::kMap:
      return "map";
  }
  return "?";
}

namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

bool IsPath(const Ast& a) {
  switch (a.op) {
    case Op::kIdent:
      return true;
    case Op::kMember:
    case Op::kIndex:
    case Op::kProject:
      return IsPath(*a.children[0]);
    default:
      return false;
  }
}

class Compiler {
 public:
  explicit Compiler(const std::function<void(CompileIssue)>& report) : report_(report) {}

  int slots() const { return max_slots_; }

  void Visit(Ast& a) {
    switch (a.op) {
      case Op::kNull:
        a.type = Type::kNull;
        return;
      case Op::kBool:
        a.type = Type::kBool;
        return;
      case Op::kNumber:
        a.type = Type::kNumber;
        return;
      case Op::kString:
        a.type = Type::kString;
        return;
      case Op::kList:
        for (auto& c : a.children) Visit(*c);
        a.type = Type::kList;
        return;
      case Op::kIdent: {
        auto it = std::find(scope_.rbegin(), scope_.rend(), a.text);
        if (it != scope_.rend()) a.slot = static_cast<int>(scope_.rend() - it - 1);
        if (a.slot < 0) a.path = a.text;
        return;
      }
      case Op::kMember:
        Visit(*a.children[0]);
        if (!a.children[0]->path.empty() &&
            (a.children[0]->op == Op::kIdent || a.children[0]->op == Op::kMember))
          a.path = a.children[0]->path + "." + a.text;
        return;
      case Op::kIndex:
        for (auto& c : a.children) Visit(*c);
        return;
      case Op::kProject:
        Visit(*a.children[0]);
        a.type = Type::kList;
        return;
      case Op::kNot:
        Visit(*a.children[0]);
        Want(*a.children[0], Type::kBool, "'!'");
        a.type = Type::kBool;
        return;
      case Op::kNeg:
        Visit(*a.children[0]);
        Want(*a.children[0], Type::kNumber, "unary '-'");
        a.type = Type::kNumber;
        return;
      case Op::kAnd:
      case Op::kOr:
        for (auto& c : a.children) {
          Visit(*c);
          Want(*c, Type::kBool, a.op == Op::kAnd ? "'&&'" : "'||'");
        }
        a.type = Type::kBool;
        return;
      case Op::kEq:
      case Op::kNe:
        for (auto& c : a.children) Visit(*c);
        a.type = Type::kBool;
        return;
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        Ordering(a);
        return;
      case Op::kIn:
        In(a);
        return;
      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
      case Op::kDiv:
        Arithmetic(a);
        return;
      case Op::kCall:
        Call(a);
        return;
      case Op::kMacro:
        return;
    }
  }

 private:
  void Issue(DiagCode code, size_t offset, std::string message) {
    report_({code, offset, std::move(message)});
  }

  void Want(const Ast& operand, Type want, const std::string& context) {
    if (want == Type::kDyn || operand.type == Type::kDyn || operand.type == want) return;
    Issue(DiagCode::kExprType, operand.offset,
          context + " needs a " + TypeName(want) + ", found a " + TypeName(operand.type));
  }

  void Ordering(Ast& a) {
    for (auto& c : a.children) Visit(*c);
    a.type = Type::kBool;
    Type l = a.children[0]->type, r = a.children[1]->type;
    for (const auto& c : a.children) {
      if (c->type != Type::kDyn && c->type != Type::kNumber && c->type != Type::kString) {
        Issue(DiagCode::kExprType, c->offset,
              std::string("cannot order a ") + TypeName(c->type) + "; " + a.text +
                  " compares numbers or strings");
        return;
      }
    }
    if (l != Type::kDyn && r != Type::kDyn && l != r) {
      Issue(DiagCode::kExprType, a.offset,
            std::string("cannot compare a ") + TypeName(l) + " with a " + TypeName(r));
    }
  }

  void In(Ast& a) {
    for (auto& c : a.children) Visit(*c);
    a.type = Type::kBool;
    Type r = a.children[1]->type;
    if (r != Type::kDyn && r != Type::kList && r != Type::kMap && r != Type::kString) {
      Issue(DiagCode::kExprType, a.children[1]->offset,
            std::string("'in' needs a list, map or string on its right, found a ") + TypeName(r));
    }
  }

  void Arithmetic(Ast& a) {
    for (auto& c : a.children) Visit(*c);
    Type l = a.children[0]->type, r = a.children[1]->type;
    if (a.op == Op::kAdd && (l == Type::kString || r == Type::kString)) {
      Want(*a.children[0], Type::kString, "'+' on strings");
      Want(*a.children[1], Type::kString, "'+' on strings");
      a.type = Type::kString;
      return;
    }
    for (const auto& c : a.children) Want(*c, Type::kNumber, "'" + a.text.substr(1, 1) + "'");
    a.type = (l == Type::kDyn || r == Type::kDyn) && a.op == Op::kAdd ? Type::kDyn : Type::kNumber;
  }

  void Call(Ast& a) {
    a.builtin = FindBuiltin(a.text);
    if (a.builtin < 0) {
      std::string message = "unknown function '" + a.text + "'";
      std::string_view best;
      size_t best_distance = 3;
      for (const auto& b : Builtins()) {
        size_t d = EditDistance(a.text, b.name);
        if (d < best_distance) best_distance = d, best = b.name;
      }
      if (!best.empty()) message += "; did you mean '" + std::string(best) + "'?";
      Issue(DiagCode::kExprUnknownFunction, a.offset, message);
      for (auto& c : a.children) Visit(*c);
      return;
    }
    const Builtin& b = Builtins()[static_cast<size_t>(a.builtin)];
    a.type = b.result;
    size_t n = a.children.size();
    if (n < b.min_args || n > b.max_args) {
      Issue(DiagCode::kExprArity, a.offset,
            std::string(b.name) + "() takes " + std::to_string(b.min_args) +
                (b.max_args != b.min_args ? " to " + std::to_string(b.max_args) : "") +
                " argument" + (b.max_args == 1 ? "" : "s") + ", given " + std::to_string(n));
      return;
    }
    if (b.form == Form::kAll || b.form == Form::kAny || b.form == Form::kCount ||
        b.form == Form::kFilter) {
      return Macro(a, b);
    }
    for (size_t i = 0; i < n; ++i) {
      Visit(*a.children[i]);
      Want(*a.children[i], b.params[i],
           std::string(b.name) + "() argument " + std::to_string(i + 1));
    }
    Type first = a.children[0]->type;
    if (b.name == "len" &&
        (first == Type::kNumber || first == Type::kBool || first == Type::kNull)) {
      Issue(DiagCode::kExprType, a.children[0]->offset,
            std::string("len() needs a string, list or map, found a ") + TypeName(first));
    }
    if ((b.form == Form::kExists || b.form == Form::kDefault) && !IsPath(*a.children[0])) {
      Issue(DiagCode::kExprType, a.children[0]->offset,
            std::string(b.name) + "() takes a path such as storage.encryption.at_rest");
    }
    if (b.form == Form::kDated) CheckDateLiterals(a);
    if (b.name == "matches" && a.children[1]->op == Op::kString) {
      RE2::Options options;
      options.set_log_errors(false);
      options.set_max_mem(1 << 20);
      a.regex = std::make_unique<RE2>(a.children[1]->text, options);
      if (!a.regex->ok()) {
        Issue(DiagCode::kExprRegex, a.children[1]->offset,
              "invalid regular expression: " + a.regex->error());
        a.regex.reset();
      }
    }
  }

  // A literal date or duration is checked when the pack loads, so lint finds the typo.
  void CheckDateLiterals(const Ast& a) {
    const Ast& date = *a.children[0];
    if (date.op == Op::kString && !IsIsoDate(date.text))
      Issue(DiagCode::kExprType, date.offset,
            a.text + "() needs a date YYYY-MM-DD, found '" + date.text + "'");
    if (a.children.size() > 1 && a.children[1]->op == Op::kString &&
        !ParseDuration(a.children[1]->text))
      Issue(DiagCode::kExprType, a.children[1]->offset,
            a.text + "() needs a duration such as '12 months' or '365 days', found '" +
                a.children[1]->text + "'");
  }

  void Macro(Ast& a, const Builtin& b) {
    a.op = Op::kMacro;
    Visit(*a.children[0]);
    Want(*a.children[0], Type::kList, std::string(b.name) + "() argument 1");
    Ast& var = *a.children[1];
    if (var.op != Op::kIdent) {
      Issue(DiagCode::kExprUnknownVariable, var.offset,
            std::string(b.name) + "() needs a variable name as its second argument");
      return;
    }
    if (std::find(scope_.begin(), scope_.end(), var.text) != scope_.end()) {
      Issue(DiagCode::kExprUnknownVariable, var.offset,
            "variable '" + var.text +
                "' is already bound by an enclosing macro; choose another name");
      return;
    }
    a.slot = static_cast<int>(scope_.size());
    scope_.push_back(var.text);
    max_slots_ = std::max(max_slots_, static_cast<int>(scope_.size()));
    Visit(*a.children[2]);
    Want(*a.children[2], Type::kBool, std::string(b.name) + "() predicate");
    scope_.pop_back();
  }

  const std::function<void(CompileIssue)>& report_;
  std::vector<std::string> scope_;
  int max_slots_ = 0;
};

}  // namespace

int Compile(Ast& root, const std::function<void(CompileIssue)>& report) {
  Compiler compiler(report);
  compiler.Visit(root);
  return compiler.slots();
}

}  // namespace checker::expr
