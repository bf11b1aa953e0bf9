#include "expr/builtins.h"

#include <array>

namespace checker::expr {

namespace {

constexpr Type D = Type::kDyn, S = Type::kString, L = Type::kList, N = Type::kNumber,
               B = Type::kBool, M = Type::kMap;

Value WrongType(const Value& v, const char* expected, const Ast& call) {
  Position at = v.node != nullptr ? v.node->position : Position{};
  return Value::Error(std::string(call.text) + "() expects " + expected + ", found " + Describe(v),
                      at);
}

uint32_t CodePoints(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

Value Len(std::span<const Value> a, const Ast& call) {
  switch (a[0].kind) {
    case Value::Kind::kString:
      return Value::Number(CodePoints(a[0].string));
    case Value::Kind::kList:
      return Value::Number(static_cast<double>(a[0].ListSize()));
    case Value::Kind::kMap:
      return Value::Number(static_cast<double>(a[0].node->members.size()));
    default:
      return WrongType(a[0], "a string, list or map", call);
  }
}

Value Matches(std::span<const Value> a, const Ast& call) {
  if (a[0].kind != Value::Kind::kString) return WrongType(a[0], "a string", call);
  if (call.regex) return Value::Bool(RE2::PartialMatch(a[0].string, *call.regex));
  if (a[1].kind != Value::Kind::kString) return WrongType(a[1], "a pattern string", call);
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(1 << 20);
  RE2 re(a[1].string, options);
  if (!re.ok()) return Value::Error("invalid regular expression: " + re.error());
  return Value::Bool(RE2::PartialMatch(a[0].string, re));
}

template <bool kStart>
Value Affix(std::span<const Value> a, const Ast& call) {
  if (a[0].kind != Value::Kind::kString) return WrongType(a[0], "a string", call);
  if (a[1].kind != Value::Kind::kString) return WrongType(a[1], "a string", call);
  std::string_view s = a[0].string, p = a[1].string;
  if (p.size() > s.size()) return Value::Bool(false);
  return Value::Bool(kStart ? s.substr(0, p.size()) == p : s.substr(s.size() - p.size()) == p);
}

Value Contains(std::span<const Value> a, const Ast& call) {
  if (a[0].kind == Value::Kind::kString) {
    if (a[1].kind != Value::Kind::kString) return WrongType(a[1], "a string", call);
    return Value::Bool(a[0].string.find(a[1].string) != std::string_view::npos);
  }
  if (a[0].kind == Value::Kind::kList) {
    for (size_t i = 0; i < a[0].ListSize(); ++i)
      if (Equal(a[0].ListAt(i), a[1])) return Value::Bool(true);
    return Value::Bool(false);
  }
  return WrongType(a[0], "a string or list", call);
}

template <bool kUpper>
Value Case(std::span<const Value> a, const Ast& call) {
  if (a[0].kind != Value::Kind::kString) return WrongType(a[0], "a string", call);
  std::string s(a[0].string);
  for (char& c : s) {
    if (kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!kUpper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Value::OwnedString(std::move(s));
}

Value Keys(std::span<const Value> a, const Ast& call) {
  if (a[0].kind != Value::Kind::kMap) return WrongType(a[0], "a map", call);
  Value out;
  out.kind = Value::Kind::kList;
  out.list = std::make_shared<std::vector<Value>>();
  for (const auto& m : a[0].node->members) {
    Value k;
    k.kind = Value::Kind::kString;
    k.string = m.key;
    out.list->push_back(std::move(k));
  }
  return out;
}

Value TypeOf(std::span<const Value> a, const Ast&) {
  Value v;
  v.kind = Value::Kind::kString;
  v.string = KindName(a[0].kind);
  return v;
}

constexpr std::array kBuiltins = {
    Builtin{"exists",
            Form::kExists,
            1,
            1,
            {D},
            B,
            nullptr,
            "true when the path is present in the document (even as null)"},
    Builtin{"default",
            Form::kDefault,
            2,
            2,
            {D, D},
            D,
            nullptr,
            "the value at the path, or the second argument when the path is absent"},
    Builtin{"all",
            Form::kAll,
            3,
            3,
            {L, D, B},
            B,
            nullptr,
            "true when the predicate holds for every element (true for an empty list)"},
    Builtin{"any",
            Form::kAny,
            3,
            3,
            {L, D, B},
            B,
            nullptr,
            "true when the predicate holds for at least one element"},
    Builtin{"count",
            Form::kCount,
            3,
            3,
            {L, D, B},
            N,
            nullptr,
            "the number of elements for which the predicate holds"},
    Builtin{"filter",
            Form::kFilter,
            3,
            3,
            {L, D, B},
            L,
            nullptr,
            "the elements for which the predicate holds"},
    Builtin{"len",
            Form::kFunction,
            1,
            1,
            {D},
            N,
            Len,
            "length of a string (in characters), a list or a map"},
    Builtin{"matches",
            Form::kFunction,
            2,
            2,
            {S, S},
            B,
            Matches,
            "true when the RE2 pattern matches anywhere in the string"},
    Builtin{"startsWith",
            Form::kFunction,
            2,
            2,
            {S, S},
            B,
            Affix<true>,
            "true when the string starts with the prefix"},
    Builtin{"endsWith",
            Form::kFunction,
            2,
            2,
            {S, S},
            B,
            Affix<false>,
            "true when the string ends with the suffix"},
    Builtin{"contains",
            Form::kFunction,
            2,
            2,
            {D, D},
            B,
            Contains,
            "substring of a string, or element of a list"},
    Builtin{"lower", Form::kFunction, 1, 1, {S}, S, Case<false>, "ASCII lower case"},
    Builtin{"upper", Form::kFunction, 1, 1, {S}, S, Case<true>, "ASCII upper case"},
    Builtin{"keys", Form::kFunction, 1, 1, {M}, L, Keys, "the keys of a map, in document order"},
    Builtin{"type",
            Form::kFunction,
            1,
            1,
            {D},
            S,
            TypeOf,
            "the type name: null, bool, number, string, list or map"},
    Builtin{"days_since",
            Form::kDated,
            1,
            1,
            {S},
            N,
            nullptr,
            "days from a date (YYYY-MM-DD) to the audit date; negative for a later date"},
    Builtin{"months_since",
            Form::kDated,
            1,
            1,
            {S},
            N,
            nullptr,
            "whole calendar months from a date to the audit date"},
    Builtin{"within",
            Form::kDated,
            2,
            2,
            {S, S},
            B,
            nullptr,
            "true when a date lies within a duration ('12 months', '365 days') before the audit "
            "date, the audit date included; a later date is not within"},
};

}  // namespace

std::span<const Builtin> Builtins() { return kBuiltins; }

int FindBuiltin(std::string_view name) {
  for (size_t i = 0; i < kBuiltins.size(); ++i)
    if (kBuiltins[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace checker::expr
