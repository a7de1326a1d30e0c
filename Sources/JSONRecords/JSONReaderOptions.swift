import CSV

/// How a JSON or NDJSON source is read.
package struct JSONReaderOptions: Sendable {
    /// What the caller says the text is.
    package enum Format: String, Sendable, CaseIterable {
        /// From the content: `[` is an array of records; `{` followed by another `{` on a later line is NDJSON;
        /// one object needs a records path.
        case detect
        /// One JSON document: an array of records, or an object with the records at `recordsPath`.
        case json
        /// One object per line; blank lines are allowed, and an empty text is no records.
        case ndjson
    }

    package var format: Format
    /// Where the records are in an object (`Report_Entry`, `d.results`): keys joined by dots, matched against the
    /// keys as written (so `@odata.nextLink`-style keys with dots work too). nil: none given. "": the records must
    /// be a top-level array.
    package var recordsPath: String?
    /// The CSV path's caps, applied the same way: a value (a string or number) 256 KB, a record's text 1 MB, 10,000
    /// values in a record.
    package var limits: CSVLimits
    /// How deep objects and arrays may nest inside a record (the record itself is level 1), and inside a skipped
    /// value of the envelope: 64. No HR record nests more than a handful of levels; the cap keeps a hostile document
    /// from costing unbounded memory for its open levels.
    package var maxDepth: Int
    /// The longest dotted path of a field (keys joined), and of a key: 1 KB.
    package var maxPathBytes: Int
    /// Keep each record's compact JSON text (`JSONRecord.text`), for a snapshot or a file of failed records.
    package var keepsText: Bool
    /// Dotted paths of scalars outside the records to keep (`d.__next`, `links.next`, `next_cursor`, `total`):
    /// `JSONRecordReader.meta` once the records are read.
    package var metaPaths: [String]
    /// Bytes read from the file at a time.
    package var chunkSize: Int

    package init(
        format: Format = .detect, recordsPath: String? = nil, limits: CSVLimits = .standard, maxDepth: Int = 64,
        maxPathBytes: Int = 1024, keepsText: Bool = false, metaPaths: [String] = [], chunkSize: Int = 1 << 16
    ) {
        self.format = format
        self.recordsPath = recordsPath
        self.limits = limits
        self.maxDepth = max(1, maxDepth)
        self.maxPathBytes = max(1, maxPathBytes)
        self.keepsText = keepsText
        self.metaPaths = metaPaths
        self.chunkSize = max(1, chunkSize)
    }
}

/// What the reader found the text to be.
package enum JSONLayout: Sendable, Equatable {
    /// `[ {…}, {…} ]`
    case array
    /// `{ …, "path": [ {…}, … ], … }`
    case object(recordsPath: String)
    /// `{…}` a line
    case ndjson
}
