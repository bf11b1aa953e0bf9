#include "support/pki.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace checker::test {

namespace {

void Sh(const std::string& command) {
  std::string full = command + " >/dev/null 2>&1";
  if (std::system(full.c_str()) != 0) throw std::runtime_error("openssl step failed: " + command);
}

void Write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

}  // namespace

TestPki MakeTestPki(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const std::string d = dir.string();
  TestPki p;
  p.dir = dir;
  p.ca_cert = d + "/ca.crt";
  Sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d + "/ca.key -out " + p.ca_cert +
     " -days 3650 -sha256 -subj '/CN=checker test CA' -addext basicConstraints=critical,CA:TRUE"
     " -addext keyUsage=critical,keyCertSign,cRLSign");
  Write(dir / "leaf.ext",
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
  Write(dir / "wrong.ext",
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:wrong.example\n");
  auto leaf = [&](const std::string& name, const std::string& ext, const std::string& cn) {
    Sh("openssl req -newkey rsa:2048 -nodes -keyout " + d + "/" + name + ".key -out " + d + "/" +
       name + ".csr -subj '/CN=" + cn + "'");
    Sh("openssl x509 -req -in " + d + "/" + name + ".csr -CA " + p.ca_cert + " -CAkey " + d +
       "/ca.key -CAcreateserial -out " + d + "/" + name + ".crt -days 400 -sha256 -extfile " + d +
       "/" + ext);
  };
  Write(dir / "client.ext",
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n");
  leaf("good", "leaf.ext", "127.0.0.1");
  leaf("client", "client.ext", "checker test clinic");
  p.client_cert = d + "/client.crt";
  p.client_key = d + "/client.key";
  leaf("wrong", "wrong.ext", "wrong.example");
  p.good_cert = d + "/good.crt";
  p.good_key = d + "/good.key";
  p.wrong_host_cert = d + "/wrong.crt";
  p.wrong_host_key = d + "/wrong.key";
  // Expired: signed by the CA with a validity window in the past (openssl ca can set dates).
  std::filesystem::create_directories(dir / "db");
  Write(dir / "db/index.txt", "");
  Write(dir / "db/serial", "1000\n");
  Write(dir / "ca.cnf", "[ ca ]\ndefault_ca = d\n[ d ]\ndatabase = " + d +
                            "/db/index.txt\nserial = " + d + "/db/serial\nnew_certs_dir = " + d +
                            "/db\ncertificate = " + p.ca_cert + "\nprivate_key = " + d +
                            "/ca.key\ndefault_md = sha256\npolicy = p\ncopy_extensions = none\n"
                            "[ p ]\ncommonName = supplied\n");
  Sh("openssl req -newkey rsa:2048 -nodes -keyout " + d + "/expired.key -out " + d +
     "/expired.csr -subj '/CN=127.0.0.1'");
  Sh("openssl ca -batch -config " + d + "/ca.cnf -in " + d + "/expired.csr -out " + d +
     "/expired.crt -notext -startdate 20230101000000Z -enddate 20240101000000Z -extfile " + d +
     "/leaf.ext");
  p.expired_cert = d + "/expired.crt";
  p.expired_key = d + "/expired.key";
  Sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d + "/self.key -out " + d +
     "/self.crt -days 365 -sha256 -subj '/CN=127.0.0.1' -addext subjectAltName=IP:127.0.0.1");
  p.self_signed_cert = d + "/self.crt";
  p.self_signed_key = d + "/self.key";
  return p;
}

}  // namespace checker::test
