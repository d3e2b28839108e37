#ifndef INSIGHTS_SERVER_ALLOCATOR_LIMITS_H_
#define INSIGHTS_SERVER_ALLOCATOR_LIMITS_H_

namespace insights {

// Caps the memory tcmalloc keeps in its per-thread caches. Its default,
// 32 MB, lets a server under steady load grow by that much for minutes
// while nothing is in use: calls allocate on gRPC's threads and free on
// the workers', so every thread's cache fills up in turn. Does nothing
// when the program runs on another allocator (the sanitizer builds).
void LimitAllocatorCaches();

}  // namespace insights

#endif  // INSIGHTS_SERVER_ALLOCATOR_LIMITS_H_
