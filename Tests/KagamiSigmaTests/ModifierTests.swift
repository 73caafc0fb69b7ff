import Testing
@testable import KagamiSigma

@Suite struct ModifierTests {
    @Test func plainValuesAreCaseInsensitiveAndExact() throws {
        let events: [[(String, TestValue)]] = [[("Image", .s("C:\\Windows\\CMD.exe"))], [("Image", .s("C:\\Windows\\cmd.exe.bak"))]]
        #expect(try run("sel:\n    Image: 'c:\\windows\\cmd.exe'\ncondition: sel", events) == [0])
    }

    @Test func containsStartsEnds() throws {
        let events: [[(String, TestValue)]] = [[("CommandLine", .s("powershell -EncodedCommand AAAA"))], [("CommandLine", .s("cmd /c whoami"))]]
        #expect(try run("sel:\n    CommandLine|contains: 'encodedcommand'\ncondition: sel", events) == [0])
        #expect(try run("sel:\n    CommandLine|startswith: 'CMD '\ncondition: sel", events) == [1])
        #expect(try run("sel:\n    CommandLine|endswith: 'WHOAMI'\ncondition: sel", events) == [1])
        #expect(try run("sel:\n    CommandLine|endswith: 'cmd'\ncondition: sel", events) == [])
    }

    @Test func allTurnsListIntoAnd() throws {
        let events: [[(String, TestValue)]] = [[("CommandLine", .s("net user /add admin"))], [("CommandLine", .s("net user admin"))]]
        #expect(try run("sel:\n    CommandLine|contains|all:\n        - 'net'\n        - '/add'\ncondition: sel", events) == [0])
        #expect(try run("sel:\n    CommandLine|contains:\n        - 'nothing'\n        - '/add'\ncondition: sel", events) == [0])
    }

    @Test func wildcardsAndTheirEscapes() throws {
        let events: [[(String, TestValue)]] = [
            [("Path", .s("C:\\a*b"))], [("Path", .s("C:\\axxb"))], [("Path", .s("C:\\a?b"))], [("Path", .s("C:\\ab"))],
        ]
        #expect(try run("sel:\n    Path: 'C:\\a*b'\ncondition: sel", events) == [0, 1, 2, 3])
        // `?` is any one character, a literal `*` or `?` included.
        #expect(try run("sel:\n    Path: 'C:\\a?b'\ncondition: sel", events) == [0, 2])
        #expect(try run("sel:\n    Path: 'C:\\a\\*b'\ncondition: sel", events) == [0])
        #expect(try run("sel:\n    Path: 'C:\\a\\?b'\ncondition: sel", events) == [2])
        // `\\*`: an escaped backslash followed by a real wildcard.
        let slash: [[(String, TestValue)]] = [[("Path", .s("C:\\dir\\file"))], [("Path", .s("C:\\dirfile"))]]
        #expect(try run("sel:\n    Path: 'C:\\dir\\\\*'\ncondition: sel", slash) == [0])
        // `?` matches exactly one character, also a multi-byte one.
        let one: [[(String, TestValue)]] = [[("U", .s("xÄy"))], [("U", .s("xy"))], [("U", .s("xAAy"))]]
        #expect(try run("sel:\n    U: 'x?y'\ncondition: sel", one) == [0])
    }

    @Test func cased() throws {
        let events: [[(String, TestValue)]] = [[("User", .s("Admin"))], [("User", .s("admin"))]]
        #expect(try run("sel:\n    User|cased: 'Admin'\ncondition: sel", events) == [0])
        #expect(try run("sel:\n    User|contains|cased: 'dmi'\ncondition: sel", events) == [0, 1])
        #expect(try run("sel:\n    User|startswith|cased: 'a'\ncondition: sel", events) == [1])
    }

