#include "incidents/attack_catalogue.h"

#include "store/embedded.h"

namespace tongbao::incidents {

const core::AttackCatalogue& attack_catalogue() {
  static const core::AttackCatalogue catalogue =
      core::AttackCatalogue::parse(embedded::attack_techniques_csv(), embedded::attack_tactics_csv());
  return catalogue;
}

}  // namespace tongbao::incidents
