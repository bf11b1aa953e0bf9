#pragma once
// A test certificate authority and server certificates, made with the openssl command-line tool:
// a good leaf for 127.0.0.1/localhost, an expired one, one for the wrong host, a self-signed one,
// and a client certificate.

#include <filesystem>
#include <string>

namespace checker::test {

struct TestPki {
  std::filesystem::path dir;
  std::string ca_cert;
  std::string good_cert, good_key;
  std::string expired_cert, expired_key;
  std::string wrong_host_cert, wrong_host_key;
  std::string self_signed_cert, self_signed_key;
  std::string client_cert, client_key;  // a client (clientAuth) certificate from the same CA
};

/// Creates the PKI under `dir`; throws std::runtime_error naming the failed openssl step.
TestPki MakeTestPki(const std::filesystem::path& dir);

}  // namespace checker::test
