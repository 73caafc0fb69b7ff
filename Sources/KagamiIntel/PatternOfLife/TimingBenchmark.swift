import Foundation
import KagamiCore

/// The timing benchmark of issue 8: labelled activity files (`timestamp_utc`/`epoch`, `utc_offset`,
/// `country` columns, as in `../shared/corpus/timing/`), subsamples of N events by seed, the offset
/// column hidden from the method. Scores the offset credible set, the calendar ranking and the
/// calibration of the stated probabilities. `kagami attribute bench-timing` prints its tables; tests
/// run it on fewer seeds.
public struct TimingBenchmark {
    public struct LabelledFile {
        public var name: String
        public var country: String
        /// Unix seconds and the author's true offset in seconds, sorted by time.
        public var seconds: [Int64]
        public var trueOffsets: [Int]
    }

    /// Reads a labelled file. The offset column is only kept for scoring.
    public static func load(_ path: String) throws -> LabelledFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw TimestampInput.ReadError(description: "\(path): cannot read") }
        return try data.withUnsafeBytes { raw -> LabelledFile in
            var lines = LineCursor(raw, maxLine: 1 << 16)
            guard let (header, _) = lines.next() else { throw TimestampInput.ReadError(description: "\(path): empty") }
            var csv = CSVFields()
            let names = csv.split(header).map { String(decoding: $0, as: UTF8.self) }
            guard let ti = names.firstIndex(of: "epoch") ?? names.firstIndex(of: "timestamp_utc"),
                  let oi = names.firstIndex(of: "utc_offset") else {
                throw TimestampInput.ReadError(description: "\(path): needs epoch or timestamp_utc, and utc_offset columns")
            }
            let ci = names.firstIndex(of: "country")
            var file = LabelledFile(name: (path as NSString).lastPathComponent, country: "", seconds: [], trueOffsets: [])
            var rows: [(Int64, Int)] = []
            while let (line, number) = lines.next() {
                if line.isEmpty { continue }
                let fields = csv.split(line)
                guard ti < fields.count, oi < fields.count, let micros = Timestamp.parseEpochOrISO(fields[ti]),
                      let offset = parseOffset(String(decoding: fields[oi], as: UTF8.self)) else {
                    throw TimestampInput.ReadError(description: "\(path):\(number): unreadable row")
                }
                if file.country.isEmpty, let ci, ci < fields.count { file.country = String(decoding: fields[ci], as: UTF8.self) }
                rows.append((micros / 1_000_000, offset))
            }
            rows.sort { $0.0 < $1.0 }
            file.seconds = rows.map(\.0)
            file.trueOffsets = rows.map(\.1)
            return file
        }
    }

    /// `+05:30` → 19800.
    public static func parseOffset(_ s: String) -> Int? {
        let b = Array(s.utf8)
        guard b.count == 6, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-"), b[3] == UInt8(ascii: ":"),
              let h = Int(String(decoding: b[1..<3], as: UTF8.self)), let m = Int(String(decoding: b[4..<6], as: UTF8.self)) else { return nil }
        return (h * 3600 + m * 60) * (b[0] == UInt8(ascii: "-") ? -1 : 1)
    }

    /// `count` distinct indices of `0..<n`, drawn by `seed` (partial Fisher–Yates), sorted.
    public static func subsample(n: Int, count: Int, seed: UInt64) -> [Int] {
        guard count < n else { return Array(0..<n) }
        var rng = SplitMix64(seed: 0x7469_6D69_6E67 &+ seed &* 0x9E37_79B9)
        var index = Array(0..<n)
        for i in 0..<count {
            let j = i + Int(rng.next() % UInt64(n - i))
            index.swapAt(i, j)
        }
        return index[0..<count].sorted()
    }

    public struct Run {
        public var file: String
        public var size: Int
        public var seed: Int
        public var covered: Bool
        public var setSize: Int
        public var setWidthHours: Double
        public var bestRight: Bool
        public var bestProbability: Double
        public var offsetNamed: Bool
        /// Top country of the ranking ("none" left out) is the true one.
        public var calendarTopRight: Bool
        /// The top country of the ranking ("none" left out).
        public var topCountry: String?
        public var calendarNamed: String?
        public var topProbability: Double
        /// The ranking's leader including "none".
        public var leader: String
        /// The five most probable clocks as `id:probability:right` (right 1 or 0), for analysis.
        public var leadingClocks = ""
    }

    /// Whether a clock gives every event its true offset.
    static func isRight(_ h: OffsetHypothesis, _ seconds: [Int64], _ offsets: [Int]) -> Bool {
        for (t, o) in zip(seconds, offsets) where h.offset(at: t) != o { return false }
        return true
    }

    public static func run(_ file: LabelledFile, size: Int?, seed: Int, model: PatternOfLife, options: PatternOfLife.Options) -> Run {
        let pick = size.map { subsample(n: file.seconds.count, count: $0, seed: UInt64(seed)) } ?? Array(0..<file.seconds.count)
        let seconds = pick.map { file.seconds[$0] }, offsets = pick.map { file.trueOffsets[$0] }
        let result = model.fit(seconds, options: options)
        let byID = Dictionary(model.hypotheses.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let distinctTrue = Set(offsets)
        let setHypotheses = result.credibleSet95.compactMap { byID[$0] }
        let fixedInSet = Set(setHypotheses.filter { !$0.isZone }.map(\.baseSeconds))
        let covered = setHypotheses.contains { isRight($0, seconds, offsets) } || distinctTrue.isSubset(of: fixedInSet)
        // The most probable clocks with whether each is right; the first is the best.
        let leading = result.offsetPosterior.prefix(5).map { id, p in (id: id, p: p, right: byID[id].map { isRight($0, seconds, offsets) } ?? false) }
        let ranking = result.calendarRanking
        let topCountry = ranking.first { $0.calendar != "none" }?.calendar
        return Run(file: file.name, size: size ?? file.seconds.count, seed: seed, covered: covered,
                   setSize: result.credibleSet95.count, setWidthHours: result.credibleSetWidthHours,
                   bestRight: leading.first?.right ?? false,
                   bestProbability: result.bestOffsetProbability, offsetNamed: result.bestOffset != nil,
                   calendarTopRight: topCountry == file.country, topCountry: topCountry, calendarNamed: result.bestCalendar,
                   topProbability: ranking.first?.score ?? 0, leader: ranking.first?.calendar ?? "none",
                   leadingClocks: leading.map { "\($0.id):" + String(format: "%.4f", $0.p) + ":" + ($0.right ? "1" : "0") }.joined(separator: ","))
    }

    /// Runs every file × size × seed on all cores, in a fixed order.
    /// `leaveOwnCountryOut`: score each file without its own country's day turnovers (they
    /// were measured on these files: the check that the prior is not what makes a file right).
    public static func runAll(files: [LabelledFile], sizes: [Int], seeds: Range<Int>, model: PatternOfLife,
                              options: PatternOfLife.Options, leaveOwnCountryOut: Bool = false) -> [Run] {
        let models = files.map { leaveOwnCountryOut ? model.with(turnovers: model.turnovers.excluding($0.country)) : model }
        var jobs: [(Int, Int?, Int)] = []
        for fi in files.indices {
            for size in sizes where size < files[fi].seconds.count { for seed in seeds { jobs.append((fi, size, seed)) } }
            jobs.append((fi, nil, 0))
        }
        var out = [Run?](repeating: nil, count: jobs.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            let (fi, size, seed) = jobs[i]
            let r = run(files[fi], size: size, seed: seed, model: models[fi], options: options)
            lock.lock(); out[i] = r; lock.unlock()
        }
        return out.compactMap { $0 }
    }

    /// The bins of stated probability the calibration tables use.
    public static let calibrationBins = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001]

    /// Reliability: per bin of stated probability, the stated mean, the observed frequency and the count.
    public static func reliability(_ statements: [(Double, Bool)], bins: [Double] = calibrationBins)
        -> [(low: Double, high: Double, stated: Double, observed: Double, count: Int)] {
        var rows: [(Double, Double, Double, Double, Int)] = []
        for k in 0..<(bins.count - 1) {
            let inBin = statements.filter { $0.0 >= bins[k] && $0.0 < bins[k + 1] }
            guard !inBin.isEmpty else { continue }
            let stated = inBin.reduce(0) { $0 + $1.0 } / Double(inBin.count)
            let observed = Double(inBin.filter(\.1).count) / Double(inBin.count)
            rows.append((bins[k], min(1, bins[k + 1]), stated, observed, inBin.count))
        }
        return rows
    }

    /// Per bin of `reliability`, a 95% interval of observed − stated from resampling whole files
    /// (the runs of one file share its population, so the file is the unit a calibration claim can
    /// be checked on): 2.5 and 97.5 percentiles over `rounds` resamples, nil where a resample left
    /// the bin empty too often to say.
    public static func fileResampledGaps(_ statements: [(file: String, stated: Double, right: Bool)], bins: [Double] = calibrationBins,
                                         rounds: Int = 1000, seed: UInt64 = 0x6361_6C69) -> [(low: Double, high: Double)?] {
        let byFile = Dictionary(grouping: statements, by: \.file)
        let files = byFile.keys.sorted()
        guard !files.isEmpty else { return [] }
        var rng = SplitMix64(seed: seed)
        var gaps = [[Double]](repeating: [], count: bins.count - 1)
        for _ in 0..<rounds {
            var stated = [Double](repeating: 0, count: bins.count - 1), right = stated, count = stated
            for _ in files.indices {
                for s in byFile[files[Int(rng.next() % UInt64(files.count))]] ?? [] {
                    guard let k = bins.indices.dropLast().last(where: { bins[$0] <= s.stated }) else { continue }
                    stated[k] += s.stated; right[k] += s.right ? 1 : 0; count[k] += 1
                }
            }
            for k in gaps.indices where count[k] > 0 { gaps[k].append((right[k] - stated[k]) / count[k]) }
        }
        return gaps.map { g in
            guard g.count >= rounds * 9 / 10 else { return nil }
            let sorted = g.sorted()
            return (sorted[Int(Double(sorted.count - 1) * 0.025)], sorted[Int(Double(sorted.count - 1) * 0.975)])
        }
    }

    /// Every run as a tab-separated row with a header, for analysis outside.
    public static func tsv(_ runs: [Run]) -> String {
        var out = "file\tsize\tseed\tcovered\tset_width_hours\tbest_right\tbest_probability\tcalendar_top_right\ttop_country\tcalendar_named\tleader\ttop_probability\tleading_clocks\n"
        for r in runs {
            out += [r.file, String(r.size), String(r.seed), String(r.covered), String(r.setWidthHours), String(r.bestRight),
                    String(r.bestProbability), String(r.calendarTopRight), r.topCountry ?? "-", r.calendarNamed ?? "-", r.leader,
                    String(r.topProbability), r.leadingClocks].joined(separator: "\t") + "\n"
        }
        return out
    }

    /// Each file's row label: its country, or its file name where several files share the country.
    static func rowLabels(_ files: [LabelledFile]) -> [String: String] {
        let perCountry = Dictionary(grouping: files, by: \.country).mapValues(\.count)
        return Dictionary(files.map { ($0.name, perCountry[$0.country, default: 0] > 1 ? $0.name : $0.country) }, uniquingKeysWith: { a, _ in a })
    }

    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }

    /// The tables as text.
    public static func tables(_ runs: [Run], files: [LabelledFile], sizes: [Int]) -> String {
        var out = ""
        func pct(_ x: Double) -> String { String(format: "%5.1f%%", x * 100) }
        let label = rowLabels(files)
        out += "Offset (1): 95% set contains the truth; mean set size (clocks) and width (hours); most probable clock right (b), its mean stated probability (p), named (at ≥ 50 %) but wrong (w); full file: the clock named, or null and whether the leading one is right\n"
        out += "file        " + sizes.map { pad("N=\($0)", 47) }.joined() + "full\n"
        for f in files {
            var line = pad(label[f.name] ?? f.country, 12)
            for size in sizes {
                let rs = runs.filter { $0.file == f.name && $0.size == size }
                guard !rs.isEmpty else { line += pad("-", 47); continue }
                let cov = Double(rs.filter(\.covered).count) / Double(rs.count)
                let size = Double(rs.reduce(0) { $0 + $1.setSize }) / Double(rs.count)
                let width = rs.reduce(0) { $0 + $1.setWidthHours } / Double(rs.count)
                let best = Double(rs.filter(\.bestRight).count) / Double(rs.count)
                let stated = rs.reduce(0) { $0 + $1.bestProbability } / Double(rs.count)
                let namedWrong = Double(rs.filter { $0.offsetNamed && !$0.bestRight }.count) / Double(rs.count)
                line += pct(cov) + String(format: " %4.1f %4.1fh b", size, width) + pct(best) + " p" + pct(stated) + " w" + pct(namedWrong) + "   "
            }
            if let full = runs.first(where: { $0.file == f.name && $0.size == f.seconds.count }) {
                line += (full.offsetNamed ? (full.bestRight ? "right" : "WRONG") : "null (leader \(full.bestRight ? "right" : "wrong"))")
                    + String(format: " p=%.3f", full.bestProbability)
            }
            out += line + "\n"
        }
        out += "\nCalendar (2): true country tops the ranking / named as best / another country named / the country most often on top instead; full file\n"
        for f in files {
            var line = pad(label[f.name] ?? f.country, 12)
            for size in sizes {
                let rs = runs.filter { $0.file == f.name && $0.size == size }
                guard !rs.isEmpty else { continue }
                let top = Double(rs.filter(\.calendarTopRight).count) / Double(rs.count)
                let named = Double(rs.filter { $0.calendarNamed == f.country }.count) / Double(rs.count)
                let wrong = Double(rs.filter { $0.calendarNamed != nil && $0.calendarNamed != f.country }.count) / Double(rs.count)
                // The country that tops the ranking most often in place of the true one.
                let others = Dictionary(grouping: rs.compactMap { $0.topCountry == f.country ? nil : $0.topCountry }, by: { $0 })
                let rival = others.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }
                let rivalText = rival.map { "\($0.key) " + pct(Double($0.value.count) / Double(rs.count)) } ?? "-"
                line += "N=\(size) \(pct(top)) \(pct(named)) \(pct(wrong)) \(pad(rivalText, 10))"
            }
            if let full = runs.first(where: { $0.file == f.name && $0.size == f.seconds.count }) {
                line += "full: leader \(full.leader) \(String(format: "%.3f", full.topProbability)) best \(full.calendarNamed ?? "null")"
            }
            out += line + "\n"
        }
        out += "\nCalibration (3): stated probability of the best clock / of the leading calendar vs. observed frequency\n"
        let subs = runs.filter { r in files.contains { $0.name == r.file && $0.seconds.count != r.size } }
        let country = Dictionary(files.map { ($0.name, $0.country) }, uniquingKeysWith: { a, _ in a })
        for (title, statements) in [
            ("offset", subs.map { (file: $0.file, stated: $0.bestProbability, right: $0.bestRight) }),
            ("calendar (leader is a country)", subs.filter { $0.leader != "none" }.map { (file: $0.file, stated: $0.topProbability, right: $0.leader == country[$0.file]) }),
        ] {
            out += title + ":\n  bin          stated  observed  runs   observed - stated, 95% over files resampled\n"
            let intervals = fileResampledGaps(statements)
            for row in reliability(statements.map { ($0.stated, $0.right) }) {
                let k = calibrationBins.firstIndex(of: row.low) ?? 0
                let interval = k < intervals.count ? intervals[k].map { String(format: "  [%+5.1f, %+5.1f]", $0.low * 100, $0.high * 100) } ?? "  [-]" : ""
                out += String(format: "  %.2f-%.2f   %5.1f%%   %5.1f%%   %d", row.low, row.high, row.stated * 100, row.observed * 100, row.count) + interval
                    + (abs(row.stated - row.observed) > 0.05 ? "  (off by more than 5 points)\n" : "\n")
            }
        }
        return out
    }
}
