#include "cli/options.h"

#include <algorithm>

namespace checker::cli {

std::string Args::Get(std::string_view name, std::string fallback) const {
  auto it = values.find(name);
  return it == values.end() || it->second.empty() ? fallback : it->second.back();
}

std::vector<std::string> Args::All(std::string_view name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

std::optional<Args> ParseArgs(std::span<const std::string> args, std::span<const OptionSpec> spec,
                              std::string* error) {
  Args out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 3 || a.rfind("--", 0) != 0) {
      if (a.size() > 1 && a[0] == '-' && a != "-") {
        *error = "unknown option '" + a + "' (options are spelled --name)";
        return std::nullopt;
      }
      out.positional.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    std::optional<std::string> inline_value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (name == "help" || name == "version") {
      out.values[name].push_back("");
      continue;
    }
    auto it =
        std::find_if(spec.begin(), spec.end(), [&](const OptionSpec& s) { return s.name == name; });
    if (it == spec.end()) {
      *error = "unknown option '--" + name + "'";
      return std::nullopt;
    }
    if (it->value_name.empty()) {
      if (inline_value) {
        *error = "option '--" + name + "' takes no value";
        return std::nullopt;
      }
      out.values[name].push_back("");
      continue;
    }
    std::string value;
    if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      *error = "option '--" + name + "' needs a value (" + std::string(it->value_name) + ")";
      return std::nullopt;
    }
    if (!it->repeatable && out.Has(name)) {
      *error = "option '--" + name + "' is given twice";
      return std::nullopt;
    }
    out.values[name].push_back(std::move(value));
  }
  return out;
}

std::string FormatHelp(std::string_view command, std::string_view synopsis,
                       std::string_view description, std::span<const OptionSpec> spec) {
  std::string out = "Usage: checker " + std::string(command) + " " + std::string(synopsis) +
                    "\n\n" + std::string(description) + "\n\nOptions:\n";
  size_t width = 0;
  auto left = [](const OptionSpec& s) {
    return "--" + std::string(s.name) +
           (s.value_name.empty() ? "" : " " + std::string(s.value_name));
  };
  for (const auto& s : spec) width = std::max(width, left(s).size());
  width = std::max<size_t>(width, 9);
  for (const auto& s : spec) {
    std::string l = left(s);
    out += "  " + l + std::string(width - l.size() + 2, ' ') + std::string(s.help) +
           (s.repeatable ? " (repeatable)" : "") + "\n";
  }
  out += "  --help" + std::string(width - 4, ' ') + "show this help\n";
  out += "  --version" + std::string(width - 7, ' ') + "show the version\n";
  return out;
}

}  // namespace checker::cli
