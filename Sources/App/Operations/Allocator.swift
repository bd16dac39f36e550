#if canImport(Glibc)
import Glibc
#endif
import Logging
import ServiceLifecycle

/// The C allocator under a long-running server. glibc gives each thread that meets contention an arena of its own
/// (up to eight per core) and keeps what is freed there for reuse; a server that now and then builds a large answer
/// (a week's investigation is 2–3 MB of JSON, built on whichever thread runs the task) ends up holding the high-water
/// mark of every arena. Two arenas and a periodic `malloc_trim`, which hands free pages back to the system, keep the
/// resident size near what is in use (docs/PERFORMANCE.md section 10). Elsewhere (macOS, musl) these do nothing.
enum Allocator {
    /// At most `arenas` malloc arenas; call before the server starts its threads.
    static func limitArenas(to arenas: Int32 = 2) {
        #if canImport(Glibc)
        _ = mallopt?(-8, arenas)   // M_ARENA_MAX in <malloc.h>
        #endif
    }

    /// Returns free memory of every arena to the system.
    static func trim() {
        #if canImport(Glibc)
        _ = mallocTrim?(0)
        #endif
    }

    #if canImport(Glibc)
    // <malloc.h> is not part of the Glibc module; both are looked up in the C library once.
    private static let mallopt: (@convention(c) (Int32, Int32) -> Int32)? =
        dlsym(nil, "mallopt").map { unsafeBitCast($0, to: (@convention(c) (Int32, Int32) -> Int32).self) }
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? =
        dlsym(nil, "malloc_trim").map { unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self) }
    #endif
}

/// Trims the allocator every `interval` while the server runs.
struct AllocatorTrim: Service {
    let interval: Duration

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                Allocator.trim()
            }
        }
    }
}
