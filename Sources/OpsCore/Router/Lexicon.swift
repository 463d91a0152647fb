/// The project's names (environments, migrations, tables) plus the vocabulary, indexed once per context so
/// routing a line is dictionary look-ups and a few short edit distances — microseconds, no regex.
struct Lexicon: Sendable {
    /// Typed word (lowercased) → configured environment name, for names and the aliases that map to one.
    let environmentByWord: [String: String]
    /// Configured environment names, in configuration order (the order `ask` offers them).
    let environments: [String]
    let migrations: [String]
    /// Migration name without its `<digits>_` prefix → full name, only when unique.
    let migrationBySuffix: [String: String]
    /// Lowercased table name → the environments that have it, with the name as introspected.
    let tablesByWord: [String: [(environment: String, table: String)]]
    /// Correction targets: vocabulary cue words and environment words, with their UTF-8 bytes precomputed.
    let fuzzyTargets: [(word: String, bytes: [UInt8], environment: String?)]

    /// Conventional aliases; each maps only to a member of its group that is actually configured.
    static let aliasGroups: [[String]] = [
        ["production", "prod", "prd", "live"],
        ["staging", "stg", "stage"],
        ["local", "dev", "development", "localhost"],
    ]

    init(_ context: RouterContext) {
        environments = context.environments
        migrations = context.migrations
        environmentByWord = Lexicon.environmentWords(context.environments)
        migrationBySuffix = Lexicon.suffixIndex(context.migrations)
        var tables: [String: [(environment: String, table: String)]] = [:]
        for env in context.environments {
            for table in context.tables[env] ?? [] { tables[table.lowercased(), default: []].append((env, table)) }
        }
        tablesByWord = tables
        var targets = Vocabulary.fuzzyTargets.map { (word: $0, bytes: Array($0.utf8), environment: String?.none) }
        for (word, env) in environmentByWord.sorted(by: { $0.key < $1.key }) where word.utf8.count >= 4 {
            targets.append((word, Array(word.utf8), env))
        }
        fuzzyTargets = targets
    }

    private static func environmentWords(_ names: [String]) -> [String: String] {
        var map: [String: String] = [:]
        for group in aliasGroups {
            guard let target = names.first(where: { group.contains($0.lowercased()) }) else { continue }
            for alias in group { map[alias] = target }
        }
        for name in names { map[name.lowercased()] = name }  // a configured name always means itself
        return map
    }

    private static func suffixIndex(_ names: [String]) -> [String: String] {
        var counts: [String: Int] = [:]
        var map: [String: String] = [:]
        for name in names {
            guard let cut = name.firstIndex(of: "_"), name[..<cut].allSatisfy(\.isNumber) else { continue }
            let suffix = name[name.index(after: cut)...].lowercased()
            counts[suffix, default: 0] += 1
            map[suffix] = name
        }
        return map.filter { counts[$0.key] == 1 }
    }

    /// The configured environment a word names exactly (name or alias).
    func environment(exactly word: String) -> String? { environmentByWord[word.lowercased()] }

    /// A migration named exactly, or by its unique name without the timestamp.
    func migration(exactly word: String) -> String? {
        if let hit = migrations.first(where: { $0 == word }) { return hit }
        let lower = word.lowercased()
        if let hit = migrations.first(where: { $0.lowercased() == lower }) { return hit }
        return migrationBySuffix[lower]
    }

    /// A migration a partial or mistyped word most likely means: a unique substring (6+ characters) or the
    /// single closest name within the typo tolerance. Only for words that look like migration names.
    func migration(approximately word: String) -> String? {
        guard word.contains("_") || word.contains(where: \.isNumber), word.count >= 6 else { return nil }
        let hits = migrations.filter { $0.lowercased().contains(word) }
        if hits.count == 1 { return hits[0] }
        let typed = Array(word.utf8)
        let tolerance = EditDistance.tolerance(for: word)
        let close = migrations.filter { name in
            let full = EditDistance.distance(typed, Array(name.lowercased().utf8), limit: tolerance)
            let short = migrationBySuffix.first { $0.value == name }.map {
                EditDistance.distance(typed, Array($0.key.utf8), limit: tolerance)
            } ?? Int.max
            return min(full, short) <= tolerance
        }
        return close.count == 1 ? close[0] : nil
    }

    /// What a correction would mean: the environment, else the word's cue set, else the word.
    private static func meaning(_ target: (word: String, environment: String?)) -> String {
        if let env = target.environment { return "env:" + env }
        return Vocabulary.groupOf[target.word].map { "set:\($0)" } ?? target.word
    }

    /// The closest cue word or environment word within the typo tolerance; nil when none or when two
    /// different meanings are equally close (a guess between them would be a coin toss).
    func correct(_ word: String) -> (word: String, environment: String?)? {
        let tolerance = EditDistance.tolerance(for: word)
        guard tolerance > 0 else { return nil }
        let typed = Array(word.utf8)
        var best: (word: String, environment: String?)?
        var bestDistance = tolerance + 1
        var tied = false
        for target in fuzzyTargets {
            let d = EditDistance.distance(typed, target.bytes, limit: tolerance)
            guard d <= tolerance else { continue }
            let meaning = Lexicon.meaning((target.word, target.environment))
            if d < bestDistance {
                (best, bestDistance, tied) = ((target.word, target.environment), d, false)
            } else if d == bestDistance, let b = best, Lexicon.meaning(b) != meaning {
                tied = true
            }
        }
        return tied ? nil : best
    }
}
