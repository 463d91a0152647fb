import OpsCore

/// Turns catalog rows into the schema model: object names (`schema.table.child`), parents, and the
/// exact field keys and values the diff and JSON output rely on. Pure: no database, no I/O.
enum SchemaBuilder {
    /// Consumes the rows and empties each list once converted, so a big schema's raw rows and its objects
    /// are not all alive at once (peak memory of a 3,000-table diff).
    static func snapshot(from rows: consuming CatalogRows) -> SchemaSnapshot {
        var objects: [SchemaObject] = []
        objects.reserveCapacity(rows.schemas.count + rows.tables.count + rows.columns.count + rows.indexes.count
                                + rows.constraints.count + rows.triggers.count + rows.functions.count)
        for name in rows.schemas { objects.append(SchemaObject(kind: .schema, name: name)) }
        for e in rows.extensions {
            objects.append(SchemaObject(kind: .extension, name: e.name,
                                        fields: ["version": e.version, "schema": e.schema]))
        }
        for e in rows.enums {
            objects.append(SchemaObject(kind: .enum, name: e.schema + "." + e.name, parent: e.schema,
                                        fields: ["values": e.values]))
        }
        for t in rows.tables { objects.append(table(t)) }
        var fields = SchemaFields.Builder()
        for i in rows.columns.indices { objects.append(column(rows.columns[i], &fields)) }
        rows.columns = []
        for i in rows.indexes.indices { objects.append(index(rows.indexes[i], &fields)) }
        rows.indexes = []
        for i in rows.constraints.indices { objects.append(constraint(rows.constraints[i], &fields)) }
        rows.constraints = []
        for v in rows.views {
            objects.append(SchemaObject(kind: v.materialized ? .materializedView : .view,
                                        name: v.schema + "." + v.name, parent: v.schema,
                                        fields: ["definition": v.definition]))
        }
        for f in rows.functions {
            objects.append(SchemaObject(kind: .function, name: "\(f.schema).\(f.name)(\(f.arguments))",
                                        parent: f.schema, fields: ["definition": f.definition]))
        }
        for s in rows.sequences { objects.append(sequence(s)) }
        for t in rows.triggers { objects.append(trigger(t)) }
        for p in rows.partitions { objects.append(partition(p)) }
        for p in rows.policies { objects.append(policy(p)) }
        for c in rows.collationObjects { objects.append(collation(c)) }
        for d in rows.domains { objects.append(domain(d)) }
        for t in rows.compositeTypes {
            objects.append(SchemaObject(kind: .type, name: t.schema + "." + t.name, parent: t.schema,
                                        fields: ["attributes": t.attributes]))
        }
        for p in rows.privileges {
            objects.append(SchemaObject(kind: .privilege, name: p.object + "." + p.grantee, parent: p.object,
                                        fields: ["object_type": p.objectType, "privileges": p.privileges]))
        }
        rows = CatalogRows()
        return SchemaSnapshot(consume objects)
    }

    /// `force_row_security` and `partition_key` only when set: absent means "no" (and 3,000 tables carry two
    /// fields fewer).
    static func table(_ t: CatalogRows.Table) -> SchemaObject {
        var fields: SchemaFields = [
            "persistence": t.persistence == "u" ? "unlogged" : "permanent",
            "row_security": t.rowSecurity ? "enabled" : "disabled",
        ]
        if t.forceRowSecurity { fields["force_row_security"] = "forced" }
        if let key = t.partitionKey { fields["partition_key"] = key }
        if let parents = t.inherits { fields["inherits"] = parents }
        return SchemaObject(kind: .table, name: t.schema + "." + t.name, parent: t.schema, fields: fields)
    }

    static func partition(_ p: CatalogRows.Partition) -> SchemaObject {
        let parent = p.parentSchema + "." + p.parent
        var fields: SchemaFields = ["of": parent, "bound": p.bound]
        if let key = p.partitionKey { fields["partition_key"] = key }
        return SchemaObject(kind: .partition, name: p.schema + "." + p.name, parent: parent, fields: fields)
    }

    static func policy(_ p: CatalogRows.Policy) -> SchemaObject {
        let parent = p.schema + "." + p.table
        let command: String
        switch p.command {
        case "r": command = "SELECT"
        case "a": command = "INSERT"
        case "w": command = "UPDATE"
        case "d": command = "DELETE"
        default: command = "ALL"
        }
        var fields: SchemaFields = ["permissive": p.permissive ? "permissive" : "restrictive", "command": command, "roles": p.roles]
        if let using = p.using { fields["using"] = using }
        if let check = p.withCheck { fields["with_check"] = check }
        return SchemaObject(kind: .policy, name: parent + "." + p.name, parent: parent, fields: fields)
    }

    static func collation(_ c: CatalogRows.Collation) -> SchemaObject {
        let provider: String
        switch c.provider {
        case "c": provider = "libc"
        case "i": provider = "icu"
        case "b": provider = "builtin"
        default: provider = "default"
        }
        var fields: SchemaFields = ["provider": provider, "deterministic": c.deterministic ? "true" : "false"]
        if let locale = c.locale { fields["locale"] = locale }
        if let collate = c.collate { fields["lc_collate"] = collate }
        if let ctype = c.ctype { fields["lc_ctype"] = ctype }
        return SchemaObject(kind: .collation, name: c.schema + "." + c.name, parent: c.schema, fields: fields)
    }

