import KagamiCore

/// Detections over time, one lane per host: a mark per (host, moment, level), coloured by level,
/// larger where several detections fall on the same pixel; correlation hits as bands from their
/// first to their last event on the lanes of their hosts. Geometry is computed first and kept, so
/// that tests can check it without parsing SVG.
struct TimelineChart {
    struct Rect: Equatable { var x0: Double; var y0: Double; var x1: Double; var y1: Double
        func contains(x: Double, y: Double, margin r: Double = 0) -> Bool { x - r >= x0 && x + r <= x1 && y - r >= y0 && y + r <= y1 }
    }
    struct Lane { var host: String; var detections: Int; var y0: Double; var y1: Double; var mid: Double { (y0 + y1) / 2 } }
    struct Mark { var lane: Int; var x: Double; var y: Double; var r: Double; var level: ReportLevel; var count: Int
        var first: Int64; var last: Int64; var titles: [String] }
    struct Band { var lane: Int; var x0: Double; var x1: Double; var y: Double; var level: ReportLevel; var title: String }

    static let width = 1100.0
    static let labelWidth = 210.0
    static let laneHeight = 28.0
    static let top = 10.0
    static let axisHeight = 46.0
    /// Marks keep this far from the plot's edges, so that the largest one stays inside it.
    static let inset = 10.0
    static let maxRadius = 7.0

    let plot: Rect
    let height: Double
    let lanes: [Lane]
    let marks: [Mark]
    let bands: [Band]
    let axis: TimeAxis?
    /// Detections without a time (not drawn).
    let untimed: Int

    init(detections: [ReportDetection], hits: [ReportCorrelationHit], zone: ReportTimeZone, laneLimit: Int) {
        // Lanes in the order hosts were first seen, so the page reads as the intrusion unfolded.
        var firstSeen: [String: (time: Int64, count: Int)] = [:]
        var untimed = 0
        for d in detections {
            guard d.time != Timestamp.unknown else { untimed += 1; continue }
            let host = Self.hostName(d.host)
            let seen = firstSeen[host]
            firstSeen[host] = (min(seen?.time ?? .max, d.time), (seen?.count ?? 0) + 1)
        }
        for h in hits where h.first != Timestamp.unknown {
            for host in h.hosts.map(Self.hostName) where firstSeen[host] == nil { firstSeen[host] = (h.first, 0) }
        }
        var hosts = firstSeen.keys.sorted { a, b in
            let ta = firstSeen[a]!.time, tb = firstSeen[b]!.time
            return ta != tb ? ta < tb : a < b
        }
        var laneOf: [String: Int] = [:]
        if hosts.count > laneLimit {
            let others = hosts.count - (laneLimit - 1)
            for (i, h) in hosts.enumerated() { laneOf[h] = min(i, laneLimit - 1) }
            hosts = Array(hosts.prefix(laneLimit - 1)) + ["(\(others) other hosts)"]
        } else {
            for (i, h) in hosts.enumerated() { laneOf[h] = i }
        }
        let plot = Rect(x0: Self.labelWidth, y0: Self.top, x1: Self.width - 16,
                        y1: Self.top + Self.laneHeight * Double(max(1, hosts.count)))
        self.plot = plot
        self.height = plot.y1 + Self.axisHeight
        self.untimed = untimed
        var lanes = hosts.enumerated().map { i, h in
            Lane(host: h, detections: 0, y0: plot.y0 + Self.laneHeight * Double(i), y1: plot.y0 + Self.laneHeight * Double(i + 1))
        }
        for (host, seen) in firstSeen { lanes[laneOf[host]!].detections += seen.count }

        let times = detections.map(\.time).filter { $0 != Timestamp.unknown }
            + hits.flatMap { [$0.first, $0.last] }.filter { $0 != Timestamp.unknown }
        guard let lo = times.min(), let hi = times.max() else {
            self.lanes = lanes; marks = []; bands = []; axis = nil
            return
        }
        // Some air around the data, and at least an hour of range so that one burst is not a wall.
        let minSpan: Int64 = 3_600_000_000
        let span = max(hi - lo, minSpan)
        let centre = lo / 2 + hi / 2
        let start = hi - lo >= minSpan ? lo - span / 50 : centre - span / 2
        let end = hi - lo >= minSpan ? hi + span / 50 : centre + span / 2
        let axis = TimeAxis(start: start, end: end, zone: zone, target: 9)
        self.axis = axis
        let x0 = plot.x0 + Self.inset, x1 = plot.x1 - Self.inset
        func x(_ t: Int64) -> Double {
            let f = Double(t - start) / Double(max(1, end - start))
            return min(x1, max(x0, x0 + f * (x1 - x0)))
        }

        // One mark per (lane, 2-pixel column, level).
        struct Key: Hashable { var lane: Int; var column: Int; var level: ReportLevel }
        var buckets: [Key: Mark] = [:]
        for d in detections where d.time != Timestamp.unknown {
            let lane = laneOf[Self.hostName(d.host)]!
            let px = x(d.time)
            let key = Key(lane: lane, column: Int(px / 2), level: d.rule.level)
            var m = buckets[key] ?? Mark(lane: lane, x: px, y: lanes[lane].mid, r: 0, level: d.rule.level, count: 0,
                                         first: d.time, last: d.time, titles: [])
            m.count += 1
            m.first = min(m.first, d.time); m.last = max(m.last, d.time)
            if !m.titles.contains(d.rule.title), m.titles.count < 4 { m.titles.append(d.rule.title) }
            buckets[key] = m
        }
        var marks = Array(buckets.values)
        for i in marks.indices {
            let n = marks[i].count
            marks[i].r = n >= 8 ? Self.maxRadius : n >= 4 ? 6 : n >= 2 ? 5 : 4
            marks[i].x = x(marks[i].first / 2 + marks[i].last / 2)
        }
        // Less severe first, so that critical and high marks are drawn on top.
        marks.sort { a, b in
            if a.level != b.level { return a.level > b.level }
            if a.lane != b.lane { return a.lane < b.lane }
            return a.first < b.first
        }
        self.marks = marks
        self.lanes = lanes
        var bands: [Band] = []
        for h in hits where h.first != Timestamp.unknown {
            let last = h.last == Timestamp.unknown ? h.first : h.last
            let lanesHit = Set(h.hosts.map { laneOf[Self.hostName($0)]! }).sorted()
            for lane in lanesHit {
                let a = x(h.first), b = max(x(last), a + 6)
                bands.append(Band(lane: lane, x0: min(a, x1 - 6), x1: min(b, x1), y: lanes[lane].y1 - 5, level: h.rule.level, title: h.rule.title))
            }
        }
        self.bands = bands
    }

