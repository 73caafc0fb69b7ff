/// What a BinXML node is. Values keep pointing into the chunk's bytes; nothing is decoded until
/// the renderer writes it.
enum BinXMLNodeKind: UInt8 {
    /// `a` = element id in the same tree.
    case element
    /// UTF-16LE text: `a` = chunk offset, `b` = code units (NUL-truncated already).
    case text16
    /// UTF-8 text held by the tree (decoded ANSI strings): `a` = offset in `utf8`, `b` = bytes.
    case text8
    /// CDATA section, UTF-16LE like `text16`.
    case cdata
    /// A typed value: `type`, `a` = chunk offset, `b` = byte length (arrays included).
    case value
    /// Entity reference: `a` = chunk offset of its name.
    case entity
    /// Character reference: `a` = the UTF-16 code unit.
    case charRef
    /// Processing instruction target (`a` = name offset) and data (`text16` layout).
    case piTarget, piData
    /// Template substitution: `a` = index, `type`, `optional`.
    case placeholder
}

struct BinXMLNode {
    var kind: BinXMLNodeKind
    var type: UInt8 = 0
    var optional = false
    /// The record instance's substitution this node's text came from (-1: none); see render plans.
    var sub: Int16 = -1
    var a: Int32
    var b: Int32 = 0
}

struct BinXMLElement {
    /// Chunk offset of the element's name structure.
    var name: Int32
    var attrStart: Int32
    var attrCount: Int32
    var childStart: Int32
    var childCount: Int32
    var hasElementChild: Bool
}

struct BinXMLAttribute {
    var name: Int32
    var valueStart: Int32
    var valueCount: Int32
}

/// A forest of elements in flat arrays: each element's attributes and children are contiguous
/// ranges of `attrs` and `nodes`. Reused (cleared, capacity kept) record after record.
struct BinXMLTree {
    var nodes = PODBuffer<BinXMLNode>(capacity: 256)
    var elements = PODBuffer<BinXMLElement>(capacity: 64)
    var attrs = PODBuffer<BinXMLAttribute>(capacity: 64)
    var utf8 = ByteSink(capacity: 256)

    mutating func reset() {
        nodes.removeAll(keepingCapacity: true)
        elements.removeAll(keepingCapacity: true)
        attrs.removeAll(keepingCapacity: true)
        utf8.count = 0
    }
}

/// A substitution value of a template instance: a typed byte range, or an element parsed from
/// an embedded BinXML fragment (`element` ≥ 0).
struct BinXMLSubstitution {
    var type: UInt8
    var offset: Int32
    var length: Int32
    /// UTF-16 strings: code units up to the first NUL.
    var units: Int32 = 0
    var element: Int32 = -1
    /// ANSI strings: decoded bytes in the record tree's `utf8`.
    var utf8Start: Int32 = 0
}
