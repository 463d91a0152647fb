import XCTest
@testable import OpsWorkspace

/// Every config error names the file and line, says what to do, and never prints a URL or password.
final class WorkspaceErrorTests: XCTestCase {
    private func error(_ config: String, cwd: String = "", extra: [String: String] = [:],
                       line: UInt = #line) -> WorkspaceError? {
        let project = TestProject()
        project.write("evermed-ops.yml", config)
        project.mkdir("app/src")
        return project.loadError(cwd: cwd, environment: TestProject.environment.merging(extra) { $1 }, line: line)
    }

    func testConfig_YAMLSyntax_NamesLineAndColumn() {
        let e = error("environments:\n  staging: { url: \"${STAGING_DATABASE_URL}\"\n  local: [\n")
        guard case let .yamlSyntax(file, line, _, _)? = e else { return XCTFail("\(String(describing: e))") }
        XCTAssertEqual(file, "evermed-ops.yml")
        XCTAssertGreaterThanOrEqual(line, 2)
        assertMessage(e, startsWith: "evermed-ops.yml:\(line):", contains: ["YAML syntax error"])
    }

    func testConfig_TabIndentation_IsSyntaxError() {
        let e = error("environments:\n\tlocal: { url: postgresql://u:s3cretpw@h/db }\n")
        assertMessage(e, startsWith: "evermed-ops.yml:2:1: YAML syntax error", contains: ["does not allow tabs"])
    }

    func testConfig_UnclosedQuote_NamesLineWhereItOpens() {
        let e = error("environments:\n  local: { url: x }\nshadow_url: 'postgresql://u:s3cretpw@h/db\n\n\n")
        assertMessage(e, startsWith: "evermed-ops.yml:3:", contains: ["quoted scalar"])
    }

    func testConfig_DuplicateKey_NamesKey() {
        let e = error("environments:\n  local: { url: a }\n  local: { url: b }\n")
        assertMessage(e, startsWith: "evermed-ops.yml:", contains: ["\"local\" appears more than once"])
    }

    func testConfig_NotAMapping_NamesLine() {
        assertMessage(error("- just\n- a list\n"), startsWith: "evermed-ops.yml:1: the top level",
                      contains: ["should be a mapping"])
        assertMessage(error("migrations: db\nenvironments:\n  - local\n"), startsWith: "evermed-ops.yml:3: environments:")
    }

    func testConfig_UnknownTopLevelKey_SuggestsClosest() {
        let e = error("migrations: db/migrations\nenviroments:\n  local: { url: x }\n")
        XCTAssertEqual(e, .unknownKey(file: "evermed-ops.yml", line: 2, key: "enviroments", section: "at the top level",
                                      known: ConfigParser.topLevelKeys))
        assertMessage(e, startsWith: "evermed-ops.yml:2: unknown key \"enviroments\"",
                      contains: ["Did you mean \"environments\"?"])
    }

    func testConfig_UnknownEnvironmentKey_SuggestsClosest() {
        let e = error("environments:\n  production:\n    url: x\n    promote-from: staging\n")
        assertMessage(e, startsWith: "evermed-ops.yml:4: unknown key \"promote-from\" in environment \"production\"",
                      contains: ["Did you mean \"promote_from\"?"])
    }

    func testConfig_MissingURL_NamesLine() {
        let e = error("""
            migrations: db/migrations
            environments:
              local: { url: "${DATABASE_URL}" }



              staging: { protected: false }

            """)
        XCTAssertEqual(e?.description,
                       "evermed-ops.yml:7: environment \"staging\" has no url. Add url: \"${STAGING_DATABASE_URL}\" "
                       + "(a libpq URL or keyword string).")
    }

    func testConfig_MissingURL_InParentDirectory_ShowsRelativePath() {
        let e = error("environments:\n  staging:\n    protected: true\n", cwd: "app/src")
        assertMessage(e, startsWith: "../../evermed-ops.yml:2: environment \"staging\" has no url.")
    }

