// Why a predicate does not hold: walks the failing parts of the tree (every conjunct, every
// failing list element) and says, for each smallest failing condition, what it read and what it
// needed. Runs only after Evaluate() found the predicate false, so passing audits never pay.

#include <algorithm>

#include "checker/expr.h"

#include "expr/builtins.h"
#include "expr/evaluator.h"
#include "expr/unparse.h"

namespace checker::expr {

namespace {

bool IsPathOp(Op op) {
  return op == Op::kIdent || op == Op::kMember || op == Op::kIndex || op == Op::kProject;
}

bool IsLiteral(const Ast& a) {
  if (a.op == Op::kList)
    return std::all_of(a.children.begin(), a.children.end(),
                       [](const auto& c) { return IsLiteral(*c); });
  return a.op == Op::kNull || a.op == Op::kBool || a.op == Op::kNumber || a.op == Op::kString;
}

bool IsCompare(Op op) {
  return op == Op::kEq || op == Op::kNe || op == Op::kLt || op == Op::kLe || op == Op::kGt ||
         op == Op::kGe;
}

std::string_view CallName(const Ast& a) {
  if (a.op != Op::kCall || a.builtin < 0) return "";
  return Builtins()[static_cast<size_t>(a.builtin)].name;
}

// Functions that only reshape their first argument: a sentence names the argument instead.
bool IsTransparent(std::string_view name) {
  return name == "default" || name == "lower" || name == "upper" || name == "trim" ||
         name == "exists";
}

// The operand a sentence is about: the document value a condition reads.
const Ast* SubjectOf(const Ast& a) {
  if (IsPathOp(a.op)) return &a;
  if (a.op == Op::kNot || a.op == Op::kNeg) return SubjectOf(*a.children[0]);
  if (a.op == Op::kCall && IsTransparent(CallName(a)) && !a.children.empty())
    return SubjectOf(*a.children[0]);
  if ((IsCompare(a.op) || a.op == Op::kIn) && a.children.size() == 2) {
    if (!IsLiteral(*a.children[0])) return SubjectOf(*a.children[0]);
    return SubjectOf(*a.children[1]);
  }
  return IsLiteral(a) ? nullptr : &a;
}

Node ToNode(const Value& v) {
  if (v.node != nullptr) return *v.node;
  Node n;
  switch (v.kind) {
    case Value::Kind::kBool:
      n.kind = NodeKind::kBool, n.boolean = v.boolean;
      break;
    case Value::Kind::kNumber:
      n.kind = NodeKind::kNumber, n.number = v.number;
      break;
    case Value::Kind::kString:
      n.kind = NodeKind::kString, n.text = std::string(v.string);
      break;
    case Value::Kind::kList:
      n.kind = NodeKind::kList;
      for (size_t i = 0; i < v.ListSize() && i < 64; ++i) n.items.push_back(ToNode(v.ListAt(i)));
      break;
    default:
      break;
  }
  return n;
}

// "cookies[1].secure" -> "cookies[*].secure"
std::string Pattern(std::string_view path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '[' && i + 1 < path.size() && path[i + 1] >= '0' && path[i + 1] <= '9') {
      size_t close = path.find(']', i);
      if (close == std::string_view::npos) break;
      out += "[*]";
      i = close;
      continue;
    }
    out += path[i];
  }
  return out;
}

// The deepest node present along `path` (map keys, [n] and ["key"]): where an absent value would
// have been declared.
const Node* NearestPresent(const Node& root, std::string_view path) {
  const Node* at = &root;
  size_t i = 0;
  while (i < path.size()) {
    const Node* next = nullptr;
    if (path[i] == '.') ++i;
    if (i < path.size() && path[i] == '[') {
      size_t close = path.find(']', i);
      if (close == std::string_view::npos) break;
      std::string_view inner = path.substr(i + 1, close - i - 1);
      if (inner.size() >= 2 && inner.front() == '"') {
        next = at->Find(inner.substr(1, inner.size() - 2));
      } else if (at->is_list()) {
        size_t index = 0;
        for (char c : inner) index = index * 10 + static_cast<size_t>(c - '0');
        if (!inner.empty() && inner.find_first_not_of("0123456789") == std::string_view::npos &&
            index < at->items.size())
          next = &at->items[index];
      }
      i = close + 1;
    } else {
      size_t end = path.find_first_of(".[", i);
      if (end == std::string_view::npos) end = path.size();
      next = at->Find(path.substr(i, end - i));
      i = end;
    }
    if (next == nullptr) break;
    at = next;
  }
  return at;
}

struct Want {
  std::string en, ja;
};

Want Expected(Op op, const std::string& other) {
  switch (op) {
    case Op::kEq:
      return {"to be " + other, other + " である必要があります"};
    case Op::kNe:
      return {"not to be " + other, other + " 以外である必要があります"};
    case Op::kLt:
      return {"to be less than " + other, other + " 未満である必要があります"};
    case Op::kLe:
      return {"to be at most " + other, other + " 以下である必要があります"};
    case Op::kGt:
      return {"to be more than " + other, other + " より大きい必要があります"};
    default:
      return {"to be at least " + other, other + " 以上である必要があります"};
  }
}

