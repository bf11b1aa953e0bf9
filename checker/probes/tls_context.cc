#include "probes/tls_context.h"

#include <map>
#include <mutex>
#include <openssl/err.h>
#include <sys/stat.h>
#include <tuple>

#include "probes/trust_store.h"

namespace checker::probes {

std::string OpenSslError() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

namespace {

// What identifies the content of a file cheaply: a renewed bundle or certificate (a new file
// renamed into place, or one rewritten) gives a new context.
std::string Stamp(const std::string& path) {
  if (path.empty()) return "";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "absent";
  return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" +
         std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

SharedTlsContext Build(const TlsContextSettings& settings) {
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        SSL_CTX_free);
  if (!ctx) return {nullptr, "TLS setup failed: " + OpenSslError()};
  std::shared_ptr<SystemTrustStore> system_store;
  if (!settings.ca_bundle.empty()) {
    if (SSL_CTX_load_verify_locations(ctx.get(), settings.ca_bundle.c_str(), nullptr) != 1)
      return {nullptr, "cannot read CA bundle " + settings.ca_bundle + ": " + OpenSslError()};
  } else {
    system_store = UseSystemTrustStore(ctx.get());
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);  // record the result, do not abort
  if (!settings.client_cert.empty()) {
    if (SSL_CTX_use_certificate_chain_file(ctx.get(), settings.client_cert.c_str()) != 1)
      return {nullptr,
              "cannot read client certificate " + settings.client_cert + ": " + OpenSslError()};
    if (SSL_CTX_use_PrivateKey_file(ctx.get(), settings.client_key.c_str(), SSL_FILETYPE_PEM) != 1)
      return {nullptr, "cannot read client key " + settings.client_key + ": " + OpenSslError()};
  }
  // The deleter keeps the system store's index alive as long as the context verifies with it.
  return {std::shared_ptr<SSL_CTX>(ctx.release(),
                                   [system_store](SSL_CTX* c) mutable {
                                     SSL_CTX_free(c);
                                     system_store.reset();
                                   }),
          ""};
}

struct Entry {
  std::string stamps;
  std::shared_ptr<SSL_CTX> context;
};

}  // namespace

SharedTlsContext ClientTlsContext(const TlsContextSettings& settings) {
  static std::mutex mu;
  static std::map<std::tuple<std::string, std::string, std::string>, Entry> contexts;
  // The system store is keyed by its paths (SSL_CERT_FILE, SSL_CERT_DIR) and its file's stamp.
  bool system = settings.ca_bundle.empty();
  auto key = std::make_tuple(system ? "system:" + SystemTrustPaths() : settings.ca_bundle,
                             settings.client_cert, settings.client_key);
  std::string stamps = Stamp(system ? SystemCertificateFile() : settings.ca_bundle) + "|" +
                       Stamp(settings.client_cert) + "|" + Stamp(settings.client_key);
  // Built under the lock: callers wanting the same context wait for one build, not each their
  // own (loading a large bundle costs tens of milliseconds).
  std::lock_guard lock(mu);
  if (auto it = contexts.find(key); it != contexts.end() && it->second.stamps == stamps)
    return {it->second.context, ""};
  SharedTlsContext built = Build(settings);
  if (built.context)
    contexts[key] = Entry{std::move(stamps), built.context};
  else
    contexts.erase(key);
  return built;
}

}  // namespace checker::probes
