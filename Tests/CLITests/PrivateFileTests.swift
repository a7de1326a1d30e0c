import Foundation
import TestSupport
import Testing

@testable import Configuration
@testable import ProvisionCLI
@testable import Sync

/// Files holding a secret are used only when no other account can read them, as ssh treats private keys; the rule
/// covers `--client-secret-file` as well as certificates, and understands systemd credentials' ACLs.
@Suite struct PrivateFileTests {
    typealias Entry = PrivateFile.ACLEntry

    @Test(arguments: [0o600, 0o400, 0o700])
    func ownerOnlyModesAreAccepted(mode: Int) {
        #expect(PrivateFile.refusal(path: "/f", mode: UInt32(mode), owner: 1000, me: 1000, acl: nil) == nil)
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o620, 0o602, 0o610])
    func anyGroupOrOtherBitIsRefused(mode: Int) {
        let reason = PrivateFile.refusal(path: "/f", mode: UInt32(mode), owner: 1000, me: 1000, acl: nil)
        #expect(reason?.contains("permissions 0\(String(mode, radix: 8)) are too open") == true)
        #expect(reason?.contains("chmod 600 /f") == true)
    }

    @Test func aFileOwnedByAnotherAccountIsRefusedButRootsIsNot() {
        #expect(
            PrivateFile.refusal(path: "/f", mode: 0o600, owner: 1001, me: 1000, acl: nil)?.contains("uid 1001") == true)
        #expect(PrivateFile.refusal(path: "/f", mode: 0o400, owner: 0, me: 1000, acl: nil) == nil)
    }

    /// systemd writes credentials 0400 root-owned and grants the service's account read access with an ACL entry;
    /// `stat` then shows the ACL mask in the group bits (0440).
    @Test func aSystemdCredentialIsAccepted() {
        let acl = [
            Entry(tag: Entry.userObject, permissions: 0o4, id: .max),
            Entry(tag: Entry.user, permissions: 0o4, id: 61234),
            Entry(tag: Entry.groupObject, permissions: 0, id: .max), Entry(tag: Entry.mask, permissions: 0o4, id: .max),
            Entry(tag: Entry.other, permissions: 0, id: .max),
        ]
        #expect(PrivateFile.refusal(path: "/run/credentials/p/s", mode: 0o440, owner: 0, me: 61234, acl: acl) == nil)
        // The same ACL seen by another account, or one that also opens the group, is refused.
        #expect(PrivateFile.refusal(path: "/f", mode: 0o440, owner: 0, me: 1000, acl: acl) != nil)
        var open = acl
        open[2] = Entry(tag: Entry.groupObject, permissions: 0o4, id: .max)
        #expect(
            PrivateFile.refusal(path: "/f", mode: 0o440, owner: 0, me: 61234, acl: open)?.contains("setfacl -b /f")
                == true)
        // "other" bits are refused whatever the ACL says.
        #expect(PrivateFile.refusal(path: "/f", mode: 0o444, owner: 0, me: 61234, acl: acl) != nil)
    }

    @Test func theACLAttributeIsDecodedAndAnythingUndecodableIsDistrusted() {
        let bytes: [UInt8] = [2, 0, 0, 0, 0x01, 0, 4, 0, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 4, 0, 0x39, 0x30, 0, 0]
        #expect(
            PrivateFile.decodeACL(bytes) == [
                Entry(tag: 1, permissions: 4, id: .max), Entry(tag: 2, permissions: 4, id: 12345),
            ])
        let distrusted = PrivateFile.decodeACL([3, 0, 0, 0])
        #expect(PrivateFile.refusal(path: "/f", mode: 0o440, owner: 0, me: 0, acl: distrusted) != nil)
    }

    #if os(Linux)
    /// Sets a real access ACL through the kernel (no setfacl needed): user::r, user:UID:r, group::---, mask::r,
    /// other::---.
    static func setACL(_ path: String, namedUser: UInt32, group: UInt16 = 0) -> Bool {
        typealias SetXattr =
            @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeRawPointer, Int, Int32) -> Int32
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "setxattr") else { return false }
        let setxattr = unsafeBitCast(symbol, to: SetXattr.self)
        func entry(_ tag: UInt16, _ permissions: UInt16, _ id: UInt32) -> [UInt8] {
            [
                UInt8(tag & 0xff), UInt8(tag >> 8), UInt8(permissions & 0xff), 0,
                UInt8(id & 0xff), UInt8(id >> 8 & 0xff), UInt8(id >> 16 & 0xff), UInt8(id >> 24),
            ]
        }
        let bytes =
            [2, 0, 0, 0] + entry(0x01, 4, .max) + entry(0x02, 4, namedUser) + entry(0x04, group, .max)
            + entry(0x10, 4, .max) + entry(0x20, 0, .max)
        return bytes.withUnsafeBytes { setxattr(path, "system.posix_acl_access", $0.baseAddress!, $0.count, 0) }
            == 0
    }

    @Test func aRealACLIsReadFromTheFile() throws {
        let workspace = try Workspace()
        let file = try workspace.write("the-secret\n", to: "secret")
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: file.path)
        let me = UInt32(geteuid())
        try #require(Self.setACL(file.path, namedUser: me), "the file system here takes no POSIX ACLs")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o440, "the ACL mask shows in the group bits")
        #expect(try PrivateFile.read(file.path, setting: "--client-secret-file") == Data("the-secret\n".utf8))
        // An ACL entry for another account: that account could read the secret.
        try #require(Self.setACL(file.path, namedUser: me &+ 4242))
        #expect { try PrivateFile.read(file.path, setting: "--client-secret-file") } throws: { error in
            (error as? ConfigurationError)?.message.contains("its ACL lets other accounts") == true
        }
    }
    #endif
}

