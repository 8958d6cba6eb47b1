#pragma once
// Open files: each connection holds one, so the limit bounds how many people can be served. The
// usual soft limit (1,024) is far below what the system allows a process (its hard limit).
#include <cstddef>
#include <string>

namespace tongbao::app {

// Raises the soft open-file limit to the hard one where allowed; returns the soft limit in force.
std::size_t raise_open_file_limit();

// The connection cap in force: the configured one, but never so close to the open-file limit that
// the database, uploads and mail find no descriptor left (a reserve of 64 plus an eighth).
std::size_t connection_cap(std::size_t configured, std::size_t open_file_limit);

}  // namespace tongbao::app
