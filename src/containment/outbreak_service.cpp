#include "containment/outbreak_service.h"

#include "core/error.h"
#include "store/outbreak_store.h"
#include "store/unit_store.h"

namespace tongbao::containment {

std::vector<core::OutbreakGroup> OutbreakService::outbreaks(const core::Principal& who, const OutbreakQuery& q) {
  if (q.to <= q.from) throw core::invalid("to", "to must come after from");
  if (q.to - q.from > kMaxOutbreakWindow) throw core::invalid("from", "a window of at most 400 days");
  return db_.read_value([&](store::Transaction& tx) {
    std::string path = core::sees_everything(who) ? "" : who.unit_path;
    if (q.unit_oid) {
      auto u = store::units::find_by_oid(tx, *q.unit_oid);
      if (!u || !core::can_read_unit(who, {u->id, u->path})) throw core::invalid("unit", "no unit " + *q.unit_oid + " in yours");
      path = u->path;
    }
    auto sightings = store::outbreaks::sightings(tx, path, q.from, q.to);
    core::map_warning_subcategories(sightings);
    return core::group_outbreaks(sightings, q.by, q.min_units);
  });
}

}  // namespace tongbao::containment
