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

// Words shorter than a trigram are most Chinese words (電腦, 中毒), and a trigram index cannot
// answer them. The text's single characters and pairs of neighbouring characters answer them
// instead: each letter, digit or non-ASCII character, and each two such side by side, once,
// space-separated (ASCII punctuation and spaces end a run). A term of one or two such characters
// is in the text exactly when it is among these.
std::string search_pairs(const std::string& lowered_text);
// Whether `term` (lower-cased, as search_terms gives it) is one that search_pairs holds.
bool answered_by_pairs(const std::string& term);

}  // namespace tongbao::core
