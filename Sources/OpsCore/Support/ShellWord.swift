/// Quoting for the commands the tool suggests (`next: evermed-ops resolve production NAME --rolled-back`):
/// a name read from a database or a folder is data, and pasted into a shell unquoted it could run a command
/// (`x$(touch /tmp/p)`) or split into several words. Every name in a suggested command goes through `quote`.
public enum ShellWord {
    /// Characters that need no quoting in POSIX shells.
    static let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-".unicodeScalars)

    /// `name` unchanged when it is plain; `'…'` when it has shell metacharacters or spaces; `$'…'` with
    /// backslash escapes when it has control characters (a newline, an escape), which `'…'` would carry raw.
    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.unicodeScalars.allSatisfy(safe.contains) { return word }
        if !word.unicodeScalars.contains(where: VisibleText.isControl) {
            return "'" + word.replacingAll("'", with: "'\\''") + "'"
        }
        var out = "$'"
        for scalar in word.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            default: out += VisibleText.isControl(scalar) ? VisibleText.escape(scalar) : String(scalar)
            }
        }
        return out + "'"
    }
}
