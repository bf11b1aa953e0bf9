#include "probes/trust_store.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <optional>
#include <string>
#include <vector>

namespace checker::probes {

namespace {

using Name = std::unique_ptr<X509_NAME, decltype(&X509_NAME_free)>;

// The subject of a DER certificate, read without decoding the rest: decoding the public key is
// what makes a certificate slow to load with OpenSSL 3.
Name SubjectOf(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  const unsigned char* end = p + der.size();
  long length = 0;
  int tag = 0;
  int cls = 0;
  auto header = [&](const unsigned char*& q) {
    int rc = ASN1_get_object(&q, &length, &tag, &cls, end - q);
    return (rc & 0x80) == 0 && (rc & 1) == 0 && length <= end - q;  // no error, definite length
  };
  Name none(nullptr, X509_NAME_free);
  if (!header(p) || tag != V_ASN1_SEQUENCE) return none;  // Certificate
  if (!header(p) || tag != V_ASN1_SEQUENCE) return none;  // TBSCertificate
  const unsigned char* q = p;
  if (!header(q)) return none;
  if (cls == V_ASN1_CONTEXT_SPECIFIC && tag == 0) p = q + length;  // [0] version
  for (int skipped = 0; skipped < 4; ++skipped) {  // serial, signature algorithm, issuer, validity
    q = p;
    if (!header(q)) return none;
    p = q + length;
  }
  return Name(d2i_X509_NAME(nullptr, &p, end - p), X509_NAME_free);
}

struct Anchor {
  Name subject;
  std::string der;
  bool added = false;
};

// The certificates of a PEM file, indexed by subject; nullopt when the file holds anything but
// plain certificates (CRLs, trusted certificates with OpenSSL's auxiliary data, a block that
// does not parse): OpenSSL then loads it as it always does. A missing file is an empty index,
// as OpenSSL ignores a missing default file.
std::optional<std::vector<Anchor>> IndexCertificates(const char* path) {
  std::vector<Anchor> anchors;
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(path, "r"), BIO_free);
  if (!bio) {
    ERR_clear_error();
    return anchors;
  }
  while (true) {
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long length = 0;
    if (PEM_read_bio(bio.get(), &name, &header, &data, &length) != 1) {
      bool end_of_file = ERR_GET_REASON(ERR_peek_last_error()) == PEM_R_NO_START_LINE;
      ERR_clear_error();
      if (!end_of_file) return std::nullopt;
      return anchors;
    }
    bool certificate = std::strcmp(name, PEM_STRING_X509) == 0;
    Anchor a{Name(nullptr, X509_NAME_free), std::string(reinterpret_cast<char*>(data), length)};
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
    if (!certificate) return std::nullopt;
    a.subject = SubjectOf(a.der);
    if (!a.subject) return std::nullopt;
    anchors.push_back(std::move(a));
  }
}

}  // namespace

std::string SystemCertificateFile() {
  const char* file = std::getenv(X509_get_default_cert_file_env());
  return file != nullptr ? file : X509_get_default_cert_file();
}

std::string SystemTrustPaths() {
  const char* dir = std::getenv(X509_get_default_cert_dir_env());
  return SystemCertificateFile() + "|" + (dir != nullptr ? dir : X509_get_default_cert_dir());
}

// The anchors of the default CA file are indexed by subject when the store is built and decoded
// into the store only when a chain names them (as subject or issuer); the default directory is
// OpenSSL's hashed-directory lookup, lazy already. Verification then sees the same anchors as
// with the whole file loaded: an anchor the verifier may look up has the subject of a
// certificate of the chain, or the issuer of one, or of an anchor added for it.
class SystemTrustStore {
 public:
  SystemTrustStore() : store_(X509_STORE_new(), X509_STORE_free) {
    if (auto anchors = IndexCertificates(SystemCertificateFile().c_str())) {
      anchors_ = std::move(*anchors);
      pending_ = anchors_.size();
      // As X509_STORE_set_default_paths, without its eager load of the file.
      X509_LOOKUP_add_dir(X509_STORE_add_lookup(store_.get(), X509_LOOKUP_hash_dir()), nullptr,
                          X509_FILETYPE_DEFAULT);
      X509_LOOKUP_add_store(X509_STORE_add_lookup(store_.get(), X509_LOOKUP_store()), nullptr);
    } else {
      X509_STORE_set_default_paths(store_.get());
    }
    ERR_clear_error();
  }

  X509_STORE* store() const { return store_.get(); }

  // Adds to the store every anchor of the file that verifying this chain may look up.
  void Prepare(X509_STORE_CTX* verify) {
    if (pending_.load() == 0) return;
    std::vector<Name> wanted;
    auto want = [&](X509* x) {
      wanted.emplace_back(X509_NAME_dup(X509_get_subject_name(x)), X509_NAME_free);
      wanted.emplace_back(X509_NAME_dup(X509_get_issuer_name(x)), X509_NAME_free);
    };
    if (X509* leaf = X509_STORE_CTX_get0_cert(verify)) want(leaf);
    if (STACK_OF(X509)* chain = X509_STORE_CTX_get0_untrusted(verify)) {
      for (int i = 0; i < sk_X509_num(chain); ++i) want(sk_X509_value(chain, i));
    }
    std::lock_guard lock(mu_);
    for (size_t next = 0; next < wanted.size(); ++next) {
      if (!wanted[next]) continue;
      for (Anchor& a : anchors_) {
        if (a.added || X509_NAME_cmp(a.subject.get(), wanted[next].get()) != 0) continue;
        a.added = true;
        --pending_;
        const auto* p = reinterpret_cast<const unsigned char*>(a.der.data());
        std::unique_ptr<X509, decltype(&X509_free)> cert(
            d2i_X509(nullptr, &p, static_cast<long>(a.der.size())), X509_free);
        if (!cert) continue;
        X509_STORE_add_cert(store_.get(), cert.get());
        wanted.emplace_back(X509_NAME_dup(X509_get_issuer_name(cert.get())), X509_NAME_free);
      }
    }
    ERR_clear_error();
  }

 private:
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store_;
  std::mutex mu_;
  std::vector<Anchor> anchors_;
  std::atomic<size_t> pending_ = 0;  // anchors not yet in the store
};

namespace {

int VerifyChain(X509_STORE_CTX* verify, void* arg) {
  static_cast<SystemTrustStore*>(arg)->Prepare(verify);
  return X509_verify_cert(verify);
}

}  // namespace

std::shared_ptr<SystemTrustStore> UseSystemTrustStore(SSL_CTX* ctx) {
  auto trust = std::make_shared<SystemTrustStore>();
  SSL_CTX_set1_cert_store(ctx, trust->store());
  SSL_CTX_set_cert_verify_callback(ctx, VerifyChain, trust.get());
  return trust;
}

}  // namespace checker::probes
