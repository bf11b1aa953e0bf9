#pragma once
// A small command-line parser: each command declares its options in a table; unknown options and
// missing values are usage errors with a one-line hint.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace checker::cli {

struct OptionSpec {
  std::string_view name;        // without the leading "--"
  std::string_view value_name;  // empty for a flag
  std::string_view help;
  bool repeatable = false;
};

struct Args {
  std::map<std::string, std::vector<std::string>, std::less<>> values;
  std::vector<std::string> positional;

  bool Has(std::string_view name) const { return values.count(name) != 0; }
  std::string Get(std::string_view name, std::string fallback = "") const;
  std::vector<std::string> All(std::string_view name) const;
};

/// Parses args (after the command name). --help and --version are always accepted as flags.
std::optional<Args> ParseArgs(std::span<const std::string> args, std::span<const OptionSpec> spec,
                              std::string* error);

/// "Usage: checker CMD SYNOPSIS\n\nDESCRIPTION\n\nOptions:\n  --x VALUE  help\n ..."
std::string FormatHelp(std::string_view command, std::string_view synopsis,
                       std::string_view description, std::span<const OptionSpec> spec);

}  // namespace checker::cli
