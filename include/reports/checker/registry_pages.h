#pragma once
// The public registry's pages (docs/registry.md): what a certification body publishes about the
// services it certified, rendered from a view the registry module assembles. Every page is
// self-contained (no external resource, a strict Content-Security-Policy admitting only its own
// style and script by hash), bilingual (Japanese and English), readable with JavaScript off, and
// escapes every vendor string.

#include <string>
#include <vector>

#include "checker/rule_terms.h"

namespace checker {

struct RegistryCondition {
  std::string kind;  // attestation, gray_zone, should_rule
  std::string rule_id, title_en, title_ja;
};

struct RegistryWaiver {
  std::string rule_id, justification, approver_organisation, expires;  // no names
};

struct RegistryPack {
  std::string id, version, edition;
};

struct RegistryCertificate {
  std::string id, service_id, service_name, operator_name, profile;
  std::string decision, grade, score;
  std::string status;      // valid, expired, suspended, revoked, superseded
  std::string status_why;  // a sentence, in English
  /// Its parts, for the Japanese pages: the event (issued, suspended, reinstated, revoked,
  /// superseded, expired, lapsed), its reason and the successor of a superseded certificate.
  std::string status_event, status_reason, status_superseded_by;
  std::string status_since, issued, expires, surveillance, audit_date, report_sha256;
  std::vector<RegistryPack> packs;
  std::vector<RegistryCondition> conditions;
  std::vector<RegistryWaiver> waivers;
  std::string file;   // certificates/ID.json, relative to the site
  std::string badge;  // badges/ID.svg
};

struct RegistryGradePoint {
  std::string date, grade, decision, score;
};

struct RegistryService {
  std::string service_id, service_name, operator_name, profile;
  std::string page;                        // services/SAFE-ID.html, relative to the site
  RegistryCertificate current;             // the newest certificate
  std::vector<RegistryCertificate> past;   // older ones, newest first
  std::vector<RegistryGradePoint> grades;  // audits, oldest first
};

struct RegistryEvent {
  std::string seq, kind, certificate_id, service_id, service_name, date, reason;
};

struct RegistryView {
  std::string generated;  // ISO 8601 UTC
  std::string today;      // the day statuses are given for
  std::string public_key_sha256;
  std::string public_key_base64;  // raw 32-byte Ed25519 key, for the verification page
  std::string tree_size, root_hash;
  std::vector<RegistryService> services;  // by service id
  std::vector<RegistryEvent> events;      // in log order
};

/// Each page is written once per language: NAME.html in Japanese, NAME.en.html in English, each
/// linking to the other, so that both read with JavaScript off.
/// The page file of `name` ("index", "services/sakura-phr") in `lang`.
std::string RegistryPageFile(const std::string& name, Language lang);

/// index.html: every service with its current certificate, searchable and filterable (status,
/// profile, grade, pack edition) with a script; with JavaScript off the full table reads.
std::string RenderRegistryIndex(const RegistryView& view, Language lang);
/// services/ID.html: a service's current and past certificates, conditions, waivers, pack
/// editions and its grade history as an SVG chart. Links are relative to services/.
std::string RenderRegistryService(const RegistryView& view, const RegistryService& service,
                                  Language lang);
/// revocations.html: every revoked or suspended certificate with the event and reason.
std::string RenderRegistryRevocations(const RegistryView& view, Language lang);
/// verify.html: checks a certificate file in the browser (WebCrypto Ed25519) against the
/// registry's key, and its status in the registry.
std::string RenderRegistryVerifyPage(const RegistryView& view, Language lang);
/// badges/ID.svg: status, grade and expiry; links to the service's page.
std::string RenderRegistryBadge(const RegistryCertificate& certificate,
                                const std::string& service_link);
/// feed.json: every certificate with its status; feed.atom: the events, newest first.
std::string RenderRegistryFeedJson(const RegistryView& view);
std::string RenderRegistryAtom(const RegistryView& view);

}  // namespace checker
