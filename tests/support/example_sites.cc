#include "support/example_sites.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

namespace checker::test {

namespace {

std::string Src(const std::string& rel) { return SourceDir() + "/" + rel; }

}  // namespace

ExampleSites& ExampleSites::Get() {
  static ExampleSites sites;
  return sites;
}

ExampleSites::ExampleSites() {
  auto r = Run({"/bin/bash", Src("scripts/example-sites.sh"), "start", dir_.path().string()});
  if (r.exit_code != 0) FAIL("example sites did not start: " << r.err);
  std::istringstream ports(ReadText(dir_.path() / "ports"));
  std::string vendor;
  int https, http;
  while (ports >> vendor >> https >> http) ports_[vendor] = {https, http};
}

ExampleSites::~ExampleSites() {
  Run({"/bin/bash", Src("scripts/example-sites.sh"), "stop", dir_.path().string()});
}

std::vector<std::string> ExampleSites::Targets(const std::string& vendor) const {
  auto [https, http] = ports_.at(vendor);
  std::vector<std::string> out = {"--target",
                                  "web.http=http://127.0.0.1:" + std::to_string(http) + "/"};
  std::ifstream in(Src("examples/" + vendor + "/targets"));
  std::string purpose, path;
  while (in >> purpose >> path)
    out.insert(out.end(),
               {"--target", purpose + "=https://127.0.0.1:" + std::to_string(https) + path});
  return out;
}

std::string ExampleProfile(const std::string& vendor) {
  std::string p = ReadText(Src("examples/" + vendor + "/profile"));
  while (!p.empty() && (p.back() == '\n' || p.back() == ' ')) p.pop_back();
  return p;
}

}  // namespace checker::test