    func testConfig_UnsetVariableInPlainSetting_NamesVariableAndLine() {
        let e = error("migrations: ${MIGRATIONS_DIR}\nenvironments:\n  local: { url: x }\n")
        XCTAssertEqual(e, .unsetVariable(file: "evermed-ops.yml", line: 1, variable: "MIGRATIONS_DIR", key: "migrations"))
        assertMessage(e, startsWith: "evermed-ops.yml:1: migrations uses ${MIGRATIONS_DIR}, but MIGRATIONS_DIR is not set")
    }

    func testConfig_UnterminatedVariable_NamesLine() {
        let e = error("environments:\n  staging: { url: \"${STAGING_DATABASE_URL\" }\n")
        assertMessage(e, startsWith: "evermed-ops.yml:2: url has a \"${\" without its closing \"}\"")
    }

    func testConfig_URLExpandsToEmpty_DeferredWithVariableName() throws {
        let project = TestProject()
        project.write("evermed-ops.yml", "environments:\n  staging:\n    url: ${STAGING_DATABASE_URL}\n")
        let ws = try project.load(environment: ["STAGING_DATABASE_URL": "  "])
        XCTAssertThrowsError(try ws.environment(named: "staging")) { error in
            assertMessage(error, startsWith: "evermed-ops.yml:3: url of environment \"staging\" is empty",
                          contains: ["Set STAGING_DATABASE_URL"])
        }
    }

    func testConfig_LiteralEmptyURL_FailsAtLoad() {
        let e = error("environments:\n  local:\n    url: \"\"\n")
        assertMessage(e, startsWith: "evermed-ops.yml:3: url of environment \"local\" is empty.")
    }

    func testConfig_PromoteFromUnknown_SuggestsClosest() {
        let e = error("""
            environments:
              staging: { url: "${STAGING_DATABASE_URL}" }
              production: { url: "${STAGING_DATABASE_URL}", promote_from: stagin }

            """)
        assertMessage(e, startsWith: "evermed-ops.yml:3: environment \"production\" has promote_from: stagin",
                      contains: ["Did you mean \"staging\"?"])
    }

    func testConfig_PromoteFromItself_Explained() {
        let e = error("environments:\n  staging:\n    url: x\n    promote_from: staging\n")
        assertMessage(e, startsWith: "evermed-ops.yml:4: environment \"staging\" has promote_from: staging, itself.")
    }

    func testConfig_BadDuration_NamesLineAndValue() {
        let e = error("lock_wait: 10 seconds\nenvironments:\n  local: { url: x }\n")
        XCTAssertEqual(e, .badDuration(file: "evermed-ops.yml", line: 1, key: "lock_wait", value: "10 seconds"))
        assertMessage(e, startsWith: "evermed-ops.yml:1: lock_wait: \"10 seconds\" is not a duration")
        let perEnv = error("environments:\n  local:\n    url: x\n    statement_timeout: -5s\n")
        assertMessage(perEnv, startsWith: "evermed-ops.yml:4: statement_timeout: \"-5s\"")
    }

    func testConfig_BadBoolean_NamesLine() {
        let e = error("environments:\n  production:\n    url: x\n    protected: maybe\n")
        assertMessage(e, startsWith: "evermed-ops.yml:4: protected: \"maybe\" is not true or false")
    }

    func testConfig_EmptyEnvironments_NamesLine() {
        assertMessage(error("migrations: db\n\nenvironments: {}\n"), startsWith: "evermed-ops.yml:3: no environments")
        assertMessage(error("environments:\n"), startsWith: "evermed-ops.yml:1: no environments")
    }

    func testConfig_MigrationsDirectoryMissing_NamesConfigLine() {
        let e = error("environments:\n  local: { url: x }\nmigrations: db/migratons\n")
        XCTAssertEqual(e, .migrationsDirectoryNotFound(path: "db/migratons", configuredAt: "evermed-ops.yml:3"))
        assertMessage(e, startsWith: "Migrations directory db/migratons does not exist. Fix migrations: at evermed-ops.yml:3")
    }

