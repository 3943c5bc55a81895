#!/usr/bin/env python3
"""Makes the bundled sample: the first 5,000 training and 1,000 test images of MNIST and
Fashion-MNIST, as gzipped IDX files with the standard names.

Usage (from the project root):  python3 assets/sample/make-sample.py [SOURCE] [TARGET]
  SOURCE  folder holding mnist/ and fashion-mnist/ with the four IDX files, raw or .gz
          (default: ../shared/datasets)
  TARGET  folder to write mnist/ and fashion-mnist/ into (default: assets/sample)

Python 3 standard library only. The output is reproducible byte for byte: gzip level 9, no file
name and modification time 0 in the gzip header (with the same zlib; a different zlib may compress
differently but decompresses to identical IDX content, which is what the data set's SHA-256 covers).
"""
import gzip
import io
import os
import struct
import sys

TRAIN, TEST = 5000, 1000
SETS = ("mnist", "fashion-mnist")
FILES = (
    ("train-images-idx3-ubyte", TRAIN, 0x803),
    ("train-labels-idx1-ubyte", TRAIN, 0x801),
    ("t10k-images-idx3-ubyte", TEST, 0x803),
    ("t10k-labels-idx1-ubyte", TEST, 0x801),
)


def read_idx(folder, name):
    for candidate, opener in ((name, open), (name + ".gz", gzip.open)):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            with opener(path, "rb") as f:
                return f.read()
    sys.exit(f"{os.path.join(folder, name)}: not found (nor .gz)")


def head(data, n, magic, name):
    got_magic, count = struct.unpack(">II", data[:8])
    if got_magic != magic:
        sys.exit(f"{name}: magic 0x{got_magic:08x}, expected 0x{magic:08x}")
    if count < n:
        sys.exit(f"{name}: holds {count} items, fewer than {n}")
    if magic == 0x803:
        rows, cols = struct.unpack(">II", data[8:16])
        return struct.pack(">IIII", magic, n, rows, cols) + data[16:16 + n * rows * cols]
    return struct.pack(">II", magic, n) + data[8:8 + n]


def write_gz(path, content):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(content)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "datasets")
    target = sys.argv[2] if len(sys.argv) > 2 else os.path.join("assets", "sample")
    for key in SETS:
        out = os.path.join(target, key)
        os.makedirs(out, exist_ok=True)
        for name, n, magic in FILES:
            content = head(read_idx(os.path.join(source, key), name), n, magic, name)
            write_gz(os.path.join(out, name + ".gz"), content)
            print(f"{key}/{name}.gz: {n} items")


if __name__ == "__main__":
    main()
