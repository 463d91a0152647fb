/// One line of the audit log: who did what to which environment, and how it ended. Written for every
/// mutating action (deploy, apply, resolve, baseline) and every refusal, one compact JSON object per line,
/// so `jq` and `grep` can answer "who touched production, when, with what result".
/// Everything in it is already free of secrets: `target` is `host:port/db` (never a URL) and `detail`
/// is redacted by the caller.
public struct AuditRecord: Codable, Equatable, Sendable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        case deploy, apply, resolve, baseline, refused
        /// SOP sessions: started, a block run (ops/sh/command, with its exit status), a confirmation answered,
        /// a step done or skipped (with its reason), aborted, finished.
        case sopStart = "sop_start", sopBlock = "sop_block", sopConfirm = "sop_confirm", sopStep = "sop_step"
        case sopSkip = "sop_skip", sopAbort = "sop_abort", sopDone = "sop_done"

        public var isSOP: Bool { rawValue.hasPrefix("sop_") }
    }

    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case applied, failed, refused, interrupted
        case dryRun = "dry_run"
        case ok
        /// A confirmation answered no, a shell block declined.
        case declined
    }

    /// ISO-8601 UTC, given by the caller (OpsCore reads no clock).
    public var time: String
    public var user: String
    public var host: String
    public var environment: String
    /// `host:port/db`.
    public var target: String
    public var action: Action
    public var migrations: [String]
    public var outcome: Outcome
    /// The refusing gate's raw value (`Gate.rawValue`), for refusals.
    public var gate: String?
    /// Short and already redacted.
    public var detail: String?
    public var durationMs: Int?
    /// Path of the backup taken before the action.
    public var backup: String?
    public var allowDrift: Bool?
    /// Lint errors deployed anyway (`--accept-hazards` or the typed confirmation): `rule migration:line` each.
    public var acceptedHazards: [String]?
    /// SOP records: the SOP, the 1-based step, the session, and a block's exit status.
    public var sop: String?
    public var step: Int?
    public var session: String?
    public var exitStatus: Int?

    public init(time: String, user: String, host: String, environment: String, target: String, action: Action,
                migrations: [String] = [], outcome: Outcome, gate: String? = nil, detail: String? = nil,
                durationMs: Int? = nil, backup: String? = nil, allowDrift: Bool? = nil, acceptedHazards: [String]? = nil,
                sop: String? = nil, step: Int? = nil, session: String? = nil, exitStatus: Int? = nil) {
        self.time = time
        self.user = user
        self.host = host
        self.environment = environment
        self.target = target
        self.action = action
        self.migrations = migrations
        self.outcome = outcome
        self.gate = gate
        self.detail = detail
        self.durationMs = durationMs
        self.backup = backup
        self.allowDrift = allowDrift
        self.acceptedHazards = acceptedHazards
        self.sop = sop
        self.step = step
        self.session = session
        self.exitStatus = exitStatus
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case time, user, host, environment, target, action, migrations, outcome, gate, detail
        case durationMs = "duration_ms"
        case backup
        case allowDrift = "allow_drift"
        case acceptedHazards = "accepted_hazards"
        case sop, step, session
        case exitStatus = "exit_status"
    }
}

extension AuditRecord {
    /// Compact JSON with sorted keys and no newline inside (newlines in values are escaped); absent
    /// optionals are left out, as `JSONEncoder` does.
    public func jsonLine() -> String {
        var fields: [String: FlatJSON.Value] = [
            "time": .string(time), "user": .string(user), "host": .string(host),
            "environment": .string(environment), "target": .string(target), "action": .string(action.rawValue),
            "migrations": .strings(migrations), "outcome": .string(outcome.rawValue),
        ]
        if let gate { fields["gate"] = .string(gate) }
        if let detail { fields["detail"] = .string(detail) }
        if let durationMs { fields["duration_ms"] = .int(durationMs) }
        if let backup { fields["backup"] = .string(backup) }
        if let allowDrift { fields["allow_drift"] = .bool(allowDrift) }
        if let acceptedHazards { fields["accepted_hazards"] = .strings(acceptedHazards) }
        if let sop { fields["sop"] = .string(sop) }
        if let step { fields["step"] = .int(step) }
        if let session { fields["session"] = .string(session) }
        if let exitStatus { fields["exit_status"] = .int(exitStatus) }
        return FlatJSON.encode(fields)
    }

    /// The record on one audit line; nil when the line is not one (malformed, or a required key missing).
    /// Unknown keys are ignored so older binaries can read newer logs.
    public static func parse(line: String) -> AuditRecord? {
        guard let f = FlatJSON.decode(line),
              let time = f["time"]?.string, let user = f["user"]?.string, let host = f["host"]?.string,
              let environment = f["environment"]?.string, let target = f["target"]?.string,
              let action = f["action"]?.string.flatMap(Action.init(rawValue:)),
              let outcome = f["outcome"]?.string.flatMap(Outcome.init(rawValue:)) else { return nil }
        return AuditRecord(time: time, user: user, host: host, environment: environment, target: target,
                           action: action, migrations: f["migrations"]?.strings ?? [], outcome: outcome,
                           gate: f["gate"]?.string, detail: f["detail"]?.string, durationMs: f["duration_ms"]?.int,
                           backup: f["backup"]?.string, allowDrift: f["allow_drift"]?.bool,
                           acceptedHazards: f["accepted_hazards"]?.strings, sop: f["sop"]?.string,
                           step: f["step"]?.int, session: f["session"]?.string, exitStatus: f["exit_status"]?.int)
    }
}
