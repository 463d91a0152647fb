import XCTest
@testable import OpsWorkspace

final class WorkspaceLoadTests: XCTestCase {
    static let fullConfig = """
        migrations: db/migrations
        shadow_url: ${SHADOW_DATABASE_URL:-postgresql://localhost/shadow}
        lock_wait: 20s
        environments:
          local:      { url: "${DATABASE_URL}" }
          staging:    { url: "${STAGING_DATABASE_URL}", lock_wait: 500ms }
          production: { url: "${PRODUCTION_DATABASE_URL}", protected: true, promote_from: staging, lock_timeout: 5s, statement_timeout: 2m }

        """

    func testConfig_FullFile_ReadsEveryField() throws {
        let project = TestProject()
        project.write("evermed-ops.yml", Self.fullConfig)
        project.mkdir("db/migrations")
        var env = TestProject.environment
        env["PRODUCTION_DATABASE_URL"] = "postgresql://p@prod/db"
        let ws = try project.load(environment: env)

        XCTAssertEqual(ws.root, project.root)
        XCTAssertEqual(ws.configPath, project.path("evermed-ops.yml"))
        XCTAssertEqual(ws.migrationsDirectory, project.path("db/migrations"))
        XCTAssertEqual(ws.migrationsDisplayPath, "db/migrations")
        XCTAssertEqual(ws.stateDirectory, project.path(".evermed-ops"))
        XCTAssertEqual(ws.shadowURL, "postgresql://localhost/shadow")
        XCTAssertEqual(ws.environments.map(\.name), ["local", "staging", "production"])

        let local = try ws.environment(named: "local")
        XCTAssertEqual(local.url, "postgresql://u:s3cretpw@localhost/dev")
        XCTAssertEqual(local.lockWait, 20)  // top-level default
        XCTAssertEqual(local.lockTimeout, 5)
        XCTAssertNil(local.statementTimeout)
        XCTAssertFalse(local.protected)

        XCTAssertEqual(try ws.environment(named: "staging").lockWait, 0.5)
        let production = try ws.environment(named: "production")
        XCTAssertTrue(production.protected)
        XCTAssertEqual(production.promoteFrom, "staging")
        XCTAssertEqual(production.statementTimeout, 120)
        XCTAssertEqual(production.url, "postgresql://p@prod/db")
    }

    func testConfig_FoundInParentDirectory() throws {
        let project = TestProject()
        project.write("evermed-ops.yml", "environments:\n  local: { url: \"${DATABASE_URL}\" }\n")
        project.mkdir("prisma/migrations")
        project.mkdir("app/src/deep")
        let ws = try project.load(cwd: "app/src/deep")
        XCTAssertEqual(ws.root, project.root)
        XCTAssertEqual(ws.configPath, project.path("evermed-ops.yml"))
        XCTAssertEqual(ws.migrationsDirectory, project.path("prisma/migrations"))
        XCTAssertEqual(ws.migrationsDisplayPath, "prisma/migrations")
    }

    func testConfig_ExplicitPath_RelativeToCwd() throws {
        let project = TestProject()
        project.write("evermed-ops.yml", "environments:\n  wrong: { url: x }\n")
        project.write("ops/custom.yml", "migrations: ../sql\nenvironments:\n  dev: { url: \"${DATABASE_URL}\" }\n")
        project.mkdir("sql")
        let ws = try project.load(config: "ops/custom.yml")
        XCTAssertEqual(ws.root, project.path("ops"))
        XCTAssertEqual(ws.configPath, project.path("ops/custom.yml"))
        XCTAssertEqual(ws.environments.map(\.name), ["dev"])
        XCTAssertEqual(ws.migrationsDirectory, project.path("sql"))
        XCTAssertEqual(ws.migrationsDisplayPath, "../sql")
    }

    func testConfig_DotEnvNextToConfig_ProcessEnvironmentWins() throws {
        let project = TestProject()
        project.write("evermed-ops.yml", """
            environments:
              local: { url: "${DATABASE_URL}" }
              staging: { url: "${FROM_DOTENV}" }

            """)
        project.write(".env", """
            # comment
            DATABASE_URL=postgresql://dotenv/local
            export FROM_DOTENV="postgresql://dotenv/staging" # trailing comment
            QUOTED='a "b" #c'

            """)
        project.mkdir("sub")
        let ws = try project.load(cwd: "sub", environment: ["DATABASE_URL": "postgresql://process/local"])
        XCTAssertEqual(try ws.environment(named: "local").url, "postgresql://process/local")
        XCTAssertEqual(try ws.environment(named: "staging").url, "postgresql://dotenv/staging")
        XCTAssertEqual(ws.variables["DATABASE_URL"], "postgresql://process/local")
        XCTAssertEqual(ws.variables["QUOTED"], "a \"b\" #c")
    }

