#pragma once

namespace tongbao::app {

// Statistics over millions of tickets build buffers of several MiB per query. By default glibc
// maps blocks that large afresh and hands freed memory back to the kernel, so every query pays
// for faulting the same pages in again (a quarter of a whole-tree query's time). The server keeps
// up to 256 MiB of freed memory for reuse instead, and takes blocks up to 32 MiB from its heap.
void keep_freed_memory_for_reuse();

}  // namespace tongbao::app
