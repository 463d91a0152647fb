@preconcurrency import CLibEdit
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import OpsCore

/// The console's line editor: libedit through its native `histedit.h` API (emacs keys, history, Tab
/// completion). Ctrl-C while editing clears the line instead of killing the process: the terminal is set
/// `-isig` while editing (libedit's `EL_SETTY`), and ^C is bound to a function that empties the buffer.
/// The `EditLine` and `History` handles are freed in `deinit`, which also restores the terminal.
final class LineEditor {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var promptBuffer: UnsafeMutablePointer<CChar>
    private let historyFile: HistoryFile
    var completer: (String) -> [String] = { _ in [] }
    var prompt: String = "evermed-ops> " {
        didSet { setPromptBuffer(prompt) }
    }

    init?(historyFile: HistoryFile) {
        guard let el = evm_el_init_stdio("evermed-ops") else { return nil }
        guard let h = evm_history_new(Int32(HistoryFile.maxEntries)) else { el_end(el); return nil }
        editLine = el
        history = h
        promptBuffer = strdup("evermed-ops> ")
        self.historyFile = historyFile
        evm_el_set_editor(el, "emacs")
        evm_el_set_history(el, h)
        evm_el_set_prompt(el, { el in
            guard let el, let editor = LineEditor.from(el) else { return nil }
            return editor.promptBuffer
        })
        evm_el_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
        evm_el_setty(el, "-d", "-isig")
        evm_el_add_function(el, "evm-complete", "complete the word before the cursor", { el, _ in
            guard let el, let editor = LineEditor.from(el) else { return UInt8(CC_ERROR) }
            return editor.complete()
        })
        evm_el_add_function(el, "evm-clear-line", "clear the line (Ctrl-C)", { el, _ in
            guard let el else { return UInt8(CC_ERROR) }
            LineEditor.clearLine(el)
            return UInt8(CC_REFRESH)
        })
        evm_el_bind(el, "^I", "evm-complete")
        evm_el_bind(el, "^C", "evm-clear-line")
        for line in historyFile.load() { evm_history_enter(h, line) }
    }

    deinit {
        history_end(history)
        el_end(editLine)     // restores the terminal modes libedit changed
        free(promptBuffer)
    }

    static func from(_ el: OpaquePointer) -> LineEditor? {
        guard let data = evm_el_get_clientdata(el) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    private func setPromptBuffer(_ text: String) {
        free(promptBuffer)
        promptBuffer = strdup(text)
    }

    /// One line without its newline; nil at end of input (Ctrl-D on an empty line).
    func readLine() -> String? {
        var count: Int32 = 0
        guard let raw = el_gets(editLine, &count), count > 0 else { return nil }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return line
    }

    /// Adds a line to the history, unless it looks like it carries a secret; persists at once.
    func remember(_ line: String, secrets: Redactor) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !Redactor.containsCredential(trimmed), secrets.redact(trimmed) == trimmed else { return }
        evm_history_enter(history, trimmed)
        historyFile.append(trimmed)
    }

    /// Tab: one candidate completes (with a space), several complete their common prefix or are listed,
    /// none beeps (CC_ERROR).
    private func complete() -> UInt8 {
        guard let info = el_line(editLine)?.pointee else { return UInt8(CC_ERROR) }
        let length = info.cursor - info.buffer
        let before = String(decoding: UnsafeRawBufferPointer(start: info.buffer, count: length), as: UTF8.self)
        let partial = before.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let candidates = completer(before)
        guard !candidates.isEmpty else { return UInt8(CC_ERROR) }
        if candidates.count == 1 {
            // Matching ignores case (`check ST` → staging): replace what was typed with the candidate's spelling.
            el_deletestr(editLine, Int32(partial.utf8.count))
            el_insertstr(editLine, candidates[0] + " ")
            return UInt8(CC_REFRESH)
        }
        let common = LineEditor.commonPrefix(candidates)
        if common.count > partial.count {
            el_insertstr(editLine, String(common.dropFirst(partial.count)))
            return UInt8(CC_REFRESH)
        }
        FileHandle.standardOutput.write(("\n" + candidates.joined(separator: "  ") + "\n").data(using: .utf8)!)
        return UInt8(CC_REDISPLAY)
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() { while !word.hasPrefix(prefix) { prefix.removeLast() } }
        return prefix
    }

    private static func clearLine(_ el: OpaquePointer) {
        guard let info = el_line(el)?.pointee else { return }
        let total = info.lastchar - info.buffer, after = info.lastchar - info.cursor
        el_cursor(el, Int32(after))
        el_deletestr(el, Int32(total))
    }
}
