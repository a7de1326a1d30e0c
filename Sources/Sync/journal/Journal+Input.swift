import CSV
import Mapping

extension Journal.Header {
    /// How the upload read its input (delimiter, encoding, format and records path), to read it again for `provision
    /// status --failed` and `--heal`.
    var inputOptions: InputOptions {
        var dialect = CSVDialect()
        if let name = delimiter, let byte = CSVDialect.delimiter(named: name) { dialect.delimiter = byte }
        if let name = encoding { dialect.encoding = TextEncoding(name: name) }
        return InputOptions(
            dialect: dialect, format: format.flatMap(InputFormat.init(rawValue:)) ?? .csv, recordsPath: recordsPath)
    }

    /// Whether the input was JSON records, which messages name by position (`record 12`), not by line.
    package var readsRecords: Bool { format.flatMap(InputFormat.init(rawValue:))?.isJSON ?? false }

    /// "line 12" or "record 12" of the upload's input.
    package func place(_ number: Int) -> String { readsRecords ? "record \(number)" : "line \(number)" }
}