    static func domain(_ d: CatalogRows.Domain) -> SchemaObject {
        var fields: SchemaFields = ["type": d.type, "nullable": d.notNull ? "false" : "true"]
        if let value = d.defaultExpression { fields["default"] = value }
        if let collation = d.collation { fields["collation"] = collation }
        if let constraints = d.constraints { fields["constraints"] = constraints }
        return SchemaObject(kind: .domain, name: d.schema + "." + d.name, parent: d.schema, fields: fields)
    }

    /// A column's fields, in name order (`SchemaFields.Builder`).
    private static let collationField = SchemaFields.Name("collation")!, defaultField = SchemaFields.Name("default")!
    private static let generatedField = SchemaFields.Name("generated")!, identityField = SchemaFields.Name("identity")!
    private static let nullableField = SchemaFields.Name("nullable")!, typeField = SchemaFields.Name("type")!

    /// `fields`: one builder for the whole loop (`SchemaFields.Builder.take`).
    static func column(_ c: CatalogRows.Column, _ fields: inout SchemaFields.Builder) -> SchemaObject {
        let parent = relation(c.schema, c.table, named: c.parent)
        if let collation = c.collation { fields.add(collationField, collation) }
        if let d = c.defaultExpression { fields.add(defaultField, d) }
        if let g = c.generated { fields.add(generatedField, g) }
        switch c.identity {
        case UInt8(ascii: "a"): fields.add(identityField, "always")
        case UInt8(ascii: "d"): fields.add(identityField, "by default")
        default: break
        }
        fields.add(nullableField, c.notNull ? "false" : "true")
        fields.add(typeField, c.type)
        return SchemaObject(kind: .column, name: qualify(parent, c.name), parent: parent, fields: fields.take(),
                            ordinal: c.attnum)
    }

    /// A column's, index's or constraint's table: the name `nameRelations` shares among them, or (hand-written
    /// rows) one made from schema and table.
    private static func relation(_ schema: String, _ table: String, named shared: String) -> String {
        shared.isEmpty ? qualify(schema, table) : shared
    }

    /// `parent.name` in one allocation.
    static func qualify(_ parent: String, _ name: String) -> String {
        let made = parent.utf8.withContiguousStorageIfAvailable { p in
            name.utf8.withContiguousStorageIfAvailable { n in
                String(unsafeUninitializedCapacity: p.count + 1 + n.count) { out in
                    _ = UnsafeMutableBufferPointer(rebasing: out[..<p.count]).initialize(fromContentsOf: p)
                    out[p.count] = UInt8(ascii: ".")
                    _ = UnsafeMutableBufferPointer(rebasing: out[(p.count + 1)...]).initialize(fromContentsOf: n)
                    return out.count
                }
            }
        }
        return (made ?? nil) ?? parent + "." + name
    }

    private static let definitionField = SchemaFields.Name("definition")!

    static func index(_ i: CatalogRows.Index, _ fields: inout SchemaFields.Builder) -> SchemaObject {
        let parent = relation(i.schema, i.table, named: i.parent)
        fields.add(definitionField, i.definition)
        return SchemaObject(kind: .index, name: qualify(parent, i.name), parent: parent, fields: fields.take())
    }

    static func constraint(_ c: CatalogRows.Constraint, _ fields: inout SchemaFields.Builder) -> SchemaObject {
        let parent = relation(c.schema, c.table, named: c.parent)
        let type: String
        switch c.type {
        case "p": type = "primary key"
        case "u": type = "unique"
        case "f": type = "foreign key"
        case "c": type = "check"
        case "x": type = "exclusion"
        default: type = c.type
        }
        fields.add(definitionField, c.definition)
        fields.add(typeField, type)
        return SchemaObject(kind: .constraint, name: qualify(parent, c.name), parent: parent, fields: fields.take())
    }

    static func sequence(_ s: CatalogRows.Sequence) -> SchemaObject {
        var fields: SchemaFields = [
            "type": s.type, "start": s.start, "increment": s.increment, "min": s.min, "max": s.max,
            "cache": s.cache, "cycle": s.cycle ? "true" : "false",
        ]
        if let owner = s.ownedBy { fields["owned_by"] = owner }
        return SchemaObject(kind: .sequence, name: s.schema + "." + s.name, parent: s.schema, fields: fields)
    }

    static func trigger(_ t: CatalogRows.Trigger) -> SchemaObject {
        let parent = t.schema + "." + t.table
        let enabled: String
        switch t.enabled {
        case "O": enabled = "origin"
        case "D": enabled = "disabled"
        case "R": enabled = "replica"
        case "A": enabled = "always"
        default: enabled = t.enabled
        }
        return SchemaObject(kind: .trigger, name: parent + "." + t.name, parent: parent,
                            fields: ["definition": t.definition, "enabled": enabled])
    }
}
