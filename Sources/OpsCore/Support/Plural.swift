/// "1 migration", "3 migrations": counts in messages, never "migration(s)".
public enum Plural {
    public static func count(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }
}
