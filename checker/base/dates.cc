#include "checker/dates.h"

#include <charconv>
#include <cstdio>

namespace checker {

namespace {

bool Leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && Leap(y) ? 29 : kDays[m - 1];
}

std::optional<int> Digits(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

std::optional<CivilDate> ParseIsoDate(std::string_view text) {
  if (text.size() > 10 && text[10] == 'T') text = text.substr(0, 10);
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = Digits(text.substr(0, 4)), m = Digits(text.substr(5, 2)), d = Digits(text.substr(8, 2));
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1 || *d > DaysInMonth(*y, *m))
    return std::nullopt;
  return CivilDate{*y, *m, *d};
}

bool IsIsoDate(std::string_view text) { return text.size() == 10 && ParseIsoDate(text); }

std::string FormatIsoDate(const CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

// Howard Hinnant's days_from_civil.
int64_t DaysFromCivil(const CivilDate& d) {
  int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = (d.month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate AddMonths(const CivilDate& d, int months) {
  int64_t index = int64_t{d.year} * 12 + (d.month - 1) + months;
  int64_t year = index >= 0 ? index / 12 : (index - 11) / 12;
  CivilDate out{static_cast<int>(year), static_cast<int>(index - year * 12) + 1, d.day};
  if (out.day > DaysInMonth(out.year, out.month)) out.day = DaysInMonth(out.year, out.month);
  return out;
}

std::optional<Duration> ParseDuration(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  size_t space = text.find(' ');
  if (space == std::string_view::npos || space == 0) return std::nullopt;
  std::string_view number = text.substr(0, space), unit = text.substr(space + 1);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  int64_t count = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), count);
  if (ec != std::errc() || end != number.data() + number.size() || count < 0 || count > 100000)
    return std::nullopt;
  if (unit.size() > 1 && unit.back() == 's') unit.remove_suffix(1);
  if (unit == "day") return Duration{count, Duration::Unit::kDays};
  if (unit == "week") return Duration{count * 7, Duration::Unit::kDays};
  if (unit == "month") return Duration{count, Duration::Unit::kMonths};
  if (unit == "year") return Duration{count * 12, Duration::Unit::kMonths};
  return std::nullopt;
}

CivilDate Before(const CivilDate& d, const Duration& duration) {
  if (duration.unit == Duration::Unit::kMonths)
    return AddMonths(d, -static_cast<int>(duration.count));
  // Back to a date through the day count (civil_from_days).
  int64_t z = DaysFromCivil(d) - duration.count + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

CivilDate After(const CivilDate& d, const Duration& duration) {
  return Before(d, Duration{-duration.count, duration.unit});
}

}  // namespace checker
