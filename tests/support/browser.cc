#include "support/browser.h"

namespace checker::test {

std::string Chromium() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"})
    if (std::filesystem::exists(p)) return p;
  return "";
}

std::vector<std::string> ChromiumCommand(const std::string& chromium,
                                         const std::filesystem::path& profile_dir) {
  return {chromium,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--no-first-run",
          "--disable-component-update",
          "--disable-sync",
          "--user-data-dir=" + profile_dir.string()};
}

RunResult DumpDom(const std::string& chromium, const std::filesystem::path& profile_dir,
                  const std::filesystem::path& file) {
  auto command = ChromiumCommand(chromium, profile_dir);
  command.insert(command.end(), {"--virtual-time-budget=2000", "--dump-dom",
                                 "file://" + std::filesystem::absolute(file).string()});
  return Run(command);
}

}  // namespace checker::test
