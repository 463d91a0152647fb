import Foundation

/// Parses durations as people write them in evermed-ops.yml and in a migration's `-- evermed-ops:` line
/// (`10s`, `500ms`, `2m`, `10min`, `1h`, or a bare number of seconds) into seconds.
public enum DurationText {
    /// Seconds, or nil when `text` is not a non-negative duration.
    public static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, factor: Double)] = [("ms", 0.001), ("min", 60), ("s", 1), ("m", 60), ("h", 3600)]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)
            return parseNumber(number).map { $0 * unit.factor }
        }
        return parseNumber(trimmed)
    }

    /// Seconds written back the way `seconds` reads them: `5s`, `1500ms`, `0` (as a directive or config says it).
    public static func text(_ seconds: Double) -> String {
        if seconds <= 0 { return "0" }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(Int((seconds * 1000).rounded()))ms"
    }

    private static func parseNumber(_ text: String) -> Double? {
        // Digits with at most one dot: rejects "inf", "nan", "1e3", signs and hex, which Double(_:) accepts.
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              text.filter({ $0 == "." }).count <= 1, text != "." else { return nil }
        return Double(text)
    }
}
