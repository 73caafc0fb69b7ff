/// The project's one CSV tokenizer: where a record ends (RFC 4180: a field that starts with `"` may
/// hold delimiters, line breaks and `""`), its fields and their values. The hunt's unit cutter and
/// parser (KagamiLogs) and `CSVReader` all use it, so they always agree. A record whose quoted field
/// runs past `maxRecordBytes` is cut at its first line end instead (and flagged), so one stray quote
/// cannot swallow the rest of the file.
public enum CSVRecordScanner {
    public struct Record: Sendable {
        /// The record's bytes, without the line break that ends it.
        public var range: Range<Int>
        /// Index just past the record's line break (the next record's start).
        public var next: Int
        /// Line breaks inside the record plus the one that ends it.
        public var lines: Int
        /// The record ran into the size limit inside quotes and was cut at its first line end.
        public var overlong: Bool
    }

    public static func record(_ p: UnsafePointer<UInt8>, from start: Int, end: Int, delimiter: UInt8,
                              maxRecordBytes: Int) -> Record {
        var i = start
        var lines = 0
        var atFieldStart = true
        var inQuotes = false
        while i < end {
            let b = p[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < end, p[i + 1] == 0x22 { i += 2; continue }
                    inQuotes = false
                } else if b == 0x0A {
                    lines += 1
                    if i - start > maxRecordBytes { return firstLine(p, start, end) }
                }
                i += 1
                continue
            }
            if b == 0x0A {
                return Record(range: start..<trimCR(p, start, i), next: i + 1, lines: lines + 1, overlong: false)
            }
            if b == delimiter { atFieldStart = true; i += 1; continue }
            if b == 0x22, atFieldStart { inQuotes = true }
            atFieldStart = false
            i += 1
        }
        if inQuotes, end - start > maxRecordBytes { return firstLine(p, start, end) }
        return Record(range: start..<trimCR(p, start, end), next: end, lines: lines, overlong: false)
    }

    private static func firstLine(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Record {
        var i = start
        while i < end, p[i] != 0x0A { i += 1 }
        return Record(range: start..<trimCR(p, start, i), next: min(i + 1, end), lines: i < end ? 1 : 0, overlong: true)
    }

    private static func trimCR(_ p: UnsafePointer<UInt8>, _ start: Int, _ stop: Int) -> Int {
        stop > start && p[stop - 1] == 0x0D ? stop - 1 : stop
    }

    /// Splits one record into field ranges (quotes not yet removed). Returns false when the
    /// record has more than `maxFields` fields.
    public static func split(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, delimiter: UInt8, maxFields: Int,
                             into fields: inout [Range<Int>]) -> Bool {
        fields.removeAll(keepingCapacity: true)
        var i = range.lowerBound
        var fieldStart = i
        var atFieldStart = true
        var inQuotes = false
        while i < range.upperBound {
            let b = p[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < range.upperBound, p[i + 1] == 0x22 { i += 2; continue }
                    inQuotes = false
                }
                i += 1
                continue
            }
            if b == delimiter {
                guard fields.count < maxFields else { return false }
                fields.append(fieldStart..<i)
                i += 1
                fieldStart = i
                atFieldStart = true
                continue
            }
            if b == 0x22, atFieldStart { inQuotes = true }
            atFieldStart = false
            i += 1
        }
        guard fields.count < maxFields else { return false }
        fields.append(fieldStart..<range.upperBound)
        return true
    }

    /// Appends a field's value (outer quotes removed, `""` → `"`) to `out`. Text after a closing
    /// quote is kept as written (lenient, like spreadsheets). Returns false when a quote is unclosed.
    @discardableResult
    public static func appendValue(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, to out: inout [UInt8]) -> Bool {
        guard range.lowerBound < range.upperBound, p[range.lowerBound] == 0x22 else {
            out.append(contentsOf: UnsafeBufferPointer(start: p + range.lowerBound, count: range.count))
            return true
        }
        var i = range.lowerBound + 1
        var run = i
        while i < range.upperBound {
            if p[i] == 0x22 {
                out.append(contentsOf: UnsafeBufferPointer(start: p + run, count: i - run))
                if i + 1 < range.upperBound, p[i + 1] == 0x22 {
                    out.append(0x22)
                    i += 2
                    run = i
                    continue
                }
                // Closing quote: anything after it until the delimiter is kept.
                out.append(contentsOf: UnsafeBufferPointer(start: p + i + 1, count: range.upperBound - i - 1))
                return true
            }
            i += 1
        }
        out.append(contentsOf: UnsafeBufferPointer(start: p + run, count: range.upperBound - run))
        return false
    }
}
