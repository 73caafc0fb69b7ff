import Foundation
import KagamiHunt

/// A one-line progress display on standard error (a terminal only): files, bytes, events/s, time left.
/// Redrawn at most five times a second; cleared before the summary is printed.
final class ProgressLine {
    private var lastDrawn = Date.distantPast

    func show(_ p: HuntProgress) {
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) >= 0.2 else { return }
        lastDrawn = now
        let mb = { (b: Int) in String(format: "%.1f", Double(b) / 1_048_576) }
        let rate = p.seconds > 0 ? Int(Double(p.events) / p.seconds) : 0
        let left = p.secondsLeft.map { String(format: ", %.0f s left", $0.rounded(.up)) } ?? ""
        FileHandle.standardError.write(Data("\r\u{1B}[K\(p.filesDone)/\(p.filesTotal) files, \(mb(p.bytesDone))/\(mb(p.bytesTotal)) MB, \(p.events) events, \(rate) events/s\(left)".utf8))
    }

    func clear() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
