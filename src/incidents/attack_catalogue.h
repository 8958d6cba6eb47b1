#pragma once
// The ATT&CK catalogue compiled into the server (catalogues/attack/), read once.
#include "core/attack_catalogue.h"

namespace tongbao::incidents {

const core::AttackCatalogue& attack_catalogue();

}  // namespace tongbao::incidents
