#include "expr/evaluator.h"

#include <cmath>
#include <optional>

#include "expr/builtins.h"

namespace checker::expr {

namespace {

Position PositionOf(const Value& v) { return v.node != nullptr ? v.node->position : Position{}; }

// `base.name`, built at run time (a member of a list element or a bound variable).
PathText MemberPath(const PathText& base, std::string_view name) {
  std::string path;
  path.reserve(base.size() + 1 + name.size());
  path.append(base.view());
  if (!path.empty()) path += '.';
  path.append(name);
  return PathText(std::move(path));
}

Value MakeList(std::vector<Value> items, bool projected) {
  Value v;
  v.kind = Value::Kind::kList;
  v.list = std::make_shared<std::vector<Value>>(std::move(items));
  v.projected = projected;
  return v;
}

}  // namespace

Value CombineMissing(const Value& a, const Value& b) {
  Value out = a;
  out.more_missing.push_back(b.path.str());
  out.more_missing.insert(out.more_missing.end(), b.more_missing.begin(), b.more_missing.end());
  return out;
}

const Value* FirstAbsent(const Value& a, const Value& b) {
  if (a.kind == Value::Kind::kError) return &a;
  if (b.kind == Value::Kind::kError) return &b;
  if (a.kind == Value::Kind::kMissing) return &a;
  if (b.kind == Value::Kind::kMissing) return &b;
  return nullptr;
}

// Counts one step; false once the budget is spent or the run is cancelled (checked every 1024
// steps: an atomic load per step would cost more than the step).
bool Evaluator::Step() {
  if (stopped_) return false;
  ++steps_;
  if (options_.max_steps != 0 && steps_ > options_.max_steps) {
    stopped_ = true;
    stop_reason_ = "evaluation stopped after " + std::to_string(options_.max_steps) +
                   " steps (the step budget of one rule)";
  } else if (options_.cancel != nullptr && (steps_ & 1023) == 1 && options_.cancel->load()) {
    stopped_ = true;
    stop_reason_ = "evaluation interrupted";
  }
  return !stopped_;
}

Value Evaluator::Eval(const Ast& a) {
  if (!Step()) return Value::Error(stop_reason_);
  switch (a.op) {
    case Op::kNull:
      return Value{};
    case Op::kBool:
      return Value::Bool(a.boolean);
    case Op::kNumber:
      return Value::Number(a.number);
    case Op::kString: {
      Value v;
      v.kind = Value::Kind::kString;
      v.string = a.text;
      return v;
    }
    case Op::kList: {
      std::vector<Value> items;
      items.reserve(a.children.size());
      for (const auto& c : a.children) {
        Value v = Eval(*c);
        if (v.absent_or_error()) return v;
        items.push_back(std::move(v));
      }
      return MakeList(std::move(items), false);
    }
    case Op::kIdent:
    case Op::kMember:
    case Op::kIndex:
    case Op::kProject:
      return Path(a);
    case Op::kNot: {
      Value v = Eval(*a.children[0]);
      if (v.absent_or_error()) return v;
      if (v.kind != Value::Kind::kBool)
        return Value::Error("'!' needs a bool, found " + Describe(v), PositionOf(v));
      return Value::Bool(!v.boolean);
    }
    case Op::kNeg: {
      Value v = Eval(*a.children[0]);
      if (v.absent_or_error()) return v;
      if (v.kind != Value::Kind::kNumber)
        return Value::Error("unary '-' needs a number, found " + Describe(v), PositionOf(v));
      return Value::Number(-v.number);
    }
    case Op::kAnd:
    case Op::kOr:
      return Logic(a);
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
      return Compare(a);
    case Op::kIn:
      return In(a);
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv:
      return Arithmetic(a);
    case Op::kCall:
      return Call(a);
    case Op::kMacro:
      return Macro(a);
  }
  return Value::Error("unknown operation");
}

Value Evaluator::Path(const Ast& a) {
  Value v;
  switch (a.op) {
    case Op::kIdent:
      if (a.slot >= 0) return slots_[static_cast<size_t>(a.slot)];
      if (const Node* n = root_.Find(a.text)) {
        v = Value::FromNode(*n, PathText::View(a.path));
      } else {
        return Value::Missing(PathText::View(a.path));
      }
      break;
    case Op::kMember: {
      Value base = Eval(*a.children[0]);
      if (base.kind == Value::Kind::kMissing && !base.projected) {
        // Name the whole path the rule needs, not only its first absent key.
        base.path =
            a.path.empty() ? PathText(base.path.str() + "." + a.text) : PathText::View(a.path);
        return base;
      }
      if (base.absent_or_error()) return base;
      v = Member(a, base);
      break;
    }
    case Op::kIndex: {
      Value base = Eval(*a.children[0]);
      if (base.absent_or_error()) return base;
      Value index = Eval(*a.children[1]);
      if (index.absent_or_error()) return index;
      v = Index(a, base, index);
      break;
    }
    case Op::kProject: {
      Value base = Eval(*a.children[0]);
      if (base.absent_or_error()) return base;
      if (base.kind != Value::Kind::kList)
        return Value::Error("[*] needs a list, found " + Describe(base), PositionOf(base));
      std::vector<Value> items;
      for (size_t i = 0; i < base.ListSize(); ++i) items.push_back(base.ListAt(i));
      v = MakeList(std::move(items), true);
      v.path = PathText(base.path.str() + "[*]");
      return v;
    }
    default:
      break;
  }
  Record(v);
  return v;
}

Value Evaluator::Member(const Ast& a, const Value& base) {
  if (base.kind == Value::Kind::kList && base.projected) {  // projection: map over elements
    std::vector<Value> items;
    for (const Value& element : *base.list) {
      Value item = Member(a, element);
      if (item.absent_or_error()) return item;
      Record(item);
      items.push_back(std::move(item));
    }
    return MakeList(std::move(items), true);
  }
  if (base.kind != Value::Kind::kNull && base.kind != Value::Kind::kMap)
    return Value::Error("cannot read '" + a.text + "' of " + Describe(base), PositionOf(base));
  const Node* n = base.kind == Value::Kind::kMap ? base.node->Find(a.text) : nullptr;
  PathText path = a.path.empty() ? MemberPath(base.path, a.text) : PathText::View(a.path);
  if (n == nullptr) return Value::Missing(std::move(path));
  return Value::FromNode(*n, std::move(path));
}

Value Evaluator::Index(const Ast&, const Value& base, const Value& index) {
  if (base.kind == Value::Kind::kMap && index.kind == Value::Kind::kString) {
    PathText path(base.path.str() + "[\"" + std::string(index.string) + "\"]");
    const Node* n = base.node->Find(index.string);
    if (n == nullptr) return Value::Missing(std::move(path));
    return Value::FromNode(*n, std::move(path));
  }
  if (base.kind == Value::Kind::kNull)
    return Value::Missing(base.path.str() + "[" +
                          (index.kind == Value::Kind::kString ? std::string(index.string)
                                                              : FormatNumber(index.number)) +
                          "]");
  if (base.kind != Value::Kind::kList)
    return Value::Error("cannot index " + Describe(base), PositionOf(base));
  if (index.kind != Value::Kind::kNumber || index.number < 0 ||
      index.number != std::floor(index.number))
    return Value::Error("a list index must be a whole number, found " + Describe(index));
  // Compare as a double first: casting a number beyond size_t's range is undefined.
  if (index.number >= static_cast<double>(base.ListSize()))
    return Value::Missing(base.path.str() + "[" + FormatNumber(index.number) + "]");
  size_t i = static_cast<size_t>(index.number);
  if (i >= base.ListSize()) return Value::Missing(base.path.str() + "[" + std::to_string(i) + "]");
  return base.ListAt(i);
}

Value Evaluator::Logic(const Ast& a) {
  bool is_and = a.op == Op::kAnd;
  auto decides = [&](const Value& v) {
    return v.kind == Value::Kind::kBool && v.boolean != is_and;
  };
  Value left = Eval(*a.children[0]);
  if (decides(left)) return left;
  Value right = Eval(*a.children[1]);
  if (decides(right)) return right;
  for (const Value* v : {&left, &right}) {
    if (v->kind == Value::Kind::kError) return *v;
    if (!v->absent_or_error() && v->kind != Value::Kind::kBool)
      return Value::Error(
          std::string(is_and ? "'&&'" : "'||'") + " needs bools, found " + Describe(*v),
          PositionOf(*v));
  }
  if (left.kind == Value::Kind::kMissing && right.kind == Value::Kind::kMissing)
    return CombineMissing(left, right);
  if (left.kind == Value::Kind::kMissing) return left;
  if (right.kind == Value::Kind::kMissing) return right;
  return Value::Bool(is_and);
}

Value Evaluator::Compare(const Ast& a) {
  Value l = Eval(*a.children[0]);
  Value r = Eval(*a.children[1]);
  if (const Value* bad = FirstAbsent(l, r)) {
    if (l.kind == Value::Kind::kMissing && r.kind == Value::Kind::kMissing)
      return CombineMissing(l, r);
    return *bad;
  }
  if (a.op == Op::kEq) return Value::Bool(Equal(l, r));
  if (a.op == Op::kNe) return Value::Bool(!Equal(l, r));
  int order;
  if (l.kind == Value::Kind::kNumber && r.kind == Value::Kind::kNumber) {
    order = l.number < r.number ? -1 : (l.number > r.number ? 1 : 0);
  } else if (l.kind == Value::Kind::kString && r.kind == Value::Kind::kString) {
    order = l.string.compare(r.string);
  } else {
    const Value& culprit = l.node != nullptr ? l : r;
    return Value::Error(
        "cannot compare " + Describe(l) + " with " + Describe(r) + " using " + a.text,
        PositionOf(culprit));
  }
  switch (a.op) {
    case Op::kLt:
      return Value::Bool(order < 0);
    case Op::kLe:
      return Value::Bool(order <= 0);
    case Op::kGt:
      return Value::Bool(order > 0);
    default:
      return Value::Bool(order >= 0);
  }
}

Value Evaluator::In(const Ast& a) {
  Value l = Eval(*a.children[0]);
  Value r = Eval(*a.children[1]);
  if (const Value* bad = FirstAbsent(l, r)) return *bad;
  if (r.kind == Value::Kind::kList) {
    for (size_t i = 0; i < r.ListSize(); ++i) {
      Value item = r.ListAt(i);
      if (Equal(l, item)) {
        RecordMatch(r, item);
        return Value::Bool(true);
      }
    }
    return Value::Bool(false);
  }
  if (r.kind == Value::Kind::kMap && l.kind == Value::Kind::kString)
    return Value::Bool(r.node->Find(l.string) != nullptr);
  if (r.kind == Value::Kind::kString && l.kind == Value::Kind::kString)
    return Value::Bool(r.string.find(l.string) != std::string_view::npos);
  return Value::Error("'in' cannot look for " + Describe(l) + " in " + Describe(r), PositionOf(r));
}

Value Evaluator::Arithmetic(const Ast& a) {
  Value l = Eval(*a.children[0]);
  Value r = Eval(*a.children[1]);
  if (const Value* bad = FirstAbsent(l, r)) return *bad;
  if (a.op == Op::kAdd && l.kind == Value::Kind::kString && r.kind == Value::Kind::kString)
    return Value::OwnedString(std::string(l.string) + std::string(r.string));
  if (l.kind != Value::Kind::kNumber || r.kind != Value::Kind::kNumber) {
    const Value& culprit = l.kind != Value::Kind::kNumber ? l : r;
    return Value::Error(a.text + " needs numbers, found " + Describe(culprit), PositionOf(culprit));
  }
  switch (a.op) {
    case Op::kAdd:
      return Value::Number(l.number + r.number);
    case Op::kSub:
      return Value::Number(l.number - r.number);
    case Op::kMul:
      return Value::Number(l.number * r.number);
    default:
      if (r.number == 0) return Value::Error("division by zero", PositionOf(r));
      return Value::Number(l.number / r.number);
  }
}

Value Evaluator::Call(const Ast& a) {
  const Builtin& b = Builtins()[static_cast<size_t>(a.builtin)];
  if (b.form == Form::kExists || b.form == Form::kDefault) {
    Value v = Eval(*a.children[0]);
    if (v.kind != Value::Kind::kMissing)
      return b.form == Form::kExists && v.kind != Value::Kind::kError ? Value::Bool(true) : v;
    if (absent_read_ != nullptr) absent_read_->push_back(v.path.str());
    return b.form == Form::kExists ? Value::Bool(false) : Eval(*a.children[1]);
  }
  Value args[3];
  for (size_t i = 0; i < a.children.size(); ++i) {
    args[i] = Eval(*a.children[i]);
    if (args[i].absent_or_error()) return args[i];
  }
  std::span<const Value> given(args, a.children.size());
  if (b.form == Form::kDated) return CallDated(b, given, options_.today, a);
  return b.fn(given, a);
}

Value Evaluator::Macro(const Ast& a) {
  const Builtin& b = Builtins()[static_cast<size_t>(a.builtin)];
  Value list = Eval(*a.children[0]);
  if (list.absent_or_error()) return list;
  if (list.kind != Value::Kind::kList)
    return Value::Error(std::string(b.name) + "() needs a list, found " + Describe(list),
                        PositionOf(list));
  Value& slot = slots_[static_cast<size_t>(a.slot)];
  size_t hits = 0;
  std::vector<Value> kept;
  std::optional<Value> undecided;  // first missing or error among elements
  for (size_t i = 0; i < list.ListSize(); ++i) {
    if (stopped_) return Value::Error(stop_reason_);
    slot = list.ListAt(i);
    Value v = Eval(*a.children[2]);
    if (v.absent_or_error()) {
      if (!undecided || (v.kind == Value::Kind::kError && undecided->kind != Value::Kind::kError))
        undecided = v;
      else if (v.kind == Value::Kind::kMissing && undecided->kind == Value::Kind::kMissing)
        undecided = CombineMissing(*undecided, v);  // name every absent path, not the first
      continue;
    }
    if (v.kind != Value::Kind::kBool)
      return Value::Error(std::string(b.name) + "() predicate must give a bool, gave " +
                          Describe(v));
    if (v.boolean) {
      ++hits;
      if (b.form == Form::kAny) {
        RecordMatch(list, slot);
        return Value::Bool(true);
      }
      if (b.form == Form::kFilter) kept.push_back(slot);
    } else if (b.form == Form::kAll) {
      return Value::Bool(false);
    }
  }
  if (undecided) return *undecided;
  switch (b.form) {
    case Form::kAll:
      return Value::Bool(true);
    case Form::kAny:
      return Value::Bool(false);
    case Form::kCount:
      return Value::Number(static_cast<double>(hits));
    default:
      return MakeList(std::move(kept), false);
  }
}

}  // namespace checker::expr
