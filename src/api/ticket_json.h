#pragma once
// A ticket as the API answers with it, for the routes that return one.
#include <string>

#include "incidents/incident_service.h"

namespace tongbao::api {

// JSON text, written without building a tree (the answer read most often).
std::string ticket_json(const incidents::TicketView& v);

}  // namespace tongbao::api
