#include "store/buffered_log_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <new>
#include <vector>

namespace tongbao::store {

namespace {

// A bulk request's commit writes megabytes of log; they go out a mebibyte at a time.
constexpr size_t kMostPending = 1 << 20;
// The system's VFS takes writes below 128 KiB only (it masks a write's length to 17 bits).
constexpr size_t kMostInOneWrite = 124 * 1024;

std::atomic<std::uint64_t> writes_asked{0};
std::atomic<std::uint64_t> writes_made{0};

// Our part of every database and log file opened through the VFS; the wrapped file follows it.
struct File {
  sqlite3_file base;  // first: SQLite sees a File as a sqlite3_file
  sqlite3_file* real = nullptr;
  bool is_log = false;
  File* main = nullptr;  // a log: its database's file
  File* log = nullptr;   // a database: its log, while open
  std::vector<char> pending;
  sqlite3_int64 pending_at = 0;
  int failed = SQLITE_OK;  // a flush that SQLite could not be told of (see flush_log_of_or_keep_failure)
};

constexpr size_t kRealOffset = (sizeof(File) + 15) / 16 * 16;

File* as_file(sqlite3_file* f) { return reinterpret_cast<File*>(f); }
const sqlite3_io_methods* real_methods(File* f) { return f->real->pMethods; }

// Hands what was gathered to the file. A failure is returned to SQLite, which gives up the
// transaction as it would for a write of its own; the bytes are dropped either way.
int flush(File* f) {
  if (f->failed != SQLITE_OK) return f->failed;
  if (f->pending.empty()) return SQLITE_OK;
  int rc = SQLITE_OK;
  for (size_t done = 0; done < f->pending.size() && rc == SQLITE_OK; done += kMostInOneWrite) {
    const size_t n = std::min(kMostInOneWrite, f->pending.size() - done);
    rc = real_methods(f)->xWrite(f->real, f->pending.data() + done, static_cast<int>(n),
                                 f->pending_at + static_cast<sqlite3_int64>(done));
    writes_made.fetch_add(1, std::memory_order_relaxed);
  }
  f->pending.clear();
  return rc;
}

int flush_log_of(File* main) { return main->log ? flush(main->log) : SQLITE_OK; }

// A flush where SQLite cannot be told it failed (the barrier, giving up a lock): the failure is
// kept, and every later use of the log reports it, since bytes SQLite believes written are not.
void flush_log_of_or_keep_failure(File* main) {
  if (!main->log) return;
  if (int rc = flush(main->log); rc != SQLITE_OK) main->log->failed = rc;
}

int x_close(sqlite3_file* file) {
  auto* f = as_file(file);
  int rc = f->is_log ? flush(f) : SQLITE_OK;
  if (f->is_log && f->main) f->main->log = nullptr;
  if (!f->is_log && f->log) f->log->main = nullptr;
  const int closed = real_methods(f)->xClose(f->real);
  f->~File();
  return rc != SQLITE_OK ? rc : closed;
}

int x_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  auto* f = as_file(file);
  if (f->is_log)
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f)->xRead(f->real, out, amount, offset);
}

int x_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  auto* f = as_file(file);
  if (!f->is_log) return real_methods(f)->xWrite(f->real, data, amount, offset);
  writes_asked.fetch_add(1, std::memory_order_relaxed);
  if (f->failed != SQLITE_OK) return f->failed;
  // Only a write that follows the last one joins it; anything else sends what was gathered first,
  // so writes reach the file in the order SQLite made them.
  if (f->pending.empty() || offset != f->pending_at + static_cast<sqlite3_int64>(f->pending.size())) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    f->pending_at = offset;
  }
  const auto* bytes = static_cast<const char*>(data);
  f->pending.insert(f->pending.end(), bytes, bytes + amount);
  return f->pending.size() >= kMostPending ? flush(f) : SQLITE_OK;
}

int x_truncate(sqlite3_file* file, sqlite3_int64 size) {
  auto* f = as_file(file);
  if (f->is_log)
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f)->xTruncate(f->real, size);
}

int x_sync(sqlite3_file* file, int flags) {
  auto* f = as_file(file);
  if (int rc = f->is_log ? flush(f) : flush_log_of(f); rc != SQLITE_OK) return rc;
  return real_methods(f)->xSync(f->real, flags);
}

int x_file_size(sqlite3_file* file, sqlite3_int64* size) {
  auto* f = as_file(file);
  if (f->is_log)
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f)->xFileSize(f->real, size);
}

int x_lock(sqlite3_file* file, int level) { return real_methods(as_file(file))->xLock(as_file(file)->real, level); }
int x_unlock(sqlite3_file* file, int level) {
  auto* f = as_file(file);
  if (!f->is_log) flush_log_of_or_keep_failure(f);
  return real_methods(f)->xUnlock(f->real, level);
}
int x_check_reserved_lock(sqlite3_file* file, int* out) {
  return real_methods(as_file(file))->xCheckReservedLock(as_file(file)->real, out);
}

int x_file_control(sqlite3_file* file, int op, void* arg) {
  auto* f = as_file(file);
  if (f->is_log)
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f)->xFileControl(f->real, op, arg);
}

int x_sector_size(sqlite3_file* file) { return real_methods(as_file(file))->xSectorSize(as_file(file)->real); }
int x_device_characteristics(sqlite3_file* file) {
  return real_methods(as_file(file))->xDeviceCharacteristics(as_file(file)->real);
}

