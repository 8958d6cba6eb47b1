#pragma once
// An advisory as a STIX 2.1 bundle, for the issuer's own tools and for other CERTs: a report (the
// title, the text, when it was issued) referring to one vulnerability per CVE identifier and to
// the identity of the issuing unit, which created every object. The references become the
// report's external references, beside the advisory's number; severity, affected products and the
// reply date are custom properties (x_tongbao_...). Advisories carry no TLP marking, so none is
// written. Ids are UUIDv5 of the advisory's number: every export of an advisory is the same.
#include <string>

#include "core/advisory.h"

namespace tongbao::core {

struct AdvisoryStixInput {
  Advisory advisory;
  std::string issuer_oid, issuer_name;
  std::string url;  // where the advisory is read on the platform; empty: not said
};

std::string advisory_to_stix(const AdvisoryStixInput& in);

}  // namespace tongbao::core
