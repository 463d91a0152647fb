/// What the router knows about the project, so it can resolve names without any I/O.
/// The console refreshes it (configuration, migrations folder, last introspection) between lines.
public struct RouterContext: Sendable {
    /// Configured environment names, in configuration order.
    public var environments: [String]
    /// Local migration folder names.
    public var migrations: [String]
    /// Available SOP (guided procedure) names.
    public var sops: [String]
    /// Environment → table names from the last introspection; used by `describe` and its completion.
    public var tables: [String: [String]]
    /// The SOP in progress, if any: "next step" and "abort" then mean the SOP's.
    public var activeSOP: String?

    public init(environments: [String] = [], migrations: [String] = [], sops: [String] = [],
                tables: [String: [String]] = [:], activeSOP: String? = nil) {
        self.environments = environments
        self.migrations = migrations
        self.sops = sops
        self.tables = tables
        self.activeSOP = activeSOP
    }
}
