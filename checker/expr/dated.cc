// The builtins that compare a date with the audit date. A rule that needs the audit date and has
// none errs: a cut-off that silently passed would certify what nobody checked.

#include "checker/dates.h"

#include "expr/builtins.h"

namespace checker::expr {

namespace {

Position PositionOf(const Value& v) { return v.node != nullptr ? v.node->position : Position{}; }

}  // namespace

Value CallDated(const Builtin& b, std::span<const Value> args, std::string_view today,
                const Ast& /*call*/) {
  std::string name(b.name);
  auto audit = ParseIsoDate(today);
  if (!audit)
    return Value::Error(name + "() compares with the audit date, and " +
                        (today.empty() ? std::string("none was given (checker audit --today DATE)")
                                       : "'" + std::string(today) + "' is not a date"));
  const Value& date = args[0];
  if (date.kind != Value::Kind::kString)
    return Value::Error(name + "() expects a date YYYY-MM-DD, found " + Describe(date),
                        PositionOf(date));
  auto when = ParseIsoDate(date.string);
  if (!when)
    return Value::Error(name + "() expects a date YYYY-MM-DD, found '" +
                            std::string(date.string.substr(0, 40)) + "'" +
                            (date.path.empty() ? "" : " at " + date.path.str()),
                        PositionOf(date));
  int64_t days = DaysFromCivil(*audit) - DaysFromCivil(*when);
  if (b.name == "days_since") return Value::Number(static_cast<double>(days));
  if (b.name == "months_since") {
    // Counted back from the audit date, as within() counts: the most whole months m for which
    // the audit date less m months is still on or after the date.
    int months = (audit->year - when->year) * 12 + (audit->month - when->month);
    if (DaysFromCivil(AddMonths(*audit, -months)) < DaysFromCivil(*when)) --months;
    return Value::Number(months);
  }
  // within(date, duration)
  if (args[1].kind != Value::Kind::kString)
    return Value::Error(
        "within() expects a duration such as '12 months', found " + Describe(args[1]),
        PositionOf(args[1]));
  auto span = ParseDuration(args[1].string);
  if (!span)
    return Value::Error("within() expects a duration such as '12 months' or '365 days', found '" +
                            std::string(args[1].string.substr(0, 40)) + "'",
                        PositionOf(args[1]));
  int64_t earliest = DaysFromCivil(Before(*audit, *span));
  int64_t at = DaysFromCivil(*when);
  return Value::Bool(at >= earliest && days >= 0);
}

}  // namespace checker::expr
