#include "probes/certificate.h"

#include <ctime>
#include <memory>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

namespace checker::probes {

std::string DistinguishedName(const X509_NAME* name) {
  if (name == nullptr) return "";
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

namespace {

int64_t Epoch(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
  return static_cast<int64_t>(timegm(&tm));
}

std::string Iso(int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

int64_t Now(const ProbeOptions& options) {
  return options.now_epoch_seconds != 0 ? options.now_epoch_seconds
                                        : static_cast<int64_t>(std::time(nullptr));
}

CertificateInfo DescribeCertificate(X509* cert, int64_t now) {
  CertificateInfo c;
  if (cert == nullptr) return c;
  c.subject = DistinguishedName(X509_get_subject_name(cert));
  c.issuer = DistinguishedName(X509_get_issuer_name(cert));
  int64_t not_before = Epoch(X509_get0_notBefore(cert));
  int64_t not_after = Epoch(X509_get0_notAfter(cert));
  c.not_before = Iso(not_before);
  c.not_after = Iso(not_after);
  int64_t seconds = not_after - now;
  c.days_until_expiry = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  X509_digest(cert, EVP_sha256(), md, &md_len);
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned int i = 0; i < md_len; ++i) {
    c.sha256_fingerprint += kHex[md[i] >> 4];
    c.sha256_fingerprint += kHex[md[i] & 0xF];
  }
  if (EVP_PKEY* key = X509_get0_pubkey(cert)) {
    c.key_bits = EVP_PKEY_get_bits(key);
    switch (EVP_PKEY_get_base_id(key)) {
      case EVP_PKEY_RSA:
        c.key_type = "RSA";
        break;
      case EVP_PKEY_EC:
        c.key_type = "EC";
        break;
      case EVP_PKEY_ED25519:
        c.key_type = "ED25519";
        break;
      case EVP_PKEY_ED448:
        c.key_type = "ED448";
        break;
      case EVP_PKEY_DSA:
        c.key_type = "DSA";
        break;
      default:
        c.key_type = "other";
    }
  }
  c.signature_algorithm = OBJ_nid2ln(X509_get_signature_nid(cert));
  c.self_signed = X509_check_issued(cert, cert) == X509_V_OK;
  if (auto* names = static_cast<GENERAL_NAMES*>(
          X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr))) {
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
      const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
      if (name->type == GEN_DNS) {
        const ASN1_STRING* s = name->d.dNSName;
        c.subject_alt_names.push_back(
            "DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                 static_cast<size_t>(ASN1_STRING_length(s))));
      } else if (name->type == GEN_IPADD) {
        const ASN1_OCTET_STRING* ip = name->d.iPAddress;
        const unsigned char* b = ASN1_STRING_get0_data(ip);
        if (ASN1_STRING_length(ip) == 4) {
          c.subject_alt_names.push_back("IP:" + std::to_string(b[0]) + "." + std::to_string(b[1]) +
                                        "." + std::to_string(b[2]) + "." + std::to_string(b[3]));
        } else {
          c.subject_alt_names.push_back("IP:(v6)");
        }
      }
    }
    GENERAL_NAMES_free(names);
  }
  return c;
}

}  // namespace checker::probes
