import Foundation
import Token

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file holding a secret (a client secret, a certificate's private key), read only when no other account can read
/// or change it, as ssh treats private keys: owned by this account or root, and no access for group or others.
///
/// On Linux a POSIX ACL shows its mask in the group bits, so a systemd credential (mode 0400 owned by root, with an
/// ACL entry for the service's own account) reads as 0440; the ACL itself is then checked instead of the bits.
package enum PrivateFile {
    /// Secrets and certificate files are small; anything larger is not one.
    package static let maximumBytes = 1 << 20

    /// One entry of a POSIX access ACL (tag and permissions as in `acl(5)`).
    package struct ACLEntry: Sendable, Equatable {
        static let userObject: UInt16 = 0x01, user: UInt16 = 0x02, groupObject: UInt16 = 0x04, group: UInt16 = 0x08
        static let mask: UInt16 = 0x10, other: UInt16 = 0x20
        let tag: UInt16
        let permissions: UInt16
        let id: UInt32
    }

    /// The contents of `path`; `setting` names where the path came from, e.g. "--client-secret-file".
    package static func read(_ path: String, setting: String) throws(ConfigurationError) -> Data {
        // Opened without blocking and checked on the descriptor, so a FIFO cannot hang the run and the file read is
        // the file judged.
        let descriptor: Int32
        let info: stat
        do {
            (descriptor, info) = try RegularFile.openForReading(path)
        } catch {
            throw ConfigurationError("\(setting) \(path): \(error.description)")
        }
        defer { close(descriptor) }
        let mode = UInt32(info.st_mode) & 0o777
        let acl = accessACL(descriptor)
        if let reason = refusal(path: path, mode: mode, owner: UInt32(info.st_uid), me: UInt32(geteuid()), acl: acl) {
            throw ConfigurationError("\(setting) \(path): \(reason)")
        }
        guard info.st_size <= maximumBytes else {
            throw ConfigurationError("\(setting) \(path): larger than 1 MiB, so not a secret or certificate file")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw ConfigurationError("\(setting) \(path): cannot read it (\((error as NSError).localizedDescription))")
        }
        return data
    }

    /// Why a file with these permissions may not hold a secret, or nil when only its owner (this account or root)
    /// can use it. `acl` is the file's access ACL when it has one.
    package static func refusal(path: String, mode: UInt32, owner: UInt32, me: UInt32, acl: [ACLEntry]?) -> String? {
        let octal = "0" + String(mode, radix: 8)
        if owner != me && owner != 0 {
            return "it is owned by another account (uid \(owner)), which could read or replace the secret: make this "
                + "account (uid \(me)) or root its owner"
        }
        if mode & 0o007 != 0 || (acl == nil && mode & 0o070 != 0) {
            return "permissions \(octal) are too open: a file holding a secret must not be accessible by group or "
                + "others (as ssh requires of private keys), so it is not used. Run: chmod 600 \(path)"
        }
        guard let acl else { return nil }
        // With an ACL, the group bits are the mask; what others get is each group-class entry limited by the mask.
        let mask = acl.first { $0.tag == ACLEntry.mask }?.permissions ?? 0o7
        let others = acl.filter { entry in
            switch entry.tag {
            case ACLEntry.groupObject, ACLEntry.group: true
            case ACLEntry.user: entry.id != me && entry.id != 0
            default: false
            }
        }
        if others.contains(where: { $0.permissions & mask != 0 }) {
            return "its ACL lets other accounts or groups access it (getfacl shows them): a file holding a secret must "
                + "be accessible by its owner only. Run: setfacl -b \(path) && chmod 600 \(path)"
        }
        return nil
    }

    /// The `system.posix_acl_access` extended attribute, decoded; nil when the file has none (or on other systems).
    private static func accessACL(_ descriptor: Int32) -> [ACLEntry]? {
        #if os(Linux)
        // glibc's fgetxattr(2) wrapper; <sys/xattr.h> is not part of Swift's Glibc module, so it is looked up.
        typealias GetXattr = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int) -> Int
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "fgetxattr") else { return nil }
        let fgetxattr = unsafeBitCast(symbol, to: GetXattr.self)
        var bytes = [UInt8](repeating: 0, count: 4 + 8 * 64)
        let count = fgetxattr(descriptor, "system.posix_acl_access", &bytes, bytes.count)
        guard count > 0 else { return nil }
        return decodeACL(Array(bytes.prefix(count)))
        #else
        return nil
        #endif
    }

    /// Linux's xattr form: a little-endian u32 version (2), then 8-byte entries of u16 tag, u16 permissions, u32 id.
    /// An undecodable attribute is treated as granting everything, so that the file is refused rather than trusted.
    package static func decodeACL(_ bytes: [UInt8]) -> [ACLEntry] {
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
        let everything = [ACLEntry(tag: ACLEntry.groupObject, permissions: 0o7, id: UInt32.max)]
        guard bytes.count >= 4, (bytes.count - 4) % 8 == 0, u32(0) == 2 else { return everything }
        return stride(from: 4, to: bytes.count, by: 8).map {
            ACLEntry(tag: u16($0), permissions: u16($0 + 2), id: u32($0 + 4))
        }
    }
}
