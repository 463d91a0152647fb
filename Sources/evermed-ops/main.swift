import Foundation
import OpsConsole
import OpsCore
#if canImport(Glibc)
import Glibc
#endif

// Introspection builds both schemas on worker threads; glibc gives each thread its own malloc arena, and
// the freed catalog rows left in those arenas count against peak memory. Four arenas (one per thread a diff
// keeps busy: two readers, the background release, the main thread) measured the same peak RSS as two on a
// 3,000-table diff and ~20 ms less CPU: with two, the threads queued on the arenas' locks.
//
// A thread's arena starts as its top pad plus the first request and then grows a page or two at a time, each
// step an mprotect that holds the address space's lock while the other reader faults pages in: a 3,000-table
// diff made ~3,000 of them and ~100 brk calls. A 32 MB pad (address space; pages are committed when touched)
// starts each arena big enough for a side of that diff: 50 mprotects, ~3,000 page faults and 15–30 ms of CPU
// fewer; peak RSS +9 MB (85 MB, `make bench`).
@_silgen_name("mallopt") func mallopt(_ parameter: Int32, _ value: Int32) -> Int32   // <malloc.h>, not in Glibc
let M_TOP_PAD: Int32 = -2, M_ARENA_MAX: Int32 = -8
_ = mallopt(M_ARENA_MAX, 4)
_ = mallopt(M_TOP_PAD, 32 << 20)

// evermed-ops [GLOBAL FLAGS] [COMMAND ARGS... | -c LINE]: the command words are parsed against the same
// declarations as console lines (`CommandRegistry`), so every command and flag works the same in both.
// Exit codes: 0 in sync / success, 1 findings, 2 usage or other errors (`ActionResult.exitCode`).
let invocation = Invocation.parse(Array(CommandLine.arguments.dropFirst()))
exit(Invocation.run(invocation))
