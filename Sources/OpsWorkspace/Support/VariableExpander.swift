import Foundation

/// Expands `${VAR}` and `${VAR:-default}` in config values from the merged environment (process + `.env`).
///
/// Only the braced form is recognised: a bare `$` is common in passwords and is left alone.
/// `:-default` applies when the variable is unset or empty, as in the shell.
enum VariableExpander {
    struct Expansion: Equatable {
        var value: String
        /// The variables referenced, in order of appearance (for "set X" hints; never their values).
        var variables: [String]
    }

    enum Failure: Error, Equatable {
        case unset(String)
        case unterminated
    }

    static func expand(_ text: String, variables env: [String: String]) -> Result<Expansion, Failure> {
        var out = ""
        var names: [String] = []
        var rest = text[...]
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            let afterOpen = rest[start.upperBound...]
            guard let close = afterOpen.firstIndex(of: "}") else { return .failure(.unterminated) }
            let body = afterOpen[..<close]
            let name: Substring
            var fallback: Substring?
            if let sep = body.range(of: ":-") {
                name = body[..<sep.lowerBound]
                fallback = body[sep.upperBound...]
            } else {
                name = body
            }
            let key = String(name).trimmingCharacters(in: .whitespaces)
            names.append(key)
            if let value = env[key], !(value.isEmpty && fallback != nil) {
                out += value
            } else if let fallback {
                out += fallback
            } else {
                return .failure(.unset(key))
            }
            rest = afterOpen[afterOpen.index(after: close)...]
        }
        out += rest
        return .success(Expansion(value: out, variables: names))
    }
}
