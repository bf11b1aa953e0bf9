#pragma once
// Calendar dates (proleptic Gregorian, no time zone): the audit date, and the dates rules compare
// with it. Strict: "2026-02-30" is not a date.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace checker {

struct CivilDate {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

/// "YYYY-MM-DD", or the date part of an ISO 8601 date-time ("YYYY-MM-DDThh:mm..."), when it is a
/// day of the calendar; nullopt otherwise.
std::optional<CivilDate> ParseIsoDate(std::string_view text);
/// True when `text` is exactly "YYYY-MM-DD" and a day of the calendar.
bool IsIsoDate(std::string_view text);
std::string FormatIsoDate(const CivilDate& d);

/// Days since 1970-01-01 (negative before).
int64_t DaysFromCivil(const CivilDate& d);
/// `d` moved by whole months; a day past the end of the target month becomes its last day.
CivilDate AddMonths(const CivilDate& d, int months);

/// A span of time as rules write it: "30 days", "2 weeks", "12 months", "1 year".
struct Duration {
  enum class Unit : uint8_t { kDays, kMonths };
  int64_t count = 0;  // in days (weeks are 7 days) or months (years are 12 months)
  Unit unit = Unit::kDays;
};
std::optional<Duration> ParseDuration(std::string_view text);
/// The date `duration` before `d`, and after it.
CivilDate Before(const CivilDate& d, const Duration& duration);
CivilDate After(const CivilDate& d, const Duration& duration);

}  // namespace checker
