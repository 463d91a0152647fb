import Foundation

/// Parses the durations written in evermed-ops.yml (`10s`, `500ms`, `2m`, `1h`, or a bare number of seconds)
/// into seconds, so timeouts are written the way people say them.
enum Duration {
    /// Seconds, or nil when `text` is not a non-negative duration.
    static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, factor: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)
            return parseNumber(number).map { $0 * unit.factor }
        }
        return parseNumber(trimmed)
    }

    private static func parseNumber(_ text: String) -> Double? {
        // Digits with at most one dot: rejects "inf", "nan", "1e3", signs and hex, which Double(_:) accepts.
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              text.filter({ $0 == "." }).count <= 1, text != "." else { return nil }
        return Double(text)
    }
}
