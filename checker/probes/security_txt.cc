// security.txt (RFC 9116): fields, the required Contact and Expires, and date handling.

#include <ctime>

#include "checker/http_facts.h"

#include "probes/text_util.h"

namespace checker {

using probes::Lower;
using probes::Trim;

std::optional<int64_t> ParseRfc3339(std::string_view s) {
  s = Trim(s);
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
  auto digits = [&](size_t pos, size_t n) -> std::optional<int> {
    if (pos + n > s.size()) return std::nullopt;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  auto hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2);
  if (!year || !month || !day || !hour || !minute || !second || s.size() < 20 || s[4] != '-' ||
      s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
    return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60)
    return std::nullopt;
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
  }
  int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    auto oh = digits(pos + 1, 2), om = digits(pos + 4, 2);
    if (!oh || !om || pos + 3 >= s.size() || s[pos + 3] != ':') return std::nullopt;
    offset = (s[pos] == '+' ? 1 : -1) * (*oh * 3600 + *om * 60);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = *year - 1900;
  tm.tm_mon = *month - 1;
  tm.tm_mday = *day;
  tm.tm_hour = *hour;
  tm.tm_min = *minute;
  tm.tm_sec = *second;
  return static_cast<int64_t>(timegm(&tm)) - offset;
}

SecurityTxt ParseSecurityTxt(std::string_view text, int64_t now) {
  SecurityTxt t;
  if (text.size() > 32 * 1024) {
    t.problems.push_back("larger than 32 KiB");
    return t;
  }
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("-----BEGIN PGP", 0) == 0 || line.rfind("-----END PGP", 0) == 0 ||
        line.rfind("Hash:", 0) == 0)
      continue;  // a signed file: the armour is not a field
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      t.problems.push_back("not a field: '" + std::string(line.substr(0, 60)) + "'");
      continue;
    }
    std::string name = Lower(Trim(line.substr(0, colon)));
    std::string value(Trim(line.substr(colon + 1)));
    if (name == "contact")
      t.contacts.push_back(value);
    else if (name == "expires")
      t.expires.push_back(value);
    else if (name == "canonical")
      t.canonical.push_back(value);
  }
  if (t.contacts.empty()) t.problems.push_back("no Contact field (required)");
  t.expires_once = t.expires.size() == 1;
  if (t.expires.empty()) t.problems.push_back("no Expires field (required)");
  if (t.expires.size() > 1) t.problems.push_back("Expires appears more than once");
  if (t.expires_once) {
    t.expires_epoch = ParseRfc3339(t.expires[0]);
    if (!t.expires_epoch) {
      t.problems.push_back("Expires is not an RFC 3339 date-time");
    } else {
      t.expires_in_future = *t.expires_epoch > now;
      t.expires_within_year = *t.expires_epoch - now <= 366LL * 24 * 3600;
      if (!t.expires_in_future)
        t.problems.push_back("Expires is in the past: the file must be ignored");
    }
  }
  t.valid = !t.contacts.empty() && t.expires_once && t.expires_in_future;
  return t;
}

}  // namespace checker
