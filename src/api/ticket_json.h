#pragma once
// A ticket as the API answers with it, for the routes that return one.
#include <nlohmann/json.hpp>

#include "incidents/incident_service.h"

namespace tongbao::api {

nlohmann::json ticket_json(const incidents::TicketView& v);

}  // namespace tongbao::api
