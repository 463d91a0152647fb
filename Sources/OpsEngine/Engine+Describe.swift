import OpsCore
import OpsPostgres
import OpsWorkspace

/// `describe ENV TABLE`: the table (nil when absent) and every table name, which the console keeps for Tab.
public struct DescribeReport: Sendable {
    public var environment: String
    public var target: String
    public var table: String
    public var description: TableDescription?
    public var tableNames: [String]
}

extension Engine {
    public func describe(_ name: String, table: String) throws -> DescribeReport {
        let env = try workspace.environment(named: name)
        let schema = try introspect(try connect(env), env)
        return DescribeReport(environment: env.name, target: target(env), table: table,
                              description: TableDescription.make(schema, table: table), tableNames: schema.tableNames)
    }
}
