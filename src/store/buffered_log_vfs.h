#pragma once
// A SQLite VFS over the system's default one that gathers the frames a commit appends to the
// write-ahead log and hands them to the file in one write. SQLite writes each frame as two calls
// (its 24-byte header, then the page): a group of filings' commit made about sixty system calls
// before its sync, and they were a seventh of the writer thread's time.
//
// Nothing is held past the moment it matters: the gathered bytes reach the file before the log is
// synced, read, truncated, sized or closed, before any write elsewhere in it, and before the
// commit becomes visible to other connections (the barrier SQLite raises on the shared-memory
// index before it publishes a new end of the log). A commit's durability is the same as without it.
#include <cstdint>

namespace tongbao::store {

// Registers the VFS on first use (not as the default) and returns its name for sqlite3_open_v2.
const char* buffered_log_vfs();

// What this process's connections through the VFS asked to write to their logs and how many
// writes reached the files.
struct BufferedLogCounts {
  std::uint64_t writes_asked = 0;
  std::uint64_t writes_made = 0;
};
BufferedLogCounts buffered_log_counts();

}  // namespace tongbao::store
