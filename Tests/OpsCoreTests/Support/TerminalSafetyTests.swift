import XCTest
@testable import OpsCore

/// Issue 7: database contents reach the terminal only as visible text, and every name in a suggested command
/// is quoted for the shell (and read back the same way by the console).
final class TerminalSafetyTests: XCTestCase {
    let hostile = "20250101000000_x\u{1B}]0;pwned\u{07}\u{1B}[2J\nFAKE LINE"

    func testTerminal_EscapeSequencesAndControlsMadeVisible() {
        let shown = VisibleText.terminal("migration " + hostile)
        XCTAssertFalse(shown.unicodeScalars.contains("\u{1B}"), shown)
        XCTAssertFalse(shown.unicodeScalars.contains("\u{07}"), shown)
        XCTAssertTrue(shown.contains("\\e]0;pwned\\a\\e[2J"), shown)
        XCTAssertTrue(shown.contains("\nFAKE LINE"), "the print site keeps newlines: layout is the renderer's")
    }

    func testTerminal_OwnColoursKept_OthersAndC1AndBidiEscaped() {
        let colour = "\u{1B}[31mred\u{1B}[0m"
        XCTAssertEqual(VisibleText.terminal(colour), colour)
        XCTAssertEqual(VisibleText.terminal("a\u{9B}31mb"), "a\\x9b31mb")
        XCTAssertEqual(VisibleText.terminal("evil\u{202E}txt.sql"), "evil\\u{202e}txt.sql")
        XCTAssertEqual(VisibleText.terminal("over\rwrite"), "over\\rwrite")
        XCTAssertEqual(VisibleText.terminal("tab\tand é ü 名"), "tab\tand é ü 名")
        XCTAssertEqual(VisibleText.terminal("\u{1B}[2J"), "\\e[2J")
    }

    func testLine_NewlinesToo() {
        XCTAssertEqual(VisibleText.line("a\nb\tc\u{1B}"), "a\\nb\\tc\\e")
        XCTAssertEqual(VisibleText.line("plain_name"), "plain_name")
    }

    func testShellWord_QuotesWhatTheShellWouldRead() {
        XCTAssertEqual(ShellWord.quote("20250925000000_add_personal_models"), "20250925000000_add_personal_models")
        XCTAssertEqual(ShellWord.quote("2025_x$(touch /tmp/p)"), "'2025_x$(touch /tmp/p)'")
        XCTAssertEqual(ShellWord.quote("it's"), "'it'\\''s'")
        XCTAssertEqual(ShellWord.quote(""), "''")
        XCTAssertEqual(ShellWord.quote("a\nb\u{1B}"), "$'a\\nb\\e'")
    }

    /// What `ShellWord` writes, bash reads back unchanged.
    func testShellWord_RoundTripsThroughBash() throws {
        for word in ["plain", "2025_x$(touch /tmp/p)", "semi;colon", "it's", "a b", "a\nb", "x\u{1B}]0;t\u{07}", "ü名", "-n"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "printf %s " + ShellWord.quote(word)]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            XCTAssertEqual(String(decoding: data, as: UTF8.self), word, ShellWord.quote(word))
        }
    }

    /// The console reads a quoted word the way the shell does, so a suggested command pasted there works too.
    func testLineWords_ReadShellWordBack() {
        for word in ["plain", "2025_x$(touch /tmp/p)", "it's", "a b", "a\nb", "x\u{1B}]0;t\u{07}", "ü名"] {
            XCTAssertEqual(LineWords.split("resolve local " + ShellWord.quote(word) + " --rolled-back"),
                           ["resolve", "local", word, "--rolled-back"], ShellWord.quote(word))
        }
        XCTAssertEqual(LineWords.split("describe local \"My \"\"Big\"\" Table\""), ["describe", "local", "\"My \"\"Big\"\" Table\""])
        XCTAssertNil(LineWords.split("describe local 'unclosed"))
        XCTAssertEqual(LineWords.unquoted("\"staging\""), "staging")
    }
}
