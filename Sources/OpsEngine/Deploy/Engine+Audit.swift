import Foundation
import OpsCore
import OpsWorkspace

extension Engine {
    public var auditLog: AuditLog { AuditLog(stateDirectory: workspace.stateDirectory) }

    /// Appends one audit line. A write failure is a warning on stderr (the change already happened; losing
    /// the whole result over the log would be worse), never silently dropped — also when nobody watches progress.
    func audit(_ env: EnvironmentConfig, action: AuditRecord.Action, migrations: [String],
               outcome: AuditRecord.Outcome, gate: String? = nil, detail: String? = nil, durationMs: Int? = nil,
               backup: String? = nil, allowDrift: Bool? = nil, acceptedHazards: [String]? = nil) {
        let record = AuditRecord(time: Engine.timestamp(), user: Engine.osUser, host: Engine.hostName,
                                 environment: env.name, target: target(env), action: action, migrations: migrations,
                                 outcome: outcome, gate: gate, detail: detail.map { redactor.redact($0) },
                                 durationMs: durationMs, backup: backup, allowDrift: allowDrift,
                                 acceptedHazards: acceptedHazards)
        do { try auditLog.append(record) } catch {
            warn("could not write the audit log \(auditLog.path): \(error)")
        }
    }

    /// An SOP session's audit line: no environment (the `ops` lines that change one write their own lines).
    func auditSOP(_ action: AuditRecord.Action, _ outcome: AuditRecord.Outcome, sop: String, step: Int, session: String,
                  detail: String?, exitStatus: Int?) {
        let record = AuditRecord(time: Engine.timestamp(), user: Engine.osUser, host: Engine.hostName, environment: "",
                                 target: "", action: action, outcome: outcome, detail: detail.map { redactor.redact($0) },
                                 sop: sop, step: step, session: session, exitStatus: exitStatus)
        do { try auditLog.append(record) } catch {
            warn("could not write the audit log \(auditLog.path): \(error)")
        }
    }

    /// ISO-8601 UTC with milliseconds, from the C clock: an ICU date formatter per record cost a
    /// 500-migration deploy a tenth of a second.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // Digits written by hand: `String(format:)` cost ~6 µs a call, two calls per applied migration.
        var out = ""
        out.reserveCapacity(24)
        func digits(_ value: Int, _ width: Int) {
            let text = String(value)
            out += String(repeating: "0", count: max(0, width - text.utf8.count))
            out += text
        }
        digits(Int(parts.tm_year) + 1900, 4); out += "-"; digits(Int(parts.tm_mon) + 1, 2); out += "-"
        digits(Int(parts.tm_mday), 2); out += "T"; digits(Int(parts.tm_hour), 2); out += ":"
        digits(Int(parts.tm_min), 2); out += ":"; digits(Int(parts.tm_sec), 2); out += "."
        digits(Int(now.tv_nsec / 1_000_000), 3); out += "Z"
        return out
    }

    /// Looked up once per process (getpwuid re-reads /etc/passwd).
    static let osUser: String = {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }()

    static let hostName: String = ProcessInfo.processInfo.hostName
}