    func testConfig_DefaultValueSyntax() throws {
        let project = TestProject()
        project.write("evermed-ops.yml", """
            environments:
              local: { url: "${LOCAL_URL:-postgresql://localhost/dev}" }
              ci: { url: "${EMPTY:-postgresql://ci/db}" }

            """)
        let ws = try project.load(environment: ["EMPTY": ""])
        XCTAssertEqual(try ws.environment(named: "local").url, "postgresql://localhost/dev")
        XCTAssertEqual(try ws.environment(named: "ci").url, "postgresql://ci/db")
    }

    func testConfig_ShorthandEnvironmentIsURL() throws {
        let project = TestProject()
        project.write("evermed-ops.yml", "environments:\n  local: \"${DATABASE_URL}\"\n")
        XCTAssertEqual(try project.load().environment(named: "local").url, "postgresql://u:s3cretpw@localhost/dev")
    }

    func testConfig_MigrationsDefault_PrefersDbThenPrismaThenDb() throws {
        let project = TestProject()
        project.write("evermed-ops.yml", "environments:\n  local: { url: x }\n")
        XCTAssertEqual(try project.load().migrationsDisplayPath, "db/migrations")  // neither exists
        project.mkdir("prisma/migrations")
        XCTAssertEqual(try project.load().migrationsDisplayPath, "prisma/migrations")
        project.mkdir("db/migrations")
        XCTAssertEqual(try project.load().migrationsDisplayPath, "db/migrations")
    }

    func testConfig_NoFile_UsesDatabaseURLVariables() throws {
        let project = TestProject()
        project.mkdir("prisma/migrations")
        var env = TestProject.environment
        env["PRODUCTION_DATABASE_URL"] = "postgresql://prod/db"
        let ws = try project.load(environment: env)
        XCTAssertNil(ws.configPath)
        XCTAssertEqual(ws.root, project.root)
        XCTAssertNil(ws.shadowURL)
        XCTAssertEqual(ws.environments.map(\.name), ["local", "staging", "production"])
        let production = try ws.environment(named: "production")
        XCTAssertTrue(production.protected)
        XCTAssertEqual(production.promoteFrom, "staging")
        XCTAssertEqual(ws.migrationsDisplayPath, "prisma/migrations")
    }

    func testConfig_NoFile_LoadsDotEnvFromCwd() throws {
        let project = TestProject()
        project.write(".env", "DATABASE_URL=postgresql://from-dotenv/dev\n")
        let ws = try project.load(environment: [:])
        XCTAssertEqual(ws.environments.map(\.name), ["local"])
        XCTAssertEqual(try ws.environment(named: "local").url, "postgresql://from-dotenv/dev")
    }

    func testConfig_NoEnvironmentsKey_FallsBackToVariables() throws {
        let project = TestProject()
        project.write("evermed-ops.yml", "migrations: prisma/migrations\nlock_wait: 3s\n")
        project.mkdir("prisma/migrations")
        let ws = try project.load()
        XCTAssertEqual(ws.environments.map(\.name), ["local", "staging"])
        XCTAssertEqual(ws.environments[0].lockWait, 3)
    }

    func testConfig_UnsetVariable_DeferredUntilEnvironmentUsed() throws {
        let project = TestProject()
        project.write("evermed-ops.yml", """
            environments:
              local: { url: "${DATABASE_URL}" }
              production:
                url: "${PRODUCTION_DATABASE_URL}"

            """)
        let ws = try project.load()
        XCTAssertTrue(ws.environments[0].isAvailable)
        XCTAssertFalse(ws.environments[1].isAvailable)
        XCTAssertNoThrow(try ws.environment(named: "local"))
        XCTAssertThrowsError(try ws.environment(named: "production")) { error in
            assertMessage(error, startsWith: "evermed-ops.yml:4: url uses ${PRODUCTION_DATABASE_URL}",
                          contains: ["PRODUCTION_DATABASE_URL is not set"])
        }
    }

    func testConfig_UnsetShadowVariable_ReportedWhenShadowRequired() throws {
        let project = TestProject()
        project.write("evermed-ops.yml", "shadow_url: ${SHADOW_DATABASE_URL}\nenvironments:\n  local: { url: x }\n")
        let ws = try project.load()
        XCTAssertNil(ws.shadowURL)
        XCTAssertThrowsError(try ws.requireShadowURL()) { error in
            assertMessage(error, startsWith: "evermed-ops.yml:1: shadow_url uses ${SHADOW_DATABASE_URL}")
        }
    }

    func testEnvironment_Description_HidesURL() throws {
        let project = TestProject()
        project.write("evermed-ops.yml", Self.fullConfig)
        project.mkdir("db/migrations")
        let ws = try project.load()
        let staging = try ws.environment(named: "staging")
        XCTAssertEqual("\(staging)", "staging")
        assertNoSecret(String(reflecting: staging))
        var dumped = ""
        dump(staging, to: &dumped)
        assertNoSecret(dumped)
        dumped = ""
        dump(ws, to: &dumped)
        assertNoSecret(dumped)
        assertNoSecret(String(describing: ws))
        assertNoSecret(String(reflecting: ws))
        assertNoSecret(String(describing: ws.environments))
    }
}
