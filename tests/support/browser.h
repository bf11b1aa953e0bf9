#pragma once
// Headless Chromium (Debian's chromium, installed by scripts/run.sh) for tests that open what
// checker writes in a real browser: the DOM after scripts ran, or a screenshot.

#include <filesystem>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace checker::test {

/// The Chromium executable, or "" when none is installed.
std::string Chromium();

/// The command line that starts headless Chromium with a profile in `profile_dir`, no network
/// services of its own and no first-run work; append the action and the URL.
std::vector<std::string> ChromiumCommand(const std::string& chromium,
                                         const std::filesystem::path& profile_dir);

/// Opens `file` and prints its DOM (out) after scripts had 2 s of virtual time to run.
RunResult DumpDom(const std::string& chromium, const std::filesystem::path& profile_dir,
                  const std::filesystem::path& file);

}  // namespace checker::test
