#pragma once
// Serials of ticket and warning numbers, per issuer, type and month, taken many at a time: a bulk
// of warnings is numbered with one update of its counter, gapless and in order.
#include <string>

#include "store/database.h"

namespace tongbao::store::incidents {

// Takes the next `count` serials; returns the first (the others follow it).
long long next_serials(Transaction& tx, const std::string& issuer, const std::string& type, const std::string& year_month,
                       long long count);

}  // namespace tongbao::store::incidents
