import Foundation
import XCTest

/// The console on a real pseudo-terminal: `evermed-ops` runs in a detached tmux pane (its own tmux server on a
/// private socket, killed in teardown), inside a small shell script that records `stty -g` before the console
/// starts and after it exits, and the console's exit code. Keys go in with `send-keys`; the screen comes back
/// with `capture-pane`. Every wait polls the screen with a timeout — no fixed sleeps.
final class TmuxSession {
    static let prompt = "evermed-ops> "

    let socket: String
    let dir: URL
    /// `XDG_STATE_HOME` of the console: the history file is `stateHome/evermed-ops/history`.
    let stateHome: URL
    private(set) var started = false

    var historyFile: URL { stateHome.appendingPathComponent("evermed-ops/history") }

    /// Starts the console in `cwd` with `env` (on top of a copy of this process's environment without the
    /// database variables). `stateHome` may be shared between sessions to test persisted history.
    init(_ test: XCTestCase, cwd: URL, env: [String: String], args: [String] = [], stateHome: URL? = nil) throws {
        guard TmuxSession.installed else { throw XCTSkip("tmux is not installed; the pseudo-terminal tests need it") }
        socket = "evm-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("evermed-tmux-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        self.stateHome = stateHome ?? dir.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: self.stateHome, withIntermediateDirectories: true)
        let dir = self.dir
        test.addTeardownBlock { [self] in
            self.kill()
            try? FileManager.default.removeItem(at: dir)
        }

