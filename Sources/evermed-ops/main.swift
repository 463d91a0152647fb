import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Parse, run, and map every outcome to the documented exit codes: usage errors are 2 (not
// ArgumentParser's 64), help and --version are 0.
do {
    var command = try EvermedOps.parseAsRoot()
    try command.run()
} catch let code as ExitCode {
    exit(code.rawValue)
} catch {
    let status = EvermedOps.exitCode(for: error)
    let message = EvermedOps.fullMessage(for: error)
    if status == .success {
        print(message)
        exit(0)
    }
    FileHandle.standardError.write((message + "\n").data(using: .utf8)!)
    exit(2)
}