// The shared-memory index lives with the database file. SQLite raises this barrier before it
// publishes a new end of the log, and takes or gives up the index's locks (among them the write
// lock) around every transaction: the log's bytes are in the file before any of these.
int x_shm_map(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  return real_methods(as_file(file))->xShmMap(as_file(file)->real, region, size, extend, out);
}
int x_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  auto* f = as_file(file);
  if (flags & SQLITE_SHM_UNLOCK) {
    flush_log_of_or_keep_failure(f);  // a lock given up is given up even so
  } else if (int rc = flush_log_of(f); rc != SQLITE_OK) {
    return rc;
  }
  return real_methods(f)->xShmLock(f->real, offset, n, flags);
}
void x_shm_barrier(sqlite3_file* file) {
  auto* f = as_file(file);
  flush_log_of_or_keep_failure(f);
  real_methods(f)->xShmBarrier(f->real);
}
int x_shm_unmap(sqlite3_file* file, int delete_flag) {
  return real_methods(as_file(file))->xShmUnmap(as_file(file)->real, delete_flag);
}

int x_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  auto* f = as_file(file);
  if (f->is_log)
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
  return real_methods(f)->xFetch(f->real, offset, amount, out);
}
int x_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  return real_methods(as_file(file))->xUnfetch(as_file(file)->real, offset, page);
}

// One table per version, so a file says it can do only what the wrapped one can.
sqlite3_io_methods methods_of_version(int version) {
  return {version,  x_close,       x_read,         x_write,       x_truncate,     x_sync,
          x_file_size, x_lock,     x_unlock,       x_check_reserved_lock, x_file_control, x_sector_size,
          x_device_characteristics, x_shm_map, x_shm_lock, x_shm_barrier, x_shm_unmap, x_fetch,
          x_unfetch};
}
const sqlite3_io_methods kMethods[4] = {methods_of_version(1), methods_of_version(1), methods_of_version(2),
                                        methods_of_version(3)};

bool is_ours(const sqlite3_file* f) {
  return f && f->pMethods && std::any_of(std::begin(kMethods), std::end(kMethods),
                                         [&](const sqlite3_io_methods& m) { return f->pMethods == &m; });
}

sqlite3_vfs* real_vfs(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

int x_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* real = real_vfs(vfs);
  const bool is_log = (flags & SQLITE_OPEN_WAL) != 0;
  // Journals and temporary files are the system's own, unwrapped.
  if (!is_log && !(flags & SQLITE_OPEN_MAIN_DB)) return real->xOpen(real, name, file, flags, out_flags);
  auto* f = new (file) File{};
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kRealOffset);
  f->is_log = is_log;
  const int rc = real->xOpen(real, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    f->~File();
    file->pMethods = nullptr;
    return rc;
  }
  f->base.pMethods = &kMethods[std::clamp(f->real->pMethods->iVersion, 1, 3)];
  if (is_log) {
    sqlite3_file* main = sqlite3_database_file_object(name);
    if (is_ours(main)) {
      f->main = as_file(main);
      f->main->log = f;
    }
  }
  return SQLITE_OK;
}

int x_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) { return real_vfs(vfs)->xDelete(real_vfs(vfs), name, sync_dir); }
int x_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return real_vfs(vfs)->xAccess(real_vfs(vfs), name, flags, out);
}
int x_full_pathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return real_vfs(vfs)->xFullPathname(real_vfs(vfs), name, n, out);
}
void* x_dl_open(sqlite3_vfs* vfs, const char* name) { return real_vfs(vfs)->xDlOpen(real_vfs(vfs), name); }
void x_dl_error(sqlite3_vfs* vfs, int n, char* out) { real_vfs(vfs)->xDlError(real_vfs(vfs), n, out); }
void (*x_dl_sym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return real_vfs(vfs)->xDlSym(real_vfs(vfs), handle, symbol);
}
void x_dl_close(sqlite3_vfs* vfs, void* handle) { real_vfs(vfs)->xDlClose(real_vfs(vfs), handle); }
int x_randomness(sqlite3_vfs* vfs, int n, char* out) { return real_vfs(vfs)->xRandomness(real_vfs(vfs), n, out); }
int x_sleep(sqlite3_vfs* vfs, int micros) { return real_vfs(vfs)->xSleep(real_vfs(vfs), micros); }
int x_current_time(sqlite3_vfs* vfs, double* out) { return real_vfs(vfs)->xCurrentTime(real_vfs(vfs), out); }
int x_get_last_error(sqlite3_vfs* vfs, int n, char* out) { return real_vfs(vfs)->xGetLastError(real_vfs(vfs), n, out); }
int x_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return real_vfs(vfs)->xCurrentTimeInt64(real_vfs(vfs), out);
}

}  // namespace

const char* buffered_log_vfs() {
  static constexpr const char* kName = "tongbao-buffered-log";
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_initialize();
    sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
    static sqlite3_vfs vfs{};
    vfs.iVersion = 2;  // the system calls' overrides (version 3) are for SQLite's own tests
    vfs.szOsFile = static_cast<int>(kRealOffset) + real->szOsFile;
    vfs.mxPathname = real->mxPathname;
    vfs.zName = kName;
    vfs.pAppData = real;
    vfs.xOpen = x_open;
    vfs.xDelete = x_delete;
    vfs.xAccess = x_access;
    vfs.xFullPathname = x_full_pathname;
    vfs.xDlOpen = x_dl_open;
    vfs.xDlError = x_dl_error;
    vfs.xDlSym = x_dl_sym;
    vfs.xDlClose = x_dl_close;
    vfs.xRandomness = x_randomness;
    vfs.xSleep = x_sleep;
    vfs.xCurrentTime = x_current_time;
    vfs.xGetLastError = x_get_last_error;
    vfs.xCurrentTimeInt64 = x_current_time_int64;
    sqlite3_vfs_register(&vfs, 0);
  });
  return kName;
}

BufferedLogCounts buffered_log_counts() {
  return {writes_asked.load(std::memory_order_relaxed), writes_made.load(std::memory_order_relaxed)};
}

}  // namespace tongbao::store