/// `--client-secret-file` follows the same rule as a certificate: a 0644 secret file, accepted silently before, is
/// now refused with exit 78.
@Suite(.timeLimit(.minutes(3))) struct ClientSecretFileTests {
    @Test func aSecretFileOnlyItsOwnerCanReadIsUsed() async throws {
        let emulator = try InProcessEmulator()
        let workspace = try Workspace()
        let file = try workspace.write(InProcessEmulator.secret + "\n", to: "client-secret")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        var environment = emulator.environment
        environment["AZURE_CLIENT_SECRET"] = nil
        let result = await InProcessCommand.run(["check", "--client-secret-file", file.path], environment: environment)
        #expect(result.status == 0, "\(result.stdout)")
    }

    @Test(arguments: [0o644, 0o640, 0o604])
    func aSecretFileOthersCanReadIsRefused(mode: Int) async throws {
        let workspace = try Workspace()
        let file = try workspace.write("emulator-secret\n", to: "client-secret")
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
        let environment = [
            "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c",
            "PROVISION_ENDPOINT": "http://127.0.0.1:1/v1.0/servicePrincipals/s/synchronization/jobs/j/bulkUpload",
        ]
        let result = await InProcessCommand.run(
            ["config", "show", "--client-secret-file", file.path], environment: environment)
        #expect(result.status == 78)
        #expect(
            result.stderr.contains(
                "--client-secret-file \(file.path): permissions 0\(String(mode, radix: 8)) are too open"),
            "\(result.stderr)")
        #expect(!result.stderr.contains("emulator-secret"))
    }
}

/// A FIFO named as `AZURE_CLIENT_CERTIFICATE_PATH` or `--client-secret-file` blocked forever in `open`. Anything
/// that is not a regular file is refused at once now, without blocking.
@Suite struct SecretFileKindTests {
    @Test(arguments: ["--client-secret-file", "AZURE_CLIENT_CERTIFICATE_PATH"])
    func aFIFOIsRefusedWithoutBlocking(setting: String) throws {
        let workspace = try Workspace()
        let fifo = try SpecialFiles.fifo(at: workspace.url("secret"))
        let read: @Sendable () -> String = {
            do {
                _ = try PrivateFile.read(fifo.path, setting: setting)
                return "read"
            } catch {
                return (error as? ConfigurationError)?.message ?? "\(error)"
            }
        }
        let message = returnsWithin(seconds: 10, release: { SpecialFiles.releaseReaders(of: fifo) }, read)
        #expect(message == "\(setting) \(fifo.path): it is a FIFO (named pipe), not a regular file")
    }

    @Test func aDirectoryIsRefusedAsNotARegularFile() throws {
        let workspace = try Workspace()
        #expect {
            _ = try PrivateFile.read(workspace.directory.path, setting: "--client-secret-file")
        } throws: { error in
            (error as? ConfigurationError)?.message.hasSuffix("it is a directory, not a regular file") == true
        }
    }

    /// The built binary: a FIFO as either credential file is exit 78 at once, naming it. (A process: were the
    /// refusal lost, the open would block forever, which only a process can be killed out of.)
    @Test(arguments: [true, false])
    func theBinaryRefusesAFIFOCredentialFile(certificate: Bool) async throws {
        let workspace = try Workspace()
        let fifo = try SpecialFiles.fifo(at: workspace.url(certificate ? "client.pem" : "client-secret"))
        var environment = [
            "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c",
            "PROVISION_ENDPOINT": "http://127.0.0.1:1/v1.0/servicePrincipals/s/synchronization/jobs/j/bulkUpload",
        ]
        var arguments = ["config", "show"]
        if certificate {
            environment["AZURE_CLIENT_CERTIFICATE_PATH"] = fifo.path
        } else {
            arguments += ["--client-secret-file", fifo.path]
        }
        let result = try await BinaryRunner.run(arguments, environment: environment, timeout: 20)
        SpecialFiles.releaseReaders(of: fifo)
        #expect(result.status == 78, "\(result.stderr)")
        #expect(
            result.stderr.contains("\(fifo.path): it is a FIFO (named pipe), not a regular file"), "\(result.stderr)")
    }
}
