#!/usr/bin/env python3
"""Counts pixels of named colour classes in a PNG (8-bit RGB/RGBA, non-interlaced), standard library
only: the attribution screenshot test uses it to see that the heatmap, holiday blocks, the group
ranking's probability bars, the phase bars and table headers were drawn. Prints JSON: {"width",
"height", "blue", "amber", "red", "teal", "phase", "header_rows"}.

Usage: scripts/report/png_colours.py shot.png (make the PNG with scripts/report/screenshot.sh)."""
import collections
import json
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, [], 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, "unsupported PNG"
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


# Exact fills of the attribution page (Sources/KagamiIntel/Report): probability bars of the group
# ranking (#0d9488) and the phase bars (PhaseTimeline.palette).
TEAL = (13, 148, 136)
PHASE = {(15, 118, 110), (192, 38, 211), (234, 88, 12), (101, 163, 13), (124, 58, 237), (8, 145, 178)}


def classify(r, g, b):
    if (r, g, b) == TEAL:
        return "teal"
    if (r, g, b) in PHASE:
        return "phase"
    if b > 120 and r < 110 and g < 130 and b > r + 60:
        return "blue"
    if r > 230 and 140 <= g <= 175 and b < 40:
        return "amber"
    if r > 200 and g < 60 and b < 60:
        return "red"
    if (r, g, b) == (243, 244, 246):
        return "grey"
    return None


def main():
    width, height, bpp, rows = decode(sys.argv[1])
    counts = {"blue": 0, "amber": 0, "red": 0, "teal": 0, "phase": 0}
    header_rows = 0
    kinds = {}
    for line in rows:
        # Distinct colours of the row counted in C (a page has few), then each colour classified once.
        row = collections.Counter(zip(line[0::bpp], line[1::bpp], line[2::bpp]))
        grey = 0
        for colour, n in row.items():
            kind = kinds.get(colour, 0)
            if kind == 0:
                kind = kinds[colour] = classify(*colour)
            if kind == "grey":
                grey += n
            elif kind is not None:
                counts[kind] += n
        if grey > width // 2:
            header_rows += 1
    print(json.dumps({"width": width, "height": height, **counts, "header_rows": header_rows}))


if __name__ == "__main__":
    main()
