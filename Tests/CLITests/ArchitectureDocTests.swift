import Foundation
import TestSupport
import Testing

/// docs/architecture.md's module tables are held to Package.swift: every module is listed, with exactly its
/// dependencies, and the main table lists each module after everything it depends on.
@Suite struct ArchitectureDocTests {
    /// The targets shown nowhere in the tables: system-library shims, the shared test helpers, and the emulators'
    /// executables (each a `main` over the module the table lists).
    static let unlisted: Set<String> = ["CCurl", "COpenSSL", "TestSupport", "entra-emulator", "hr-emulator"]

    /// Each non-test target of Package.swift and the targets it depends on (platform conditions ignored).
    static func packageTargets() throws -> [String: Set<String>] {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let code = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
            .joined(separator: "\n")
        var targets: [String: Set<String>] = [:]
        // One declaration a chunk: each starts a line at the targets list's indentation.
        let declaration = try Regex(#"(?m)^        \.(target|executableTarget|systemLibrary)\("#)
        let anyDeclaration = try Regex(#"(?m)^        \.[a-zA-Z]+\("#)
        let quoted = try Regex(#""([^"]+)""#)
        for match in code.matches(of: declaration) {
            let rest = code[match.range.upperBound...]
            let chunk = rest[..<(rest.firstMatch(of: anyDeclaration)?.range.lowerBound ?? rest.endIndex)]
            guard let name = chunk.firstMatch(of: quoted)?.output[1].substring else { continue }
            var dependencies: Set<String> = []
            if let list = chunk.range(of: "dependencies:") {
                for item in chunk[list.upperBound...].matches(of: quoted) {
                    if let dependency = item.output[1].substring { dependencies.insert(String(dependency)) }
                }
            }
            targets[String(name)] = dependencies
        }
        return targets
    }

    /// Each table row of the document: the module (the first code span of the first cell) and its dependencies.
    static func documentedModules() throws -> [(name: String, dependencies: Set<String>)] {
        let text = try String(
            contentsOf: repositoryRoot.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count == 5, cells[1].hasPrefix("`") else { return nil }
            let name = cells[1].split(separator: "`")[0]
            let dependencies =
                cells[3] == "—"
                ? [] : Set(cells[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            return (String(name), dependencies)
        }
    }

    @Test func everyModuleIsDocumentedWithItsDependencies() throws {
        let targets = try Self.packageTargets()
        let documented = try Self.documentedModules()
        #expect(targets.count > 20, "Package.swift's targets were not found")
        #expect(Set(documented.map(\.name)) == Set(targets.keys).subtracting(Self.unlisted))
        for module in documented {
            #expect(
                module.dependencies == targets[module.name],
                "docs/architecture.md lists \(module.name)'s dependencies differently from Package.swift")
        }
    }

    @Test func theModuleTableListsEachModuleAfterItsDependencies() throws {
        var seen: Set<String> = ["CCurl", "COpenSSL"]
        for module in try Self.documentedModules() {
            let missing = module.dependencies.subtracting(seen)
            #expect(missing.isEmpty, "\(module.name) is listed before \(missing.sorted())")
            seen.insert(module.name)
        }
    }

    /// `make fuzz` compiles the modules with swiftc, outside SwiftPM (scripts/fuzz.sh): each module it compiles must
    /// list the modules Package.swift gives it (the system-library shims are built or found apart).
    @Test func theFuzzBuildCompilesEachModuleWithItsDependencies() throws {
        let targets = try Self.packageTargets()
        let script = try String(
            contentsOf: repositoryRoot.appendingPathComponent("scripts/fuzz.sh"), encoding: .utf8)
        var compiled = 0
        for line in script.split(separator: "\n") where line.hasPrefix("    library ") {
            var words = line.split(separator: " ").dropFirst().map(String.init)
            let name = words.removeFirst()
            if let flag = words.firstIndex(of: "-I") { words.removeSubrange(flag...min(flag + 1, words.count - 1)) }
            let expected = (targets[name] ?? []).subtracting(["CCurl", "COpenSSL"])
            #expect(Set(words) == expected, "scripts/fuzz.sh compiles \(name) with \(words.sorted())")
            compiled += 1
        }
        #expect(compiled >= 8, "no 'library' lines found in scripts/fuzz.sh")
    }
}
