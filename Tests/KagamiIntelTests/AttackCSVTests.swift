import XCTest
import KagamiCore

/// KagamiCore's CSV reader on the cases RFC 4180 names and on broken input.
final class AttackCSVTests: XCTestCase {
    func records(_ text: String) throws -> [[String]] {
        var r = CSVReader(Array(text.utf8))
        var out: [[String]] = []
        while let rec = try r.next() { out.append(rec) }
        return out
    }

    func testRFC4180Cases() throws {
        XCTAssertEqual(try records("a,b\r\n1,2\n"), [["a", "b"], ["1", "2"]])
        XCTAssertEqual(try records("\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\n"), [["x,y", "say \"hi\"", "two\nlines"]])
        XCTAssertEqual(try records("a,,\n,\n"), [["a", "", ""], ["", ""]])
        XCTAssertEqual(try records("no newline at end"), [["no newline at end"]])
        XCTAssertEqual(try records("\u{FEFF}h\n"), [["h"]])
        XCTAssertEqual(try records("a\"b,c\n"), [["a\"b", "c"]], "a quote inside an unquoted field is kept, as Python's csv does")
    }

    func testBrokenInputGivesLineAndResumes() throws {
        var limits = CSVReader.Limits()
        limits.maxFieldBytes = 4
        let table = try CSVTable(Array("h1,h2\nok,1\ntoolong,2\nfine,3\n".utf8), limits: limits)
        XCTAssertEqual(table.rows.map { $0.fields }, [["ok", "1"], ["fine", "3"]])
        XCTAssertEqual(table.rows.map { $0.line }, [2, 4])
        XCTAssertEqual(table.problems.map { $0.line }, [3])
        XCTAssertThrowsError(try records("a,\"open\nnever closed")) { e in
            XCTAssertEqual((e as? CSVReader.Failure)?.line, 1)
        }
    }
}