    @Test func windashCoversAllFiveDashes() throws {
        let forms = ["-", "/", "\u{2013}", "\u{2014}", "\u{2015}"]
        let events: [[(String, TestValue)]] = forms.map { [("CommandLine", .s("ping \($0)n 1 host"))] } + [[("CommandLine", .s("ping n 1 host"))]]
        #expect(try run("sel:\n    CommandLine|windash|contains: ' -n '\ncondition: sel", events) == [0, 1, 2, 3, 4])
        // A dash inside a word is not an option prefix and stays as written.
        let inner: [[(String, TestValue)]] = [[("C", .s("x-y"))], [("C", .s("x/y"))]]
        #expect(try run("sel:\n    C|windash: 'x-y'\ncondition: sel", inner) == [0])
    }

    @Test func base64() throws {
        // base64("whoami") == "d2hvYW1p"
        let events: [[(String, TestValue)]] = [[("Data", .s("d2hvYW1p"))], [("Data", .s("whoami"))]]
        #expect(try run("sel:\n    Data|base64: 'whoami'\ncondition: sel", events) == [0])
    }

    @Test func base64offsetAllThreeAlignments() throws {
        // Python: base64.b64encode(prefix + b"http") for prefixes of length 0, 1, 2.
        let events: [[(String, TestValue)]] = [
            [("C", .s("aHR0cA=="))],          // "http"
            [("C", .s("eGh0dHA="))],          // "xhttp"
            [("C", .s("eHhodHRw"))],          // "xxhttp"
            [("C", .s("aGVsbG8="))],          // "hello": none of the three
        ]
        #expect(try run("sel:\n    C|base64offset|contains: 'http'\ncondition: sel", events) == [0, 1, 2])
    }

    @Test func utf16WithBase64Offset() throws {
        // Python: base64 of UTF-16LE "cmd" is "YwBtAGQA"; of b"A" + UTF-16LE "cmd" is "QWMAbQBkAA==".
        let events: [[(String, TestValue)]] = [
            [("C", .s("YwBtAGQA"))], [("C", .s("QWMAbQBkAA=="))], [("C", .s("Y21k"))],
        ]
        #expect(try run("sel:\n    C|wide|base64offset|contains: 'cmd'\ncondition: sel", events) == [0, 1])
        #expect(try run("sel:\n    C|utf16le|base64offset|contains: 'cmd'\ncondition: sel", events) == [0, 1])
    }

    @Test func utf16Variants() {
        #expect(Encodings.utf16(Array("cmd".utf8), bigEndian: false) == [0x63, 0, 0x6d, 0, 0x64, 0])
        #expect(Encodings.utf16(Array("cmd".utf8), bigEndian: true) == [0, 0x63, 0, 0x6d, 0, 0x64])
        #expect(Encodings.base64(Array("whoami".utf8)) == Array("d2hvYW1p".utf8))
        #expect(Encodings.base64(Array("who".utf8) + [0xFF]) == Array("d2hv/w==".utf8))
        // pySigma's three offsets of "hello": aGVsbG / hlbGxv / oZWxsb.
        #expect(Encodings.base64Offsets(Array("hello".utf8)).map { String(decoding: $0, as: UTF8.self) } == ["aGVsbG", "hlbGxv", "oZWxsb"])
    }

    @Test func utf16WithByteOrderMarkAndBigEndian() throws {
        // Python: base64.b64encode("\ufeffcmd".encode("utf-16-le")) == b"//5jAG0AZAA=",
        // base64.b64encode("cmd".encode("utf-16-be")) == b"AGMAbQBk".
        let events: [[(String, TestValue)]] = [[("C", .s("//5jAG0AZAA="))], [("C", .s("AGMAbQBk"))], [("C", .s("YwBtAGQA"))]]
        #expect(try run("sel:\n    C|utf16|base64: 'cmd'\ncondition: sel", events) == [0])
        #expect(try run("sel:\n    C|utf16be|base64: 'cmd'\ncondition: sel", events) == [1])
    }

