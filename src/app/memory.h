#pragma once

namespace tongbao::app {

// Statistics over millions of tickets build buffers of several MiB per query. By default glibc
// maps blocks that large afresh and hands freed memory back to the kernel, so every query pays
// for faulting the same pages in again (a quarter of a whole-tree query's time). The server keeps
// up to 256 MiB of freed memory for reuse instead, and takes blocks up to 32 MiB from its heap.
//
// The `tongbao` binary itself is linked with jemalloc (with its thread caches a ticket's read runs
// a fifth faster; docs/benchmarks.md), which keeps freed memory for reuse on its own and decays
// it over seconds; these settings then apply to glibc's malloc where it is still in use: the
// tests, the benchmarks and anything else built on the library.
void keep_freed_memory_for_reuse();

}  // namespace tongbao::app