    func testConfig_ExplicitPathMissing() {
        let project = TestProject()
        let e = project.loadError(config: "nope/evermed-ops.yml")
        XCTAssertEqual(e, .configNotFound(path: "nope/evermed-ops.yml"))
        assertMessage(e, startsWith: "nope/evermed-ops.yml: no such file (given with --config)")
    }

    func testConfig_ExplicitPathIsDirectory() {
        let project = TestProject()
        project.mkdir("conf")
        assertMessage(project.loadError(config: "conf"), startsWith: "conf: cannot be read (it is a directory)")
    }

    func testConfig_NoFileNoVariables_ExplainsHowToStart() {
        let project = TestProject()
        let e = project.loadError(environment: ["HOME": "/root"])
        XCTAssertEqual(e, .noConfiguration(directory: project.root))
        assertMessage(e, startsWith: "No evermed-ops.yml in \(project.root)",
                      contains: ["Set DATABASE_URL", "environments:", "url: \"${DATABASE_URL}\""])
    }

    func testConfig_NotUTF8_NamesLine() {
        let project = TestProject()
        project.write("evermed-ops.yml", bytes: Array("environments:\n  local: { url: x }\n# caf".utf8) + [0xE9, 10])
        assertMessage(project.loadError(), startsWith: "evermed-ops.yml:3: the file is not valid UTF-8")
    }

    func testDotEnv_BadLine_NamesLineWithoutContent() {
        let project = TestProject()
        project.write("evermed-ops.yml", "environments:\n  local: { url: x }\n")
        project.write(".env", "A=1\n\npostgresql://u:s3cretpw@h/db\n")
        let e = project.loadError()
        XCTAssertEqual(e, .dotEnvSyntax(file: ".env", line: 3))
        assertMessage(e, startsWith: ".env:3: expected KEY=VALUE")
    }

    func testEnvironmentNamed_Unknown_ListsKnownAndSuggests() throws {
        let project = TestProject()
        project.write("evermed-ops.yml", WorkspaceLoadTests.fullConfig)
        project.mkdir("db/migrations")
        let ws = try project.load(environment: TestProject.environment.merging(["PRODUCTION_DATABASE_URL": "x"]) { $1 })
        XCTAssertThrowsError(try ws.environment(named: "prod")) { error in
            assertMessage(error, startsWith: "Unknown environment \"prod\" (known: local, staging, production).",
                          contains: ["Did you mean \"production\"?"])
        }
        XCTAssertThrowsError(try ws.environment(named: "stagign")) { error in
            assertMessage(error, startsWith: "Unknown environment", contains: ["Did you mean \"staging\"?"])
        }
    }

    func testErrors_NeverContainSecrets() {
        // The secret is written literally on the broken line; no message may echo it.
        let configs = [
            "environments:\n  staging: { url: postgresql://u:s3cretpw@h/db, protected: perhaps }\n",
            "environments:\n  staging: { url: postgresql://u:s3cretpw@h/db, lock_wait: soon }\n",
            "environments:\n  staging: { url: 'postgresql://u:s3cretpw@h/db' \n",
            "environments:\n  staging: { url: \"postgresql://u:s3cretpw@h/db\", promote_from: prod }\n",
            "environments:\n  staging: { url: postgresql://u:s3cretpw@h/db, colour: blue }\n",
            "environments:\n  staging: { url: postgresql://u:s3cretpw@h/db }\n  staging: { url: x }\n",
            "environments:\n  staging: { url: ${STAGING_DATABASE_URL}, protected: perhaps }\n",
        ]
        for config in configs {
            let e = error(config)
            XCTAssertNotNil(e, config)
            assertNoSecret(String(describing: e))
        }
    }
}
