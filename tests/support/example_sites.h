#pragma once
// The example vendors' endpoints (examples/*/site), served by a real nginx on 127.0.0.1 through
// scripts/example-sites.sh (the script the demo uses): started once per test process, stopped at
// exit.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/test_support.h"

namespace checker::test {

class ExampleSites {
 public:
  static ExampleSites& Get();
  ~ExampleSites();
  ExampleSites(const ExampleSites&) = delete;
  ExampleSites& operator=(const ExampleSites&) = delete;

  /// `checker audit` arguments that point the vendor's endpoints at its site: --target
  /// web.http=http://127.0.0.1:PORT/ and one --target PURPOSE=https://127.0.0.1:PORT/PATH for each
  /// line of examples/VENDOR/targets.
  std::vector<std::string> Targets(const std::string& vendor) const;
  /// The CA that signed the sites' certificates.
  std::string ca() const { return (dir_.path() / "pki/ca.crt").string(); }

 private:
  ExampleSites();
  TempDir dir_;
  std::map<std::string, std::pair<int, int>> ports_;
};

/// The profile examples/VENDOR/profile names.
std::string ExampleProfile(const std::string& vendor);

}  // namespace checker::test
