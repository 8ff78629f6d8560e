"""Server CPU of an Antrean antrean/add next to an SEP insert, over the wire.

    python3 bench/antrean_vs_sep.py [--requests 400]

Starts `mockvclaim serve` in its own process, sends the same number of accepted SEP inserts
(distinct cards, bench/hot_path.py's bodies) and accepted antrean/add bookings (one card with
a live referral, its poli's first doctor, spread over the days the referral is valid so no
quota fills), one at a time, and prints the server's CPU per request read from /proc. It
prints figures only; nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.request
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from hot_path import BASE, CONS_ID, SECRET, USER_KEY, WIB, insert_t_sep, mock_server  # noqa: E402

from mockvclaim.bpjs.peserta import participant_for  # noqa: E402
from mockvclaim.bpjs.store import Database  # noqa: E402
from mockvclaim.bpjs.vclaim import kapasitas, rujukan  # noqa: E402
from mockvclaim.bpjs.world import World  # noqa: E402
from mockvclaim.config import DEMO_PPK, Consumer  # noqa: E402
from mockvclaim.protocol import crypto  # noqa: E402


def bookings(count: int) -> list[dict[str, object]]:
    today = datetime.now(WIB).date()
    consumer = Consumer(CONS_ID, SECRET, USER_KEY, DEMO_PPK)
    world = World(Database().for_consumer(CONS_ID), consumer, 0, False, today)
    for number in range(1, 5000):
        card = f"00012{number:08d}"
        for referral in rujukan.of_card(world, card, rujukan.FKTP):
            made = _spread(card, referral, today, count)
            if len(made) >= count:
                return made
    raise SystemExit("no card with a referral long enough for the bench")


def _spread(
    card: str, referral: rujukan.Referral, today: date, count: int
) -> list[dict[str, object]]:
    made: list[dict[str, object]] = []
    day = today
    last = referral.tgl_kunjungan + timedelta(days=rujukan.VALID_DAYS)
    while day <= last and len(made) < count:
        sessions = kapasitas.jadwal(DEMO_PPK, referral.kd_poli, day, 0)
        if sessions:
            first = sessions[0]
            for _ in range(first.kapasitas - first.kapasitas // 5):
                made.append({
                    "kodebooking": f"BENCH{len(made):06d}", "jenispasien": "JKN",
                    "nomorkartu": card, "nik": participant_for(card, 0).nik,
                    "kodepoli": referral.kd_poli, "tanggalperiksa": str(day),
                    "kodedokter": int(first.kode_dokter), "jampraktek": first.jam,
                    "jeniskunjungan": 1, "nomorreferensi": referral.no_rujukan, "pasienbaru": 0,
                    "nomorantrean": "A-1", "angkaantrean": 1, "kuotajkn": 30, "sisakuotajkn": 5,
                })  # fmt: skip
        day = day + timedelta(days=1)
    return made[:count]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def post(url: str, body: object) -> dict[str, object]:
    timestamp = str(int(time.time()))
    headers = crypto.signed_headers(CONS_ID, SECRET, USER_KEY, timestamp)
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        document: dict[str, object] = json.loads(answer.read())
    return document


def measure(pid: int, url: str, requests: Sequence[object], meta_key: str, ok: object) -> float:
    before = cpu_seconds(pid)
    for body in requests:
        meta = post(url, body)[meta_key]
        if not isinstance(meta, dict) or meta["code"] != ok:
            raise SystemExit(f"{url} refused a bench request: {meta}")
    return (cpu_seconds(pid) - before) / len(requests) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=400)
    count = parser.parse_args().requests
    adds = bookings(count)
    seps = [{"request": {"t_sep": insert_t_sep(serial)}} for serial in range(count)]
    with mock_server() as (pid, port):
        root = f"http://127.0.0.1:{port}"
        sep_us = measure(pid, f"{root}{BASE}/SEP/2.0/insert", seps, "metaData", "200")
        add_us = measure(pid, f"{root}/antreanrs_dev/antrean/add", adds, "metadata", 200)
    print(f"server CPU per request over {count} requests each:")
    print(f"  SEP insert   {sep_us:8.0f} µs")
    print(f"  antrean/add  {add_us:8.0f} µs  ({add_us / sep_us:.2f} x SEP insert)")


if __name__ == "__main__":
    main()
