import Foundation
import OpsCore
import OpsWorkspace

extension Engine {
    public var auditLog: AuditLog { AuditLog(stateDirectory: workspace.stateDirectory) }

    /// Appends one audit line. A write failure is shown as progress (the change already happened; losing
    /// the whole result over the log would be worse), never silently dropped.
    func audit(_ env: EnvironmentConfig, action: AuditRecord.Action, migrations: [String],
               outcome: AuditRecord.Outcome, gate: String? = nil, detail: String? = nil, durationMs: Int? = nil,
               backup: String? = nil, allowDrift: Bool? = nil) {
        let record = AuditRecord(time: Engine.timestamp(), user: Engine.osUser, host: Engine.hostName,
                                 environment: env.name, target: target(env), action: action, migrations: migrations,
                                 outcome: outcome, gate: gate, detail: detail.map { redactor.redact($0) },
                                 durationMs: durationMs, backup: backup, allowDrift: allowDrift)
        do { try auditLog.append(record) } catch {
            progress("warning: could not write the audit log \(auditLog.path): \(error)")
        }
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }

    static var osUser: String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    static var hostName: String { ProcessInfo.processInfo.hostName }
}