Op Negate(Op op) {
  switch (op) {
    case Op::kEq:
      return Op::kNe;
    case Op::kNe:
      return Op::kEq;
    case Op::kLt:
      return Op::kGe;
    case Op::kLe:
      return Op::kGt;
    case Op::kGt:
      return Op::kLe;
    default:
      return Op::kLt;
  }
}

Op Mirror(Op op) {  // a < x  is  x > a
  switch (op) {
    case Op::kLt:
      return Op::kGt;
    case Op::kLe:
      return Op::kGe;
    case Op::kGt:
      return Op::kLt;
    case Op::kGe:
      return Op::kLe;
    default:
      return op;
  }
}

std::string Clip(std::string s) {
  if (s.size() > 120) s = s.substr(0, 117) + "...";
  return s;
}

class Explainer {
 public:
  Explainer(const Node& root, int slots, const EvalOptions& options)
      : root_(root), eval_(root, slots, &read_, options) {}

  std::vector<FailedCondition> out;

  void Walk(const Ast& a, bool want, const FailedCondition& item) {
    if (a.op == Op::kNot) return Walk(*a.children[0], !want, item);
    if (a.op == Op::kAnd || a.op == Op::kOr) return Chain(a, want, item);
    std::string_view macro = a.op == Op::kMacro ? Builtins()[size_t(a.builtin)].name : "";
    if ((macro == "all" && want) || (macro == "any" && !want)) return Elements(a, want, item);
    Leaf(a, want, item);
  }

 private:
  Value Eval(const Ast& a) {
    read_.clear();
    eval_.ForgetReads();  // each condition names the paths it read itself
    return eval_.Eval(a);
  }
  static bool Holds(const Value& v, bool want) {
    return v.kind == Value::Kind::kBool && v.boolean == want;
  }

  void Flatten(const Ast& a, Op op, std::vector<const Ast*>& parts) {
    if (a.op != op) return parts.push_back(&a);
    for (const auto& c : a.children) Flatten(*c, op, parts);
  }

  // `a && b` must be true: each part that is not true failed. `a || b` must be true: every part
  // failed (all are listed). The mirror images hold under '!'.
  void Chain(const Ast& a, bool want, const FailedCondition& item) {
    std::vector<const Ast*> parts;
    Flatten(a, a.op, parts);
    bool every_part_must = (a.op == Op::kAnd) == want;
    std::vector<const Ast*> failed;
    for (const Ast* p : parts) {
      Value v = Eval(*p);
      if (v.kind == Value::Kind::kError) continue;
      if (!Holds(v, want)) {
        failed.push_back(p);
      } else if (!every_part_must) {
        return;  // one part suffices and it holds: nothing failed here
      }
    }
    for (const Ast* p : failed) Walk(*p, want, item);
  }

  // all(list, x, p) must hold: each element where p does not hold failed, named by its id.
  void Elements(const Ast& a, bool want, const FailedCondition& item) {
    Value list = Eval(*a.children[0]);
    if (list.kind != Value::Kind::kList) return Leaf(a, want, item);
    for (size_t i = 0; i < list.ListSize(); ++i) {
      Value element = list.ListAt(i);
      FailedCondition context = item;
      context.item_path = element.path.str();
      context.item.clear();
      if (element.kind == Value::Kind::kString && element.path.empty()) {
        context.item = std::string(element.string);
      } else if (element.node != nullptr && element.node->is_map()) {
        for (const char* key : {"id", "name"}) {
          const Node* n = element.node->Find(key);
          if (n != nullptr && n->kind == NodeKind::kString) {
            context.item = n->text;
            break;
          }
        }
      }
      eval_.Bind(a.slot, std::move(element));
      Value v = Eval(*a.children[2]);
      if (v.kind != Value::Kind::kError && !Holds(v, want)) Walk(*a.children[2], want, context);
    }
  }

  // Whether a value was read from the document (or should have been): a sentence is about it.
  bool FromDocument(const Ast& a) {
    Value v = Eval(a);
    return v.node != nullptr || v.kind == Value::Kind::kMissing || !read_.empty();
  }

  // The other side of a comparison, as the sentence quotes it: a bound variable by its value.
  std::string OtherText(const Ast& other) {
    if (other.op == Op::kIdent && other.slot >= 0) {
      Value v = Eval(other);
      if (v.node == nullptr && v.kind == Value::Kind::kString) return QuoteString(v.string);
      if (v.node == nullptr && !v.absent_or_error()) return NodeToJson(ToNode(v));
    }
    return Unparse(other);
  }