    @Test func regexWithSubModifiers() throws {
        let events: [[(String, TestValue)]] = [[("C", .s("Invoke-Mimikatz"))], [("C", .s("invoke-mimikatz"))], [("C", .s("line1\nline2"))]]
        #expect(try run("sel:\n    C|re: 'Invoke-\\w+'\ncondition: sel", events) == [0])
        #expect(try run("sel:\n    C|re|i: 'INVOKE-\\w+'\ncondition: sel", events) == [0, 1])
        #expect(try run("sel:\n    C|re: '^line2$'\ncondition: sel", events) == [])
        #expect(try run("sel:\n    C|re|m: '^line2$'\ncondition: sel", events) == [2])
        #expect(try run("sel:\n    C|re: 'line1.line2'\ncondition: sel", events) == [])
        #expect(try run("sel:\n    C|re|s: 'line1.line2'\ncondition: sel", events) == [2])
    }

    @Test func regexCannotHang() throws {
        let hostile = String(repeating: "a", count: 5000) + "b"
        let set = try ruleSet(rule("sel:\n    C|re: '^(a+)+$'\ncondition: sel"))
        let context = set.makeContext()
        var hits = 0
        set.match(makeBatch([[("C", .s(hostile))]]), context: context) { _, _ in hits += 1 }
        #expect(hits == 0)
        #expect(context.regexLimitHits == 1)
    }

    @Test func cidrIPv4AndIPv6() throws {
        let events: [[(String, TestValue)]] = [
            [("Ip", .s("10.1.2.3"))], [("Ip", .s("11.0.0.1"))], [("Ip", .s("2001:db8::1"))], [("Ip", .s("2001:db9::1"))], [("Ip", .s("fe80::1%eth0"))],
        ]
        #expect(try run("sel:\n    Ip|cidr: '10.0.0.0/8'\ncondition: sel", events) == [0])
        #expect(try run("sel:\n    Ip|cidr: '2001:db8::/32'\ncondition: sel", events) == [2])
        #expect(try run("sel:\n    Ip|cidr:\n        - 'fe80::/10'\n        - '11.0.0.0/24'\ncondition: sel", events) == [1, 4])
        #expect(throws: RuleError.self) { try run("sel:\n    Ip|cidr: '10.0.0.0/33'\ncondition: sel", events) }
    }

    @Test func numericComparisons() throws {
        let events: [[(String, TestValue)]] = [[("Size", .n("100"))], [("Size", .s("2000"))], [("Size", .s("abc"))], [("Size", .n("0x10"))]]
        #expect(try run("sel:\n    Size|gt: 100\ncondition: sel", events) == [1])
        #expect(try run("sel:\n    Size|gte: 100\ncondition: sel", events) == [0, 1])
        #expect(try run("sel:\n    Size|lt: 100\ncondition: sel", events) == [3])
        #expect(try run("sel:\n    Size|lte: 16\ncondition: sel", events) == [3])
    }

    @Test func numbersAndStringsCompareByText() throws {
        let events: [[(String, TestValue)]] = [[("EventID", .n("4688"))], [("EventID", .s("4688"))], [("EventID", .n("46880"))]]
        #expect(try run("sel:\n    EventID: 4688\ncondition: sel", events) == [0, 1])
        #expect(try run("sel:\n    EventID: '4688'\ncondition: sel", events) == [0, 1])
    }

    @Test func booleans() throws {
        let events: [[(String, TestValue)]] = [[("Flag", .b(true))], [("Flag", .b(false))], [("Flag", .s("True"))]]
        #expect(try run("sel:\n    Flag: true\ncondition: sel", events) == [0, 2])
    }

    @Test func nullVersusMissingVersusEmpty() throws {
        let events: [[(String, TestValue)]] = [[("A", .null)], [("B", .s("x"))], [("A", .s(""))], [("A", .s("v"))]]
        #expect(try run("sel:\n    A: null\ncondition: sel", events) == [0, 1])
        #expect(try run("sel:\n    A: ''\ncondition: sel", events) == [0, 2])
        #expect(try run("sel:\n    A|exists: true\ncondition: sel", events) == [0, 2, 3])
        #expect(try run("sel:\n    A|exists: false\ncondition: sel", events) == [1])
        #expect(try run("sel:\n    A: 'x'\nfilter:\n    A: null\ncondition: not sel and not filter", events) == [2, 3])
    }

