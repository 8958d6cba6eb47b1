#pragma once
// The property every warning import holds (STIX, MISP, CSV): each warning read names at least one
// address and at most a warning's limit (the two ends of a connection); an input it refuses is a
// core::Error. The STIX and MISP readers (`picks_addresses`)
// also return only whole single addresses and never nothing: they pick addresses out of larger
// documents, where the CSV reader hands its rows on for the warning checks to judge.
#include "core/error.h"
#include "core/ip_range.h"
#include "core/warning_formats.h"
#include "fuzz_support.h"

namespace tongbao::fuzz {

template <typename Reader>
void read_warnings(Reader&& reader, const std::uint8_t* data, std::size_t size, bool picks_addresses) {
  core::ImportDefaults defaults;
  defaults.now = 1'795'395'600'000;  // 2026-11-23T09:00:00+08:00
  try {
    const auto warnings = reader(text_of(data, size), defaults).warnings;
    if (picks_addresses) FUZZ_CHECK(!warnings.empty());
    for (const auto& w : warnings) {
      FUZZ_CHECK(!w.addresses.empty() && w.addresses.size() <= core::kMaxWarningAddresses);
      for (const auto& a : w.addresses) {
        const auto address = core::parse_ip_range(a.ip);
        FUZZ_CHECK(!picks_addresses || (address && address->prefix_length == (address->v6 ? 128 : 32)));
      }
    }
  } catch (const core::Error&) {
  }
}

}  // namespace tongbao::fuzz
