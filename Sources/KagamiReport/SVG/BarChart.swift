/// Horizontal bars with a label each (top rules), coloured by level.
struct BarChart {
    struct Row { var label: String; var detail: String; var count: Int; var level: ReportLevel }
    struct Bar { var x: Double; var y: Double; var width: Double; var height: Double }

    static let width = 1100.0
    static let labelWidth = 600.0
    static let rowHeight = 24.0
    static let countWidth = 70.0

    let rows: [Row]
    let bars: [Bar]
    let height: Double

    init(_ rows: [Row]) {
        self.rows = rows
        let top = rows.map(\.count).max() ?? 1
        let span = Self.width - Self.labelWidth - Self.countWidth
        bars = rows.enumerated().map { i, row in
            Bar(x: Self.labelWidth, y: Double(i) * Self.rowHeight + 4,
                width: max(2, span * Double(row.count) / Double(max(1, top))), height: Self.rowHeight - 8)
        }
        height = Double(max(1, rows.count)) * Self.rowHeight
    }

    func svg(label: String) -> String {
        let c = Figure.coordinate
        var s = "<svg class=\"chart bars\" viewBox=\"0 0 \(c(Self.width)) \(c(height))\" role=\"img\" aria-label=\"\(HTML.escape(label))\">"
        for (row, bar) in zip(rows, bars) {
            let mid = bar.y + bar.height / 2 + 4
            s += "<g class=\"bar-row\"><title>\(HTML.escape(row.label + "\n" + row.detail))</title>"
            s += "<text class=\"bar-label\" x=\"\(c(Self.labelWidth - 10))\" y=\"\(c(mid))\" text-anchor=\"end\">\(HTML.escape(HTML.truncated(row.label, 80)))</text>"
            s += "<rect class=\"bar lvl-\(row.level.rawValue)\" x=\"\(c(bar.x))\" y=\"\(c(bar.y))\" width=\"\(c(bar.width))\" height=\"\(c(bar.height))\"/>"
            s += "<text class=\"bar-count\" x=\"\(c(bar.x + bar.width + 6))\" y=\"\(c(mid))\">\(Figure.count(row.count))</text></g>"
        }
        return s + "</svg>"
    }
}
