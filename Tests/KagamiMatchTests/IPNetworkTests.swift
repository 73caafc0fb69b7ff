import Testing
@testable import KagamiMatch

@Suite struct IPNetworkTests {
    func network(_ text: String) -> IPNetwork? { IPNetwork(cidr: text) }

    @Test func ipv4Boundaries() throws {
        let net = try #require(network("10.0.0.0/8"))
        #expect(net.family == .v4 && net.prefixLength == 8)
        #expect(net.contains("10.0.0.0"))
        #expect(net.contains("10.255.255.255"))
        #expect(!net.contains("11.0.0.0"))
        #expect(!net.contains("9.255.255.255"))
        let slash23 = try #require(network("192.168.2.0/23"))
        #expect(slash23.contains("192.168.2.0") && slash23.contains("192.168.3.255"))
        #expect(!slash23.contains("192.168.4.0") && !slash23.contains("192.168.1.255"))
    }

    @Test func ipv4HostAndWholeSpace() throws {
        let host = try #require(network("192.0.2.7"))
        #expect(host.prefixLength == 32)
        #expect(host.contains("192.0.2.7") && !host.contains("192.0.2.8") && !host.contains("192.0.2.6"))
        let slash32 = try #require(network("192.0.2.7/32"))
        #expect(slash32 == host)
        let all = try #require(network("0.0.0.0/0"))
        #expect(all.contains("0.0.0.0") && all.contains("255.255.255.255") && all.contains("::ffff:1.2.3.4"))
        #expect(!all.contains("::1") && !all.contains("2001:db8::1"))
    }

    @Test func hostBitsAreMaskedAway() throws {
        let net = try #require(network("10.1.2.3/8"))
        #expect(net.description == "10.0.0.0/8")
        #expect(net.contains("10.200.0.1"))
    }

    @Test func ipv6Forms() throws {
        let doc = try #require(network("2001:db8::/32"))
        #expect(doc.family == .v6)
        #expect(doc.contains("2001:db8::"))
        #expect(doc.contains("2001:0DB8:ffff:ffff:ffff:ffff:ffff:ffff"))
        #expect(!doc.contains("2001:db9::"))
        #expect(!doc.contains("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff"))
        #expect(doc.contains("[2001:db8::1]"))
        #expect(doc.contains("2001:db8::1%eth0"))
        #expect(doc.contains("[2001:db8::1%25en0]"))
        let loopback = try #require(network("::1/128"))
        #expect(loopback.contains("::1") && loopback.contains("0:0:0:0:0:0:0:1") && !loopback.contains("::2") && !loopback.contains("::"))
        let all = try #require(network("::/0"))
        #expect(all.contains("::") && all.contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff") && all.contains("1.2.3.4"))
        let linkLocal = try #require(network("fe80::/10"))
        #expect(linkLocal.contains("fe80::1") && linkLocal.contains("febf:ffff::") && !linkLocal.contains("fec0::"))
        let middle = try #require(network("2001:db8:0:1::/64"))
        #expect(middle.contains("2001:db8:0:1:ffff:ffff:ffff:ffff") && !middle.contains("2001:db8:0:2::"))
        #expect(middle.contains("2001:db8::1:0:0:0:1"))
        #expect(network("1:2:3:4:5:6:7:8/128")?.contains("1:2:3:4:5:6:7:8") == true)
        #expect(network("1::8/128")?.contains("1:0:0:0:0:0:0:8") == true)
        #expect(network("1:2:3:4:5:6:7::/128")?.contains("1:2:3:4:5:6:7:0") == true)
        #expect(network("::2:3:4:5:6:7:8/128")?.contains("0:2:3:4:5:6:7:8") == true)
    }

    @Test func mappedAddressesMatchAcrossFamilies() throws {
        let v4 = try #require(network("10.0.0.0/8"))
        #expect(v4.contains("::ffff:10.1.2.3"))
        #expect(v4.contains("::FFFF:0a01:0203"))
        #expect(v4.contains("[::ffff:10.1.2.3]"))
        #expect(!v4.contains("::ffff:11.1.2.3"))
        #expect(!v4.contains("::10.1.2.3"))        // IPv4-compatible: not the same host
        #expect(!v4.contains("64:ff9b::10.1.2.3")) // NAT64: not the same host
        let mapped = try #require(network("::ffff:10.0.0.0/104"))
        #expect(mapped.family == .v6)
        #expect(mapped.contains("10.1.2.3") && mapped.contains("::ffff:10.255.255.255"))
        #expect(!mapped.contains("11.0.0.0") && !mapped.contains("::ffff:11.0.0.0"))
    }

    @Test func malformedNetworksAreRefused() {
        for text in ["", "/", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0/8", "10.0.0.0.0/8",
                     "256.0.0.0/8", "010.0.0.0/8", "10.0.0.0/255.0.0.0", "::/129", "2001:db8::/1000", "1:2:3:4:5:6:7:8:9/64",
                     ":::/0", "1::2::3/64", "[::1]/128", "fe80::1%eth0/64", "10.0.0.0 /8", " 10.0.0.0/8", "10.0.0.0/8 ",
                     "abc", "12345::/16", "::ffff:1.2.3/104", "::1.2.3.4.5/128", "1.2.3.4::/64"] {
            #expect(network(text) == nil, "\(text)")
        }
    }

    @Test func malformedAddressesNeverMatch() throws {
        let v4all = try #require(network("0.0.0.0/0"))
        let v6all = try #require(network("::/0"))
        let cases = ["", " ", "1.2.3", "1.2.3.4.5", "1.2.3.256", "01.2.3.4", "1.2.3.04", "1..2.3", ".1.2.3", "1.2.3.",
                     "1.2.3.4 ", " 1.2.3.4", "[1.2.3.4]", "1.2.3.4%eth0", "1.2.3.-4", "1.2.3.4/8", "0x1.2.3.4",
                     ":", ":::", "1:2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
                     "12345::", "g::", "::1%", "[::1", "::1]", "[]", "[", "]", "::1%eth0]", "::1%et h0",
                     ":1::", "1::2:", "::ffff:1.2.3", "::ffff:1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4",
                     String(repeating: "1", count: 10_000), "\u{0}", "１.２.３.４"]
        for text in cases {
            #expect(!v4all.contains(text), "\(text)")
            #expect(!v6all.contains(text), "\(text)")
        }
        // Invalid UTF-8 and random bytes: never trap, never match unless they form an address.
        var generator = SplitMix64(seed: 4)
        let alphabet = Array("0123456789abcdefABCDEF:.%[]/ ".utf8) + [0x00, 0xFF]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...48, using: &generator)
            let text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let inV4 = text.withUnsafeBytes { v4all.contains($0) }
            let inV6 = text.withUnsafeBytes { v6all.contains($0) }
            // Everything IPv4 (and mapped) is in ::/0 as well.
            if inV4 { #expect(inV6) }
        }
    }

    @Test func zeroAndLeadingZeroDecisions() throws {
        let net = try #require(network("0.0.0.0/8"))
        #expect(net.contains("0.0.0.0") && net.contains("0.1.2.3"))
        #expect(!net.contains("00.1.2.3"))
        let v6 = try #require(network("::/64"))
        #expect(v6.contains("0000:0000:0000:0000:0001::"))
        #expect(!v6.contains("00000::"))
    }
}
