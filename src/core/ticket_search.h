#pragma once
// What a search box finds a ticket by, and what a search asks for: both lower-cased the same way,
// so a term matches wherever it appears (a part of a number, an address, a word of Chinese text).
#include <string>
#include <vector>

#include "core/incident.h"

namespace tongbao::core {

// The ticket's number, unit code and name, sub-category, addresses and host names, and the text
// of its report and response, lower-cased and joined.
std::string ticket_search_text(const Incident& ticket, const std::string& unit_code, const std::string& unit_name);

// The terms of a search: split at spaces, lower-cased, without LIKE's wildcards (% and _), at most
// 5 terms of at most 100 bytes (cut between characters). Empty when nothing is left to search for.
// Throws core::Error (invalid, field q) when the query is not UTF-8.
std::vector<std::string> search_terms(const std::string& query);

}  // namespace tongbao::core
