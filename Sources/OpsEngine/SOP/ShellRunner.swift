import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a shell command of an SOP step or `preflight`: `/bin/sh -c SCRIPT` in the project's directory, in a
/// process group of its own, stdin from /dev/null (a command that waits for input fails instead of hanging), its
/// stdout and stderr streamed line by line to `output` (which redacts and prints). Ctrl-C ends the whole group:
/// SIGINT, then SIGKILL if it is still there two seconds later. The exit status is returned, never the output.
public enum ShellRunner {
    public struct Outcome: Equatable, Sendable {
        /// The exit status; 128+N when a signal N ended it; 127 when it could not start.
        public var status: Int32
        public var interrupted: Bool
    }

    public static func run(_ script: String, directory: String, environment: [String: String],
                           output: (String) -> Void) -> Outcome {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { return Outcome(status: 127, interrupted: false) }
        let (readEnd, writeEnd) = (pipe[0], pipe[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        posix_spawn_file_actions_addclose(&actions, writeEnd)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own group (Ctrl-C reaches it only through us), default signal handling (this process ignores
        // SIGINT/SIGTERM at the C level, which a child would otherwise inherit) and an empty signal mask.
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, sig) }
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        closeOnExec(except: [writeEnd])
        let argv = ["/bin/sh", "-c", script]
        let envp = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        // posix_spawn has no portable chdir action: change this process's directory around the spawn (the only
        // other threads are signal handlers, which do not use it).
        let previous = FileManager.default.currentDirectoryPath
        let changed = chdir(directory) == 0
        let spawned = withCStrings(argv) { a in withCStrings(envp) { e in posix_spawn(&pid, "/bin/sh", &actions, &attributes, a, e) } }
        if changed { _ = chdir(previous) }
        close(writeEnd)
        guard changed, spawned == 0 else {
            close(readEnd)
            if spawned == 0 { _ = waitpid(pid, nil, 0) }
            output(changed ? "could not start /bin/sh: \(String(cString: strerror(spawned)))"
                : "could not enter \(directory): \(String(cString: strerror(errno)))")
            return Outcome(status: 127, interrupted: false)
        }

        let interrupt = InterruptFlag()
        ChildGroups.add(pid)
        defer { ChildGroups.remove(pid) }
        let status = Interrupts.redirect(to: { [pid] in
            interrupt.set()
            kill(-pid, SIGINT)
        }) { () -> Int32 in
            stream(readEnd, interrupt: interrupt, group: pid, output: output)
            close(readEnd)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            let signal = raw & 0x7f
            return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        }
        return Outcome(status: status, interrupted: interrupt.isSet)
    }

    /// Copies the child's output to `output` line by line until end of file; after an interrupt, kills the
    /// group if it is still writing two seconds later.
    private static func stream(_ fd: Int32, interrupt: InterruptFlag, group: pid_t, output: (String) -> Void) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var killAt: Double?
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            if interrupt.isSet, killAt == nil { killAt = Date().timeIntervalSince1970 + 2 }
            if let at = killAt, Date().timeIntervalSince1970 > at { kill(-group, SIGKILL); killAt = .infinity }
            let ready = poll(&poller, 1, 200)
            if ready < 0 && errno != EINTR { break }
            guard ready > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            pending.append(contentsOf: buffer[0..<n])
            while let newline = pending.firstIndex(of: 10) {
                output(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
        }
        if !pending.isEmpty { output(String(decoding: pending, as: UTF8.self)) }
    }

    /// Marks every descriptor above stderr close-on-exec, so the child inherits none of ours: not a database
    /// socket, nor a pipe our own parent watches for our exit (a `sleep` left behind would hold it open).
    private static func closeOnExec(except keep: Set<Int32>) {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) } ?? []
        for fd in fds where fd > 2 && !keep.contains(fd) {
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for p in pointers { free(p) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

private final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
