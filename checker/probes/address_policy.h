#pragma once
// Which addresses a probe may connect to. A vendor's manifest, redirect or DNS answer must not
// turn the checker against the auditor's own network: loopback, private, link-local, shared
// (CGNAT), unspecified, multicast, reserved and cloud metadata addresses are refused unless the
// auditor allowed them (--target naming the origin, or --allow-private). The check is made on the
// address actually connected, after name resolution, so DNS rebinding and redirects are covered.

#include <string>
#include <string_view>
#include <sys/socket.h>

namespace checker {
struct ProbeOptions;
}

namespace checker::probes {

enum class AddressClass {
  kPublic,
  kLoopback,     // 127/8, ::1
  kPrivate,      // 10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10
  kLinkLocal,    // 169.254/16, fe80::/10
  kShared,       // 100.64/10 (carrier-grade NAT)
  kUnspecified,  // 0/8, ::
  kMulticast,    // 224/4, ff00::/8
  kReserved,     // 240/4 and broadcast, ::/96 (IPv4-compatible)
  kMetadata,     // cloud instance metadata: 169.254.169.254, fd00:ec2::254, ...
};

/// The class of an address; IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) IPv6
/// addresses are classed by the IPv4 address they carry. Unknown families are kReserved.
AddressClass ClassifyAddress(const sockaddr* address, socklen_t length);
/// The same for a numeric address ("127.0.0.1", "::ffff:10.0.0.1"); kReserved when the text is
/// not one.
AddressClass ClassifyAddress(std::string_view numeric);

/// "a loopback address", "a private address" ...
std::string_view AddressClassWords(AddressClass kind);

/// What the auditor allowed for one connection.
enum class AddressAllowance {
  kPublicOnly,  // the default
  kPrivate,     // --allow-private: every class but cloud metadata
  kAny,         // the origin was named with --target
};

/// The allowance of connections made for `origin` ("https://host:port") under these options.
AddressAllowance AllowanceFor(const ProbeOptions& options, std::string_view origin);

/// "" when the connection may be made; otherwise why not, naming the address, e.g.
/// "127.0.0.1 is a loopback address; pass --target or --allow-private to audit it".
std::string RefusedAddress(const sockaddr* address, socklen_t length, AddressAllowance allowed);

/// The numeric text of an address ("127.0.0.1", "::1").
std::string AddressText(const sockaddr* address, socklen_t length);

}  // namespace checker::probes
