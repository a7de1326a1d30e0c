/// The largest record and field any command reads from an export. A real HR record is a few kilobytes; these caps
/// are far above it and keep memory bounded whatever the file holds (`/dev/zero`, a 200 MB cell, a header of
/// 100,000 columns): past one of them the read stops with `file:line` and exit 65.
package struct CSVLimits: Sendable, Equatable {
    /// Bytes of one field, after decoding to UTF-8 and removing quotes (256 KB; no Entra attribute holds more than
    /// a few kilobytes).
    package var maxFieldBytes: Int
    /// Bytes of one record, all its fields together (1 MB).
    package var maxRecordBytes: Int
    /// Fields of one record, the header's columns included (10,000).
    package var maxFields: Int

    package static let standard = CSVLimits(maxFieldBytes: 256 << 10, maxRecordBytes: 1 << 20, maxFields: 10_000)

    package init(maxFieldBytes: Int, maxRecordBytes: Int, maxFields: Int) {
        self.maxFieldBytes = maxFieldBytes
        self.maxRecordBytes = maxRecordBytes
        self.maxFields = maxFields
    }

    /// "256 KB", "1 MB": how the limits are named in messages.
    package static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KB" }
        return "\(bytes) bytes"
    }
}
