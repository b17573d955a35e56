"""A reproducible synthetic corpus of press releases for the benchmark.

    python benchmarks/corpus.py --docs 1000 --seed 7 --out /tmp/corpus

Each text is 300-900 words in the manner of agency releases and wire stories: many agencies,
people (posts changing hands), missions whose planned launch slips from report to report before
it flies, instruments and their builders, agreements and meetings, dates written in every way
(days, months, seasons, spans, "no later than", weekdays, "this year"), page furniture (banners,
"Related" lists, contact blocks) and, for one file in ten, a sidecar giving the date.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

AGENCIES = ["CNES", "CNSA", "ESA", "NASA", "JAXA", "ISRO", "DLR", "ASI", "UK Space Agency",
            "Roscosmos", "KARI", "Canadian Space Agency", "Chinese Academy of Sciences"]
BUILDERS = ["IRAP", "LESIA", "LATMOS", "Institute of High Energy Physics", "Thales Alenia Space",
            "Airbus Defence and Space", "OHB", "the University of Leicester", "CAST", "SITP",
            "Laboratoire d'Astrophysique de Marseille", "the Max Planck Institute for Solar System Research"]
CITIES = ["Paris", "Beijing", "Toulouse", "Shanghai", "Brussels", "Kourou", "Wenchang", "Xichang",
          "Rome", "Tokyo", "Geneva", "Le Bourget", "Zhuhai", "Darmstadt"]
SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Martin", "Bernard", "Dubois", "Moreau", "Laurent",
            "Garcia", "Rossi", "Sato", "Kumar", "Schmidt", "Fontaine", "Zhou", "Huang"]
GIVEN = ["Wei", "Jing", "Hua", "Ming", "Claire", "Thomas", "Sophie", "Nicolas", "Elena", "Marco",
         "Yuki", "Anil", "Julia", "Pierre", "Lan", "Qiang", "Hélène", "Antoine"]
TITLES = ["President", "Administrator", "Director General", "Vice-Administrator", "Director",
          "Chairman", "Deputy Director General"]
MISSION_ROOTS = ["Aurora", "Helios", "Tianlu", "Kestrel", "Boreas", "Lumen", "Xingyun", "Ondine",
                 "Zephyr", "Mistral", "Shenlan", "Perle", "Atlas", "Corvus", "Hailong", "Sirocco"]
KINDS = ["satellite", "mission", "probe", "observatory"]
INSTRUMENT_KINDS = ["spectrometer", "camera", "radar", "imager", "magnetometer", "detector"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
FILLER = [
    "The mission will study the exchanges between the ocean and the atmosphere, which play a key role in the climate system.",
    "Scientists from both countries have worked together for more than a decade on the design of the payload.",
    "The data will help researchers understand how the solar wind shapes the environment of the planets.",
    "Engineers completed the thermal vacuum tests of the structural model earlier in the programme.",
    "The cooperation covers Earth observation, space science, exploration and the applications of satellite data.",
    "Both sides stressed the importance of open data for the international scientific community.",
    "Training programmes for young engineers and scientists are also part of the partnership.",
    "The ground segment will be operated jointly from control centres in both countries.",
    "Calibration campaigns are planned with aircraft and ships to validate the measurements.",
    "The project has already produced several scientific publications based on simulated data.",
]
BANNERS = ["SPACE WEEK 2031 BANNER", "Advertisement", "Subscribe to our newsletter"]


def fmt_day(d: date, rng: random.Random) -> str:
    return rng.choice([f"{d.day} {MONTHS[d.month - 1]} {d.year}", f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
                       f"{d.isoformat()}"])


def vague(d: date, pub: date, rng: random.Random) -> str:
    """A planned date as a journalist writes it, relative to the report where natural."""
    forms = [f"in {d.year}", f"in {MONTHS[d.month - 1]} {d.year}", f"no later than {MONTHS[d.month - 1]} {d.year}",
             f"in {['spring', 'summer', 'autumn', 'winter'][(d.month % 12) // 3]} {d.year}",
             f"in {d.year}-{d.year + 1}", f"around {d.year}", f"in mid-{d.year}"]
    if d.year == pub.year:
        forms.append(f"in {MONTHS[d.month - 1]} this year")
        forms.append("by the end of the year")
    if d.year == pub.year + 1:
        forms.append("next year")
    return rng.choice(forms)


class World:
    def __init__(self, rng: random.Random, n_missions: int):
        self.rng = rng
        self.missions = []
        for i in range(n_missions):
            name = f"{rng.choice(MISSION_ROOTS)}-{i % 9 + 1}{'' if i < 9 else chr(65 + i // 9 % 26)}"
            planned = date(2016 + rng.randrange(8), rng.randrange(1, 13), 1)
            self.missions.append({
                "name": name, "kind": rng.choice(KINDS), "agencies": rng.sample(AGENCIES, 2),
                "planned": planned, "launched": planned + timedelta(days=rng.randrange(0, 1400)),
                "instrument": f"{''.join(rng.choice('ABCDEFGHKLMNPRSTVXZ') for _ in range(3))}-{rng.randrange(1, 9)}",
                "instrument_kind": rng.choice(INSTRUMENT_KINDS), "builder": rng.choice(BUILDERS),
            })
        self.people = {a: [f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}", rng.choice(TITLES)] for a in AGENCIES}


def release(world: World, pub: date, rng: random.Random, length: tuple[int, int] = (300, 900)) -> str:
    m = rng.choice(world.missions)
    a1, a2 = m["agencies"]
    p1, t1 = world.people[a1]
    p2, t2 = world.people[a2]
    if rng.random() < 0.05:  # a post changes hands
        world.people[a1] = [f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}", t1]
    para = []
    title = f"{a1} and {a2} Advance Cooperation On The {m['name']} {m['kind'].title()}"
    if pub >= m["launched"]:
        para.append(f"The {m['name']} {m['kind']} was successfully launched on {fmt_day(m['launched'], rng)} "
                    f"from {rng.choice(CITIES)}, {a1} said.")
    else:
        slipped = m["planned"] + timedelta(days=(pub - date(2015, 1, 1)).days // 3)
        slipped = max(slipped, pub + timedelta(days=60))
        para.append(f"The {m['name']} {m['kind']}, developed jointly by {a1} and {a2}, is now scheduled "
                    f"for launch {vague(slipped, pub, rng)}.")
    para.append(f"{a1} {t1} {p1} and {p2}, {t2} of {a2}, met in {rng.choice(CITIES)} on "
                f"{fmt_day(pub - timedelta(days=rng.randrange(0, 5)), rng)} to review the programme.")
    para.append(f"The {m['name']} {m['kind']} carries the {m['instrument']} {m['instrument_kind']}, "
                f"built by {m['builder']}.")
    if rng.random() < 0.5:
        signed = pub - timedelta(days=rng.randrange(0, 30))
        para.append(f"The two agencies signed a memorandum of understanding on data sharing in "
                    f"{rng.choice(CITIES)} on {fmt_day(signed, rng)}, in the presence of {p1} and {p2}.")
    if rng.random() < 0.4:
        para.append(f"Calibrated data from the mission will be made available to scientists "
                    f"{vague(pub + timedelta(days=rng.randrange(60, 900)), pub, rng)}.")
    if rng.random() < 0.4:
        para.append(f"The two sides agreed to hold their next meeting in {rng.choice(CITIES)} "
                    f"{vague(pub + timedelta(days=rng.randrange(30, 400)), pub, rng)}.")
    words = sum(len(p.split()) for p in para)
    target = rng.randrange(*length)
    while words < target:
        s = " ".join(rng.sample(FILLER, 3))
        para.append(s)
        words += len(s.split())
    head = [rng.choice(BANNERS)] if rng.random() < 0.3 else []
    if rng.random() < 0.9:
        head.append(fmt_day(pub, rng))
    tail = []
    if rng.random() < 0.4:
        other = rng.choice(world.missions)
        tail += ["Related", f"{other['name']} to launch in {other['planned'].year + 3}"]
    if rng.random() < 0.3:
        tail += ["CONTACTS", f"Press office {rng.choice(AGENCIES)}  Tel: +33 (0)1 44 76 75 39"]
    return "\n\n".join(head + [title] + para + tail) + "\n"


def build(n: int, seed: int, out: Path, words: tuple[int, int] = (300, 900)) -> list[Path]:
    """``n`` press releases of about ``words`` (low, high) words in folder ``out`` (short ones, e.g.
    (40, 80), keep only the reported facts: the tests use them)."""
    rng = random.Random(seed)
    world = World(rng, max(20, n // 20))
    out.mkdir(parents=True, exist_ok=True)
    start = date(2015, 1, 1)
    files = []
    for i in range(n):
        pub = start + timedelta(days=int(i * 3650 / max(n, 1)) + rng.randrange(0, 3))
        text = release(world, pub, rng, words)
        path = out / f"pr{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        if not any(line.strip() == fmt_day(pub, random.Random(0)) for line in text.splitlines()[:3]) \
                and rng.random() < 0.5 or rng.random() < 0.1:
            path.with_name(path.stem + ".meta.yaml").write_text(f"published: {pub.isoformat()}\n")
        files.append(path)
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    files = build(args.docs, args.seed, args.out)
    words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
    print(f"wrote {len(files)} press releases ({words:,} words) to {args.out}")


if __name__ == "__main__":
    main()