    @Test func neq() throws {
        let events: [[(String, TestValue)]] = [[("User", .s("SYSTEM"))], [("User", .s("bob"))], [("Other", .s("x"))]]
        #expect(try run("sel:\n    User|neq: 'system'\ncondition: sel", events) == [1])
    }

    @Test func fieldref() throws {
        let events: [[(String, TestValue)]] = [
            [("Target", .s("alice")), ("Subject", .s("ALICE"))], [("Target", .s("alice")), ("Subject", .s("bob"))],
        ]
        #expect(try run("sel:\n    Target|fieldref: Subject\ncondition: sel", events) == [0])
        #expect(try run("sel:\n    Target|fieldref|cased: Subject\ncondition: sel", events) == [])
        #expect(try run("sel:\n    Target|fieldref|neq: Subject\ncondition: sel", events) == [1])
    }

    @Test func timeParts() throws {
        let events: [[(String, TestValue)]] = [[("T", .s("2024-03-05T02:30:00Z"))], [("T", .s("2024-12-25T14:00:00Z"))]]
        #expect(try run("sel:\n    T|hour: 2\ncondition: sel", events) == [0])
        #expect(try run("sel:\n    T|hour|gte: 9\ncondition: sel", events) == [1])
        #expect(try run("sel:\n    T|month: 12\ncondition: sel", events) == [1])
        #expect(try run("sel:\n    T|minute: 30\ncondition: sel", events) == [0])
        #expect(try run("sel:\n    T|day: 25\ncondition: sel", events) == [1])
        #expect(try run("sel:\n    T|week: 10\ncondition: sel", events) == [0])
        #expect(try run("sel:\n    T|year: 2024\ncondition: sel", events) == [0, 1])
    }

    @Test func expandPlaceholders() throws {
        let events: [[(String, TestValue)]] = [[("User", .s("adm-alice"))], [("User", .s("bob"))], [("User", .s("%Admins%"))]]
        #expect(try run("sel:\n    User|expand: '%Admins%'\ncondition: sel", events, placeholders: ["Admins": ["adm-alice", "root"]]) == [0])
        // Without values the placeholder matches nothing, so a filter built on it filters nothing.
        #expect(try run("sel:\n    User|expand: '%Admins%'\ncondition: sel", events) == [])
        #expect(try run("sel:\n    User|exists: true\nfilter:\n    User|expand: '%Admins%'\ncondition: sel and not filter", events) == [0, 1, 2])
        // Without `expand` the percent signs are plain text.
        #expect(try run("sel:\n    User: '%Admins%'\ncondition: sel", events) == [2])
    }

    @Test func keywords() throws {
        let events: [[(String, TestValue)]] = [[("Msg", .s("log cleared: event::clear")), ("X", .s("y"))], [("Msg", .s("nothing"))]]
        #expect(try run("keywords:\n    - 'EVENT::CLEAR'\n    - 'foo'\ncondition: keywords", events) == [0])
        #expect(try run("keywords:\n    '|all':\n        - 'log'\n        - 'y'\ncondition: keywords", events) == [0])
    }

    @Test func arraysMatchAnyElement() throws {
        let events: [[(String, TestValue)]] = [[("Tags", .list(["a", "evil", "c"]))], [("Tags", .list(["a"]))]]
        #expect(try run("sel:\n    Tags: evil\ncondition: sel", events) == [0])
    }

    @Test func unknownModifierIsRefusedWithItsLine() {
        do {
            _ = try run("sel:\n    Image|bogus: x\ncondition: sel", [])
            Issue.record("a rule with an unknown modifier loaded")
        } catch let e as RuleError {
            #expect(e.message.contains("unknown modifier `bogus`"))
            #expect(e.line == 7)  // title, id, logsource, product, detection, sel, then the item
        } catch { Issue.record("unexpected \(error)") }
    }
}
