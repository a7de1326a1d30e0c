import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// One night of the cron sample: its command line with /etc/provision, /var/lib/provision and /srv/hr moved to a
/// temporary directory, run by /bin/sh with a fake `logger` that appends to a file, as an unprivileged account.
///
/// The files are installed as the sample's header says (its `install` lines: owner and mode), the account the line
/// names standing for an unprivileged one: uid 65534 when the tests run as root (the line then runs through
/// `setpriv`), else the user running them.
struct CronNight {
    let workspace: Workspace
    var root: URL { workspace.directory }
    var state: URL { root.appendingPathComponent("state") }
    var export: URL { root.appendingPathComponent("hr/export.csv") }
    var secrets: URL { root.appendingPathComponent("etc/secrets.env") }
    let command: String

    /// The unprivileged account the line runs as.
    static let account: (uid: uid_t, gid: gid_t) = getuid() == 0 ? (65534, 65534) : (getuid(), getgid())
    static let dropsPrivileges = getuid() == 0

    /// With `certificate`, the secrets file is the example's certificate variant, naming that fixture.
    init(emulator: some EmulatorHandle, certificate: String? = nil) throws {
        workspace = try Workspace()
        let root = workspace.directory
        let fm = FileManager.default
        for sub in ["etc", "state", "hr", "bin"] {
            try fm.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let crontab = try String(contentsOf: SamplesTests.cronSample, encoding: .utf8)
        let install = try Self.secretsInstall(in: crontab)
        // The config sample, pointed at the emulator.
        var config = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: SamplesTests.configSample)))
                as? [String: Any])
        config["endpoint"] = emulator.endpoint
        config["authority-host"] = emulator.authority
        config["tenant-id"] = InProcessEmulator.tenant
        config["client-id"] = InProcessEmulator.client
        try JSONSerialization.data(withJSONObject: config).write(to: root.appendingPathComponent("etc/provision.json"))
        // The secrets example with the emulator's secret, installed as the header says.
        let example = try String(
            contentsOf: repositoryRoot.appendingPathComponent("samples/cron/secrets.env.example"), encoding: .utf8)
        #expect(example.contains(install.text), "secrets.env.example and provision.cron disagree on \(install.text)")
        var secretsText = example.replacingOccurrences(
            of: "replace-with-the-client-secret-value", with: InProcessEmulator.secret)
        if let certificate {
            // The variant the example describes: the secret line deleted, the certificate path uncommented, the file
            // owned by the account, mode 0600.
            let installed = try CertificateFixtures.install(
                certificate, in: root.appendingPathComponent("etc"), as: "client.pem")
            try Self.own(installed)
            let path = "#AZURE_CLIENT_CERTIFICATE_PATH=/etc/provision/client.pem"
            try #require(secretsText.contains(path), "secrets.env.example lost its certificate variant")
            secretsText = secretsText.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("AZURE_CLIENT_SECRET=") }.joined(separator: "\n")
                .replacingOccurrences(of: path, with: "AZURE_CLIENT_CERTIFICATE_PATH=\(installed.path)")
        }
        let secrets = root.appendingPathComponent("etc/secrets.env")
        try secretsText.write(to: secrets, atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: install.mode], ofItemAtPath: secrets.path)
        try Self.own(secrets)
        // install -d -m 0700 -o provision /var/lib/provision
        let state = root.appendingPathComponent("state")
        try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: state.path)
        try Self.own(state)
        let syslog = root.appendingPathComponent("syslog")
        try Data().write(to: syslog)
        try Self.own(syslog)
        let logger = root.appendingPathComponent("bin/logger")
        try "#!/bin/sh\n[ \"$1\" = -t ] && [ \"$2\" = provision ] || exit 2\ncat >> \"\(syslog.path)\"\n".write(
            to: logger, atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: logger.path)
        // The built binary, where the account can run it: a checkout may live where only its owner can enter (a
        // fresh clone in a 0700 temporary folder), as /usr/local/bin is open to all.
        try fm.copyItem(at: BinaryRunner.provision, to: root.appendingPathComponent("bin/provision"))

        let lines = crontab.split(separator: "\n").filter { $0.first?.isNumber == true }
        try #require(lines.count == 1, "expected one active line in provision.cron")
        // /etc/cron.d format: five time fields, the account, then the command.
        let fields = lines[0].split(separator: " ", maxSplits: 6)
        #expect(
            fields[5] == install.owner, "the line runs as \(fields[5]); the secrets file is owned by \(install.owner)")
        command = fields.last.map(String.init)!
            .replacingOccurrences(of: "/etc/provision/", with: root.path + "/etc/")
            .replacingOccurrences(of: "/var/lib/provision/", with: root.path + "/state/")
            .replacingOccurrences(of: "/srv/hr/", with: root.path + "/hr/")
        let unmoved = command.replacingOccurrences(of: root.path, with: "ROOT")
        #expect(!unmoved.contains(" /"), "a path the test does not move: \(command)")
    }

    /// The header's `install -m MODE -o OWNER -g GROUP secrets.env.example /etc/provision/secrets.env` line.
    static func secretsInstall(in crontab: String) throws -> (text: String, mode: Int, owner: String) {
        let pattern = try NSRegularExpression(
            pattern: #"install -m ([0-7]{4}) -o (\S+) -g (\S+) secrets\.env\.example /etc/provision/secrets\.env"#)
        let match = try #require(
            pattern.firstMatch(in: crontab, range: NSRange(crontab.startIndex..., in: crontab)),
            "provision.cron does not say how to install secrets.env")
        let text = { String(crontab[Range(match.range(at: $0), in: crontab)!]) }
        return (text(0), Int(text(1), radix: 8)!, text(2))
    }

    /// Gives `url` to the account (the sample's "owner provision").
    static func own(_ url: URL) throws {
        guard chown(url.path, account.uid, account.gid) == 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
    }

    /// Runs the line as cron would (sh, a minimal environment, the account's home, as the account) and returns what
    /// reached syslog this night.
    func run(extra: String = "") async throws -> String {
        let line = extra.isEmpty ? command : command.replacingOccurrences(of: " --quiet ", with: " --quiet \(extra) ")
        let syslog = root.appendingPathComponent("syslog")
        let before = (try? String(contentsOf: syslog, encoding: .utf8)) ?? ""
        let path = "\(root.path)/bin:/usr/bin:/bin"
        // cron sets HOME from the account (/var/lib/provision) and nothing else that provision reads.
        let environment = ["PATH": path, "HOME": state.path, "XDG_CACHE_HOME": ""]
        let result =
            Self.dropsPrivileges
            ? try await BinaryRunner.run(
                [
                    "--reuid=\(Self.account.uid)", "--regid=\(Self.account.gid)", "--clear-groups", "/bin/sh", "-c",
                    line,
                ], environment: environment, executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
            : try await BinaryRunner.run(
                ["-c", line], environment: environment, executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(
            result.status == 0 && result.stdout.isEmpty && result.stderr.isEmpty,
            "cron would mail this: \(result.stdout)\(result.stderr)")
        let after = (try? String(contentsOf: syslog, encoding: .utf8)) ?? ""
        return String(after.dropFirst(before.count))
    }
}
