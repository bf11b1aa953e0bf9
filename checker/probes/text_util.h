#pragma once
// Small text helpers for header parsing.

#include <string>
#include <string_view>
#include <vector>

namespace checker::probes {

std::string_view Trim(std::string_view s);
std::string Lower(std::string_view s);
/// Splits on `sep`, trimming each part and dropping empty ones.
std::vector<std::string_view> Split(std::string_view s, char sep);
bool IEquals(std::string_view a, std::string_view b);

}  // namespace checker::probes
