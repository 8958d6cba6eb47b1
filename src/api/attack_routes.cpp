#include "api/caller.h"
#include "api/responses.h"
#include "api/routes.h"
#include "incidents/attack_catalogue.h"

namespace tongbao::api {

void add_attack_routes(http::Router& router, ApiContext& ctx) {
  // The ATT&CK techniques for the response form's picker: by identifier or name, with tactics.
  router.add("GET", "/api/v1/attack/techniques", [&ctx](http::Request& req) {
    require_caller(ctx, req);
    const auto q = req.query_param("q");
    if (q.size() > 100) throw core::invalid("q", "q is at most 100 characters");
    const auto& catalogue = incidents::attack_catalogue();
    nlohmann::json items = nlohmann::json::array();
    for (const auto* t : catalogue.search(q, q.empty() ? catalogue.size() : 50)) {
      nlohmann::json tactics = nlohmann::json::array();
      for (const auto& id : t->tactics)
        if (const auto* tactic = catalogue.tactic(id)) tactics.push_back({{"id", tactic->id}, {"name", tactic->name}});
      items.push_back({{"id", t->id}, {"name", t->name}, {"tactics", tactics}});
    }
    return json_response(200, {{"version", "2025-11-13"}, {"items", items}});
  });
}

}  // namespace tongbao::api
