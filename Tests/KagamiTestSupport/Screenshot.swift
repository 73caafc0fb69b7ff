import Foundation

/// The one way tests render an HTML report in headless Chromium: `scripts/report/screenshot.sh`
/// (which humans use too), and `scripts/report/png_colours.py` to count what was drawn. Set
/// `KAGAMI_REPORT_OUT` to a directory to keep the page and its screenshot.
public enum Screenshot {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Renders `html` into a `width`×`height` PNG next to it and returns the PNG's path.
    public static func render(html: URL, width: Int, height: Int) throws -> URL {
        guard let browser = chromium else { throw Failure(description: "chromium is not installed") }
        let png = html.deletingPathExtension().appendingPathExtension("png")
        let arguments = ["sh", repositoryRoot.appendingPathComponent("scripts/report/screenshot.sh").path,
                         html.path, png.path, String(width), String(height)]
        var status = try run(arguments, environment: ["CHROMIUM": browser]).status
        // Headless Chromium now and then never exits when several start at once on a loaded machine
        // (the script's timeout gives 124); one more try tells a stuck browser from a broken page.
        if status == 124 { status = try run(arguments, environment: ["CHROMIUM": browser]).status }
        guard status == 0, FileManager.default.fileExists(atPath: png.path) else {
            throw Failure(description: "screenshot.sh exited with \(status) and no \(png.lastPathComponent)")
        }
        if let keep = ProcessInfo.processInfo.environment["KAGAMI_REPORT_OUT"] {
            for file in [html, png] {
                let target = URL(fileURLWithPath: keep).appendingPathComponent(file.lastPathComponent)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: file, to: target)
            }
        }
        return png
    }

    /// Pixel counts per colour class of `png` (see scripts/report/png_colours.py), with "width" and "height".
    public static func colourCounts(png: URL) throws -> [String: Int] {
        let r = try run(["python3", repositoryRoot.appendingPathComponent("scripts/report/png_colours.py").path, png.path])
        guard r.status == 0, let counts = try JSONSerialization.jsonObject(with: r.output) as? [String: Int] else {
            throw Failure(description: "png_colours.py failed (exit \(r.status))")
        }
        return counts
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: Data) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, data)
    }
}