    static func hostName(_ host: String) -> String { host.isEmpty ? "(unknown host)" : host }

    func svg(zone: ReportTimeZone) -> String {
        let c = Figure.coordinate
        var s = "<svg class=\"chart timeline\" viewBox=\"0 0 \(c(Self.width)) \(c(height))\" role=\"img\" aria-label=\"Detections over time, one lane per host\">"
        for (i, lane) in lanes.enumerated() {
            s += "<g class=\"lane\" data-lane=\"\(i)\">"
            s += "<rect class=\"band\(i % 2 == 0 ? " even" : "")\" x=\"\(c(plot.x0))\" y=\"\(c(lane.y0))\" width=\"\(c(plot.x1 - plot.x0))\" height=\"\(c(lane.y1 - lane.y0))\"/>"
            s += "<text class=\"lane-label\" x=\"\(c(plot.x0 - 8))\" y=\"\(c(lane.mid + 4))\" text-anchor=\"end\"><title>\(HTML.escape(lane.host)) — \(lane.detections) detections</title>\(HTML.escape(HTML.truncated(lane.host, 28)))</text>"
            s += "</g>"
        }
        if let axis {
            let x0 = plot.x0 + Self.inset, x1 = plot.x1 - Self.inset
            for tick in axis.ticks {
                let x = x0 + Double(tick.time - axis.start) / Double(max(1, axis.end - axis.start)) * (x1 - x0)
                guard x >= plot.x0, x <= plot.x1 else { continue }
                s += "<line class=\"grid\(tick.detail != nil ? " day" : "")\" x1=\"\(c(x))\" y1=\"\(c(plot.y0))\" x2=\"\(c(x))\" y2=\"\(c(plot.y1 + 4))\"/>"
                s += "<text class=\"tick\" x=\"\(c(x))\" y=\"\(c(plot.y1 + 17))\" text-anchor=\"middle\">\(HTML.escape(tick.label))</text>"
                if let detail = tick.detail {
                    s += "<text class=\"tick detail\" x=\"\(c(x))\" y=\"\(c(plot.y1 + 31))\" text-anchor=\"middle\">\(HTML.escape(detail))</text>"
                }
            }
            s += "<text class=\"axis-caption\" x=\"\(c(plot.x0 - 8))\" y=\"\(c(plot.y1 + 17))\" text-anchor=\"end\">\(HTML.escape(zone.label))</text>"
        }
        s += "<rect class=\"frame\" x=\"\(c(plot.x0))\" y=\"\(c(plot.y0))\" width=\"\(c(plot.x1 - plot.x0))\" height=\"\(c(plot.y1 - plot.y0))\"/>"
        for b in bands {
            s += "<rect class=\"corr lvl-\(b.level.rawValue)\" x=\"\(c(b.x0))\" y=\"\(c(b.y - 3))\" width=\"\(c(b.x1 - b.x0))\" height=\"6\" rx=\"2\"><title>correlation: \(HTML.escape(b.title))</title></rect>"
        }
        for m in marks {
            let when = m.first == m.last ? zone.format(m.first) : zone.format(m.first) + " – " + zone.format(m.last)
            let tip = "\(m.count) \(m.level.label) detection\(m.count == 1 ? "" : "s"), \(when) \(zone.label)\n" + m.titles.joined(separator: "\n")
            s += "<circle class=\"mark lvl-\(m.level.rawValue)\" cx=\"\(c(m.x))\" cy=\"\(c(m.y))\" r=\"\(c(m.r))\"><title>\(HTML.escape(tip))</title></circle>"
        }
        return s + "</svg>"
    }
}
