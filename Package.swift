// swift-tools-version:6.1
// evermed-ops: keeps a team's PostgreSQL schema in step across environments.
import PackageDescription

let package = Package(
    name: "evermed-ops",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "evermed-ops", targets: ["evermed-ops"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ],
    targets: [
        // C libraries, found through pkg-config. Each is a module map plus a shim of typed wrappers.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // The extensions library ships no .pc file: the module map links both by name.
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),

        // Pure logic: no I/O, no C.
        .target(name: "OpsCore"),
        // The project on disk: config file, .env, migrations folder, caches.
        .target(name: "OpsWorkspace", dependencies: ["OpsCore", .product(name: "Yams", package: "Yams")]),
        // libpq: connections, errors, catalog introspection, history table, shadow replay.
        .target(name: "OpsPostgres", dependencies: ["OpsCore", "CLibPQ"]),
        // cmark-gfm: markdown SOPs → playbooks; the repository's sops/ built in by the EmbedText plugin.
        .target(name: "OpsPlaybooks", dependencies: ["OpsCore", "OpsWorkspace", "CCmark", .product(name: "Yams", package: "Yams")],
                plugins: ["EmbedText"]),
        .executableTarget(name: "embed-text"),
        .plugin(name: "EmbedText", capability: .buildTool(), dependencies: ["embed-text"]),
        // libcurl: the OpenAI-compatible client (SSE, retries, cancellation), payload redaction, prompt templates
        // (swift-mustache; the repository's prompts/ built in), the agent loop.
        .target(name: "OpsLLM", dependencies: ["OpsCore", "CCurl", .product(name: "Mustache", package: "swift-mustache"),
                                              .product(name: "MCP", package: "swift-sdk")],
                plugins: ["EmbedText"]),
        // Typed actions (status, check, diff, sop, …) that the CLI, the console and SOP steps all run.
        .target(name: "OpsEngine", dependencies: ["OpsCore", "OpsWorkspace", "OpsPostgres", "OpsPlaybooks", "OpsLLM"]),
        // Rendering and the one print site.
        .target(name: "OpsConsole", dependencies: ["OpsCore", "OpsWorkspace", "OpsPostgres", "OpsEngine", "OpsPlaybooks",
                                                  "OpsLLM", "CLibEdit"]),
        .executableTarget(name: "evermed-ops", dependencies: ["OpsCore", "OpsConsole"]),

        .testTarget(name: "OpsCoreTests", dependencies: ["OpsCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "OpsWorkspaceTests", dependencies: ["OpsWorkspace"]),
        .testTarget(name: "OpsPostgresTests", dependencies: ["OpsPostgres", "OpsCore"]),
        .testTarget(name: "OpsPlaybooksTests", dependencies: ["OpsPlaybooks", "OpsCore", "OpsWorkspace"]),
        .testTarget(name: "OpsLLMTests", dependencies: ["OpsLLM", "OpsCore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["OpsCore"], exclude: ["RoundTrip"]),
    ],
    swiftLanguageModes: [.v6]
)