        var script = "unset DATABASE_URL STAGING_DATABASE_URL PRODUCTION_DATABASE_URL SHADOW_DATABASE_URL NO_COLOR TMUX\n"
        for (k, v) in env.sorted(by: { $0.key < $1.key }) { script += "export \(k)=\(TmuxSession.quote(v))\n" }
        script += """
        export XDG_STATE_HOME=\(TmuxSession.quote(self.stateHome.path))
        d=\(TmuxSession.quote(dir.path))
        stty -g > "$d/stty.before"
        echo $$ > "$d/shell.pid"
        cd \(TmuxSession.quote(cwd.path)) || exit 99
        \(([BinaryHarness.binary] + args).map(TmuxSession.quote).joined(separator: " "))
        echo $? > "$d/rc"
        stty -g > "$d/stty.after"
        echo EVM-EXITED
        exec sleep 600

        """
        let path = dir.appendingPathComponent("run.sh")
        try script.write(to: path, atomically: true, encoding: .utf8)
        _ = chmod(path.path, 0o600)   // it holds the test cluster's password
        let r = try tmux(["new-session", "-d", "-s", "main", "-x", "160", "-y", "50",
                          "bash --noprofile --norc " + TmuxSession.quote(path.path)])
        XCTAssertEqual(r.code, 0, "tmux new-session failed: \(r.output)")
        started = r.code == 0
    }

    static var installed: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/tmux") }
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    // MARK: - tmux

    /// Runs one tmux command and waits for it. Spawned with posix_spawn and reaped with waitpid rather than
    /// through Foundation's `Process`: the server that `new-session` forks inherits the client's descriptors,
    /// and `Process` (pipes, and on Linux its exit-detection socket) would wait for them to close — that is,
    /// until the server exits. Output goes to a file for the same reason.
    @discardableResult
    func tmux(_ args: [String]) throws -> (output: String, code: Int32) {
        let out = dir.appendingPathComponent("tmux-\(UUID().uuidString.prefix(8)).out").path
        defer { unlink(out) }
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        if environment["TERM"] == nil { environment["TERM"] = "xterm-256color" }
        let argv: [UnsafeMutablePointer<CChar>?] = (["tmux", "-L", socket, "-f", "/dev/null"] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "tmux", &actions, nil, argv, envp)
        guard rc == 0 else { throw NSError(domain: "posix_spawn tmux", code: Int(rc)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let data = FileManager.default.contents(atPath: out) ?? Data()
        return (String(decoding: data, as: UTF8.self), code)
    }

    func kill() {
        guard started else { return }
        started = false
        _ = try? tmux(["kill-server"])
    }

    /// Types `text` literally (no key names).
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "main", "-l", "--", text]) }

    /// Presses keys by tmux name: `Enter`, `Tab`, `Up`, `C-c`, `C-d`.
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "main"] + keys) }

    /// Types a line and presses Enter.
    func run(_ line: String) throws {
        try type(line)
        try press("Enter")
    }

    // MARK: - The screen

    /// Everything the pane showed (scrollback included), wrapped lines joined, trailing blank lines dropped.
    func transcript() -> String {
        let text = (try? tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", "main"]).output) ?? ""
        // -J keeps trailing spaces; they carry no meaning here.
        var lines = text.components(separatedBy: "\n").map(TmuxSession.trimmedRight)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    static func trimmedRight(_ line: String) -> String {
        var line = Substring(line)
        while line.last == " " { line.removeLast() }
        return String(line)
    }

    /// The line the cursor is on, without trailing spaces (erased characters are redrawn as spaces, so they
    /// say nothing); `cursorX` tells where the cursor is, e.g. after a completion's space.
    func cursorLine() -> String { TmuxSession.trimmedRight(rawCursorLine()) }

    private func rawCursorLine() -> String {
        guard let y = Int(((try? tmux(["display-message", "-p", "-t", "main", "#{cursor_y}"]).output) ?? "")
                            .trimmingCharacters(in: .whitespacesAndNewlines)) else { return "" }
        let screen = ((try? tmux(["capture-pane", "-p", "-N", "-t", "main"]).output) ?? "").components(separatedBy: "\n")
        return y < screen.count ? screen[y] : ""
    }

    var cursorX: Int? {
        Int(((try? tmux(["display-message", "-p", "-t", "main", "#{cursor_x}"]).output) ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The last non-blank line on screen.
    var lastLine: String { transcript().components(separatedBy: "\n").last ?? "" }

    /// Polls until `condition(transcript)` holds; fails the test (and returns false) after `timeout` seconds.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line,
                 _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if condition(transcript()) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        if condition(transcript()) { return true }
        XCTFail("timed out after \(timeout) s waiting for \(what); the screen:\n\(transcript())", file: file, line: line)
        return false
    }

    @discardableResult
    func waitForText(_ text: String, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        waitFor("“\(text)”", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    /// Waits until the cursor line reads `expected` and the cursor stands at its end — so a trailing space in
    /// `expected` (a completion's) counts, while blanks left over from erased text do not.
    @discardableResult
    func waitForCursorLine(_ expected: String, timeout: Double = 5, file: StaticString = #filePath,
                           line: UInt = #line) -> Bool {
        let matches = { self.cursorLine() == TmuxSession.trimmedRight(expected) && self.cursorX == expected.count }
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if matches() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        if matches() { return true }
        XCTFail("the cursor line is “\(cursorLine())” with the cursor at column \(cursorX ?? -1), expected “\(expected)”"
                + " with the cursor at \(expected.count); the screen:\n\(transcript())", file: file, line: line)
        return false
    }

    /// Waits until the console is idle at an empty prompt (the last line is the bare prompt) and `count`
    /// prompts have been shown in all.
    @discardableResult
    func waitForPrompt(count: Int? = nil, timeout: Double = 15, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        waitFor(count.map { "prompt #\($0)" } ?? "the prompt", timeout: timeout, file: file, line: line) { screen in
            let lines = screen.components(separatedBy: "\n")
            guard lines.last?.trimmingCharacters(in: .whitespaces) == "evermed-ops>" else { return false }
            return count.map { n in lines.filter { $0.hasPrefix("evermed-ops>") }.count >= n } ?? true
        }
    }

    /// How many prompt lines the pane has shown so far.
    var promptCount: Int { transcript().components(separatedBy: "\n").filter { $0.hasPrefix("evermed-ops>") }.count }

    // MARK: - The process and the terminal

    /// The console process: the shell script's child.
    func consolePID() -> Int32? {
        guard let text = try? String(contentsOf: dir.appendingPathComponent("shell.pid"), encoding: .utf8),
              let shell = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
              let r = try? BinaryHarness.shell("pgrep -P \(shell)") else { return nil }
        return r.output.split(separator: "\n").compactMap { Int32($0) }.first
    }

    /// Waits until the console has exited (the script printed its marker) and returns its exit code.
    func waitForExit(timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line) -> Int32? {
        guard waitFor("the console to exit", timeout: timeout, file: file, line: line, { $0.contains("EVM-EXITED") })
        else { return nil }
        let text = (try? String(contentsOf: dir.appendingPathComponent("rc"), encoding: .utf8)) ?? ""
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// `stty -g` before the console started and after it exited.
    func sttyModes() -> (before: String, after: String) {
        func read(_ name: String) -> String {
            ((try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return (read("stty.before"), read("stty.after"))
    }
}
