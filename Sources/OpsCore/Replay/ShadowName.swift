/// The name of a shadow database says who made it, so a later run can tell a leftover from a replay in
/// progress: `evermed_shadow_<host>_<pid>_<epoch>_<random>` — the creating host (8 hex digits of its name's
/// SHA-256), process id and creation time (Unix seconds). 51 characters at most, under PostgreSQL's 63.
public struct ShadowName: Equatable, Sendable {
    public static let prefix = "evermed_shadow_"
    /// A shadow on another host is presumed abandoned only when nobody is connected and it is this old.
    public static let foreignMaxAge = 3600

    /// nil for the names older versions made (`evermed_shadow_<pid>_<hex>`).
    public var host: String?
    public var pid: Int
    public var epoch: Int?

    public static func hostTag(_ host: String) -> String { String(SHA256.hex(host).prefix(8)) }

    public static func make(host: String, pid: Int, epoch: Int, random: UInt32 = UInt32.random(in: 0...UInt32.max)) -> String {
        "\(prefix)\(hostTag(host))_\(pid)_\(epoch)_\(String(random, radix: 16))"
    }

    public static func parse(_ name: String) -> ShadowName? {
        guard name.hasPrefix(prefix) else { return nil }
        let parts = name.dropFirst(prefix.count).split(separator: "_").map(String.init)
        if parts.count == 4, parts[0].count == 8, parts[0].allSatisfy(\.isHexDigit),
           let pid = Int(parts[1]), let epoch = Int(parts[2]), parts[3].allSatisfy(\.isHexDigit) {
            return ShadowName(host: parts[0], pid: pid, epoch: epoch)
        }
        if parts.count == 2, let pid = Int(parts[0]), parts[1].allSatisfy(\.isHexDigit) {
            return ShadowName(host: nil, pid: pid, epoch: nil)
        }
        return nil
    }

    /// Made on this host by a process that no longer exists; or made elsewhere, nobody connected, and
    /// older than `foreignMaxAge` (another host's processes cannot be asked). Names of older versions carry
    /// no host: they count as this host's when nobody is connected.
    public func isStale(localHost: String, now: Int, sessions: Int, isAlive: (Int) -> Bool) -> Bool {
        switch host {
        case localHost?: return !isAlive(pid)
        case nil: return sessions == 0 && !isAlive(pid)
        default: return sessions == 0 && (epoch.map { now - $0 > Self.foreignMaxAge } ?? false)
        }
    }
}
