#include "app/memory.h"

#include <malloc.h>

namespace tongbao::app {

void keep_freed_memory_for_reuse() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest allowed threshold on 64-bit systems
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

}  // namespace tongbao::app
