#!/usr/bin/env python3
"""Counts pixels of named colour classes in a PNG (8-bit RGB/RGBA, non-interlaced), standard library
only: the attribution screenshot test uses it to see that the heatmap, holiday blocks and table
headers were drawn. Prints JSON: {"width", "height", "blue", "amber", "red", "header_rows"}."""
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


def main():
    width, height, bpp, rows = decode(sys.argv[1])
    blue = amber = red = header_rows = 0
    for line in rows:
        grey = 0
        for x in range(0, width * bpp, bpp):
            r, g, b = line[x], line[x + 1], line[x + 2]
            if b > 120 and r < 110 and g < 130 and b > r + 60:
                blue += 1
            elif r > 230 and 140 <= g <= 175 and b < 40:
                amber += 1
            elif r > 200 and g < 60 and b < 60:
                red += 1
            elif r == 243 and g == 244 and b == 246:
                grey += 1
        if grey > width // 2:
            header_rows += 1
    print(json.dumps({"width": width, "height": height, "blue": blue, "amber": amber, "red": red, "header_rows": header_rows}))


if __name__ == "__main__":
    main()
