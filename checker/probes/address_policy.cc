// The address policy of probes (address_policy.h): one classification, used by the HTTP runner
// (libcurl's open-socket callback) and the TLS prober (each resolved address).

#include "probes/address_policy.h"

#include <arpa/inet.h>
#include <array>
#include <cstdint>
#include <cstring>
#include <netinet/in.h>

#include "checker/probe.h"

namespace checker::probes {

namespace {

AddressClass ClassifyIpv4(uint32_t a) {  // host byte order
  auto in = [a](uint32_t net, int bits) {
    uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    return (a & mask) == net;
  };
  // Cloud metadata services: AWS, GCP, Azure and OpenStack (169.254.169.254), AWS ECS task
  // metadata (169.254.170.2), Alibaba (100.100.100.200), Azure's wire server (168.63.129.16).
  for (uint32_t m : {0xA9FEA9FEu, 0xA9FEAA02u, 0x646464C8u, 0xA83F8110u})
    if (a == m) return AddressClass::kMetadata;
  if (in(0x00000000u, 8)) return AddressClass::kUnspecified;
  if (in(0x7F000000u, 8)) return AddressClass::kLoopback;
  if (in(0x0A000000u, 8) || in(0xAC100000u, 12) || in(0xC0A80000u, 16))
    return AddressClass::kPrivate;
  if (in(0x64400000u, 10)) return AddressClass::kShared;
  if (in(0xA9FE0000u, 16)) return AddressClass::kLinkLocal;
  if (in(0xE0000000u, 4)) return AddressClass::kMulticast;
  if (in(0xF0000000u, 4)) return AddressClass::kReserved;  // and 255.255.255.255
  return AddressClass::kPublic;
}

AddressClass ClassifyIpv6(const std::array<uint8_t, 16>& b) {
  auto prefix = [&b](std::initializer_list<uint8_t> bytes) {
    size_t i = 0;
    for (uint8_t x : bytes)
      if (b[i++] != x) return false;
    return true;
  };
  auto embedded_ipv4 = [&b] {
    return uint32_t{b[12]} << 24 | uint32_t{b[13]} << 16 | uint32_t{b[14]} << 8 | b[15];
  };
  static constexpr std::array<uint8_t, 16> kEc2Metadata = {
      0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
  if (b == kEc2Metadata) return AddressClass::kMetadata;
  if (prefix({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff})) return ClassifyIpv4(embedded_ipv4());
  if (prefix({0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})) return ClassifyIpv4(embedded_ipv4());
  if (prefix({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})) {
    uint32_t low = embedded_ipv4();
    if (low == 0) return AddressClass::kUnspecified;
    if (low == 1) return AddressClass::kLoopback;
    return AddressClass::kReserved;  // IPv4-compatible (deprecated): ::127.0.0.1 and the like
  }
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::kPrivate;                    // fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::kLinkLocal;  // fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressClass::kPrivate;    // fec0::/10
  if (b[0] == 0xff) return AddressClass::kMulticast;                           // ff00::/8
  return AddressClass::kPublic;
}

}  // namespace

AddressClass ClassifyAddress(const sockaddr* address, socklen_t length) {
  if (address == nullptr) return AddressClass::kReserved;
  if (address->sa_family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    return ClassifyIpv4(ntohl(v4->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    std::array<uint8_t, 16> bytes;
    std::memcpy(bytes.data(), &v6->sin6_addr, 16);
    return ClassifyIpv6(bytes);
  }
  return AddressClass::kReserved;
}

AddressClass ClassifyAddress(std::string_view numeric) {
  std::string text(numeric);
  sockaddr_in v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    return ClassifyAddress(reinterpret_cast<const sockaddr*>(&v4), sizeof v4);
  }
  sockaddr_in6 v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    return ClassifyAddress(reinterpret_cast<const sockaddr*>(&v6), sizeof v6);
  }
  return AddressClass::kReserved;
}

std::string_view AddressClassWords(AddressClass kind) {
  switch (kind) {
    case AddressClass::kPublic:
      return "a public address";
    case AddressClass::kLoopback:
      return "a loopback address";
    case AddressClass::kPrivate:
      return "a private address";
    case AddressClass::kLinkLocal:
      return "a link-local address";
    case AddressClass::kShared:
      return "a shared (carrier-grade NAT) address";
    case AddressClass::kUnspecified:
      return "an unspecified address";
    case AddressClass::kMulticast:
      return "a multicast address";
    case AddressClass::kReserved:
      return "a reserved address";
    case AddressClass::kMetadata:
      return "a cloud metadata address";
  }
  return "an unknown address";
}

std::string AddressText(const sockaddr* address, socklen_t length) {
  char buf[INET6_ADDRSTRLEN] = "?";
  if (address != nullptr && address->sa_family == AF_INET &&
      length >= static_cast<socklen_t>(sizeof(sockaddr_in)))
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, buf, sizeof buf);
  else if (address != nullptr && address->sa_family == AF_INET6 &&
           length >= static_cast<socklen_t>(sizeof(sockaddr_in6)))
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, buf,
              sizeof buf);
  return buf;
}

AddressAllowance AllowanceFor(const ProbeOptions& options, std::string_view origin) {
  for (const auto& trusted : options.trusted_origins)
    if (!origin.empty() && trusted == origin) return AddressAllowance::kAny;
  return options.allow_private ? AddressAllowance::kPrivate : AddressAllowance::kPublicOnly;
}

std::string RefusedAddress(const sockaddr* address, socklen_t length, AddressAllowance allowed) {
  AddressClass kind = ClassifyAddress(address, length);
  if (kind == AddressClass::kPublic || allowed == AddressAllowance::kAny) return "";
  if (kind != AddressClass::kMetadata && allowed == AddressAllowance::kPrivate) return "";
  std::string what = AddressText(address, length) + " is " + std::string(AddressClassWords(kind));
  if (kind == AddressClass::kMetadata)
    return what + "; only a --target naming it allows it (--allow-private does not)";
  return what + "; pass --target or --allow-private to audit it";
}

}  // namespace checker::probes
