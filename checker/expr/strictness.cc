#include "expr/strictness.h"

#include "expr/builtins.h"
#include "expr/evaluator.h"

namespace checker::expr {

namespace {

Form FormOf(const Ast& a) {
  if ((a.op != Op::kCall && a.op != Op::kMacro) || a.builtin < 0) return Form::kFunction;
  return Builtins()[static_cast<size_t>(a.builtin)].form;
}

// True when `child` (a child of `parent`) is a boolean operand that the parent combines by logic
// alone, so that the predicate is monotone in it: &&, ||, !, and the predicate of all() / any().
bool Connects(const Ast& parent, const Ast& child) {
  if (parent.op == Op::kAnd || parent.op == Op::kOr || parent.op == Op::kNot) return true;
  Form f = FormOf(parent);
  return parent.op == Op::kMacro && (f == Form::kAll || f == Form::kAny) &&
         parent.children.size() == 3 && parent.children[2].get() == &child;
}

size_t CountDefaults(const Ast& a) {
  size_t n = a.op == Op::kCall && FormOf(a) == Form::kDefault ? 1 : 0;
  for (const auto& c : a.children) n += CountDefaults(*c);
  return n;
}

// Whether `a` reads anything but the default's own path and variables bound inside the atom
// (slot >= `bound_outside`).
bool ReadsOther(const Ast& a, const Ast& the_default, int bound_outside) {
  if (&a == &the_default) return ReadsOther(*a.children[1], the_default, bound_outside);
  if (a.op == Op::kIdent && a.slot < bound_outside) return true;
  if (a.op == Op::kMacro) {  // the bound variable's own name is not a read
    return ReadsOther(*a.children[0], the_default, bound_outside) ||
           ReadsOther(*a.children[2], the_default, bound_outside);
  }
  for (const auto& c : a.children)
    if (ReadsOther(*c, the_default, bound_outside)) return true;
  return false;
}

class Judge {
 public:
  Judge(int slots, bool strict_result) : slots_(slots), strict_(strict_result) {}

  void Walk(const Ast& a) {
    stack_.push_back(&a);
    if (a.op == Op::kCall && FormOf(a) == Form::kDefault && a.children.size() == 2) Decide(a);
    if (a.op == Op::kMacro) {
      Walk(*a.children[0]);
      Walk(*a.children[2]);
    } else {
      for (const auto& c : a.children) Walk(*c);
    }
    stack_.pop_back();
  }

  std::vector<CompileIssue> issues;

 private:
  void Decide(const Ast& call) {
    // The atom: the smallest enclosing condition that logic alone combines into the predicate.
    size_t i = stack_.size() - 1;
    while (i > 0 && !Connects(*stack_[i - 1], *stack_[i])) --i;
    bool negated = false;
    int bound_outside = 0;
    for (size_t j = 0; j < i; ++j) {
      if (!Connects(*stack_[j], *stack_[j + 1])) return Unseen(call, "it sits inside a value");
      negated ^= stack_[j]->op == Op::kNot;
      bound_outside += stack_[j]->op == Op::kMacro;
    }
    const Ast& atom = *stack_[i];
    if (CountDefaults(atom) != 1)
      return Unseen(call, "its condition holds more than one default()");
    if (ReadsOther(atom, call, bound_outside))
      return Unseen(call, "its condition reads other paths than the defaulted one");
    Node empty;
    empty.kind = NodeKind::kMap;
    Evaluator evaluator(empty, slots_, nullptr);
    Value v = evaluator.Eval(atom);
    if (v.kind != Value::Kind::kBool) return Unseen(call, "its condition is not a plain bool");
    if ((v.boolean != negated) == strict_) return;
    std::string path = Path(*call.children[0]);
    issues.push_back(
        {DiagCode::kExprLaxDefault, call.offset,
         "when " + (path.empty() ? std::string("the path") : "'" + path + "'") +
             " is absent, this default() " +
             (strict_ ? "keeps the rule from applying (a gray-zone question from being raised)"
                      : "makes the check hold") +
             ": absent evidence must not help the vendor; read the path directly (absence is "
             "then missing_evidence) or declare absent: {verdict: fail} on the rule"});
  }

  void Unseen(const Ast& call, const std::string& why) {
    issues.push_back({DiagCode::kExprLaxDefault, call.offset,
                      "lint cannot see which side this default() takes (" + why +
                          "); give it a condition of its own whose value with the default is "
                          "known, such as default(x, 0) >= 365"});
  }

  static std::string Path(const Ast& a) {
    switch (a.op) {
      case Op::kIdent:
        return a.text;
      case Op::kMember:
        return Path(*a.children[0]) + "." + a.text;
      case Op::kIndex:
        return Path(*a.children[0]) + "[" +
               (a.children[1]->op == Op::kString ? "'" + a.children[1]->text + "'" : "...") + "]";
      default:
        return "";
    }
  }

  int slots_;
  bool strict_;
  std::vector<const Ast*> stack_;
};

}  // namespace

std::vector<CompileIssue> LaxDefaults(const Ast& root, int slots, bool strict_result) {
  Judge judge(slots, strict_result);
  judge.Walk(root);
  return std::move(judge.issues);
}

}  // namespace checker::expr