  void Leaf(const Ast& a, bool want, const FailedCondition& item) {
    FailedCondition f = item;
    f.condition = Unparse(a);
    f.wanted = want;
    bool subject_left = true;
    if ((IsCompare(a.op) || a.op == Op::kIn) && a.children.size() == 2)
      subject_left = !IsLiteral(*a.children[0]) &&
                     (FromDocument(*a.children[0]) || !FromDocument(*a.children[1]));
    const Ast* subject = (IsCompare(a.op) || a.op == Op::kIn) && a.children.size() == 2
                             ? SubjectOf(*a.children[subject_left ? 0 : 1])
                             : SubjectOf(a);
    Value seen = subject != nullptr ? Eval(*subject) : Value{};
    if (subject != nullptr) {
      f.subject = IsPathOp(subject->op) && !seen.path.empty() ? seen.path.str() : Unparse(*subject);
      if (seen.kind == Value::Kind::kMissing) {
        f.absent = true;
        f.path = seen.path.str();
        f.nearest = NearestPresent(root_, seen.path.view());
      } else if (seen.kind != Value::Kind::kError) {
        f.observed = NodeToJson(ToNode(seen));
        f.node = seen.node;
        f.path = seen.node != nullptr ? seen.path.str() : "";
        if (f.node == nullptr && !read_.empty())
          f.path = read_.front().path, f.node = read_.front().node;
      }
    }
    f.pattern = Pattern(f.path);
    std::string other;
    if ((IsCompare(a.op) || a.op == Op::kIn) && a.children.size() == 2)
      other = OtherText(*a.children[subject_left ? 1 : 0]);
    Phrase(a, subject, subject_left, other, want, f);
    // An absent value is said once, however many conditions read it.
    if (f.absent && std::any_of(out.begin(), out.end(), [&](const FailedCondition& o) {
          return o.absent && o.path == f.path;
        }))
      return;
    out.push_back(std::move(f));
  }

  static void Phrase(const Ast& a, const Ast* subject, bool subject_left, const std::string& other,
                     bool want, FailedCondition& f) {
    Want w{want ? "to be true" : "to be false",
           want ? "true である必要があります" : "false である必要があります"};
    bool plain = subject == &a ||
                 (a.op == Op::kCall && CallName(a) != "exists" && IsTransparent(CallName(a)));
    if (IsCompare(a.op) && a.children.size() == 2) {
      Op op = subject_left ? a.op : Mirror(a.op);
      w = Expected(want ? op : Negate(op), other);
      plain = true;
    } else if (a.op == Op::kIn && a.children.size() == 2) {
      if (subject_left)
        w = want ? Want{"to be one of " + other, other + " のいずれかである必要があります"}
                 : Want{"to be none of " + other, other + " のいずれでもない必要があります"};
      else
        w = want ? Want{"to contain " + other, other + " を含む必要があります"}
                 : Want{"not to contain " + other, other + " を含まない必要があります"};
      plain = true;
    } else if (CallName(a) == "exists") {
      w = want ? Want{"to be present", "宣言されている必要があります"}
               : Want{"to be absent", "宣言されていない必要があります"};
      plain = true;
    }
    f.expected_en = w.en;
    f.expected_ja = w.ja;
    std::string prefix;
    std::string name = f.subject.empty() ? f.condition : f.subject;
    if (!f.item_path.empty()) {
      prefix = f.item_path + (f.item.empty() ? "" : " (" + f.item + ")") + ": ";
      if (name.rfind(f.item_path + ".", 0) == 0) name = name.substr(f.item_path.size() + 1);
    }
    std::string value = Clip(f.observed);
    if (f.absent) {
      f.sentence_en = prefix + name + " is absent; the rule needs it " + w.en;
      f.sentence_ja = prefix + name + " がありません。" + w.ja + "。";
    } else if (plain) {
      f.sentence_en = prefix + name + " is " + value + "; the rule needs it " + w.en;
      f.sentence_ja = prefix + name + " は " + value + " です。" + w.ja + "。";
    } else {
      std::string seen = f.subject.empty() ? "" : " (" + name + " is " + value + ")";
      std::string seen_ja = f.subject.empty() ? "" : "(" + name + " は " + value + ")";
      f.sentence_en = prefix + "the condition " + f.condition +
                      (want ? " does not hold" : " holds") + seen + "; the rule needs it " +
                      (want ? "to hold" : "not to hold");
      f.sentence_ja = prefix + "条件 " + f.condition +
                      (want ? " が成り立ちません" : " が成り立ちます") + seen_ja + "。" +
                      (want ? "成り立つ必要があります。" : "成り立たない必要があります。");
    }
  }

  const Node& root_;
  std::vector<EvidenceRef> read_;
  Evaluator eval_;
};

}  // namespace

std::vector<FailedCondition> ExplainProgram(const Ast& root_ast, int slots, const Node& root,
                                            const EvalOptions& options) {
  Explainer explainer(root, slots, options);
  explainer.Walk(root_ast, true, FailedCondition{});
  return std::move(explainer.out);
}

}  // namespace checker::expr
