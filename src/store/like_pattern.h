#pragma once
// Words people type, used inside SQL LIKE: their own % and _ are matched as themselves (escaped
// with a backslash, for `LIKE ? ESCAPE '\'` on SQLite and PostgreSQL alike).
#include <string>
#include <string_view>

namespace tongbao::store {

// The clause to write after a column: LIKE ? ESCAPE '\'
inline constexpr const char* kLikeEscaped = " LIKE ? ESCAPE '\\'";

// "%text%": anywhere in the column.
std::string like_anywhere(std::string_view text);
// "text%": at its start (an index on the column can serve it).
std::string like_prefix(std::string_view text);

}  // namespace tongbao::store
