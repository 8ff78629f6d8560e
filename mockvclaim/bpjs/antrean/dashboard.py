"""dashboard/waktutunggu: the waits and service times of a day's or a month's bookings,
computed from the task times the hospital actually sent (docs/antrean-aplicares.md §3.7)."""

from __future__ import annotations

from typing import Any

from mockvclaim.bpjs import refdata
from mockvclaim.bpjs.antrean import fields
from mockvclaim.bpjs.peserta import facility_name
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import AntreanRecord
from mockvclaim.bpjs.vclaim import path_params
from mockvclaim.bpjs.world import World

SPANS = range(1, 7)  # waktu_taskK: from task K to task K+1


def _source(waktu: str) -> str:
    return path_params.choice(waktu.lower(), "waktu", "Waktu", ("rs", "server"))


def _rows(world: World, records: list[AntreanRecord], source: str) -> dict[str, Any]:
    groups: dict[tuple[str, str], list[AntreanRecord]] = {}
    for record in records:
        groups.setdefault((record.tanggal, record.kodepoli), []).append(record)
    ppk = world.consumer.ppk
    rows = []
    for (tanggal, kodepoli), members in sorted(groups.items()):
        totals = dict.fromkeys(SPANS, 0)
        for record in members:
            times = {
                t.taskid: (t.waktu if source == "rs" else t.waktu_server)
                for t in world.store.list_task(record.kodebooking)
            }
            for k in SPANS:
                if k in times and k + 1 in times:
                    totals[k] += max(0, times[k + 1] - times[k]) // 1000
        row: dict[str, Any] = {
            "kdppk": ppk,
            "nmppk": facility_name(ppk, world.seed),
            "kodepoli": kodepoli,
            "namapoli": refdata.poli_name(kodepoli) or kodepoli,
            "tanggal": tanggal,
            "jumlah_antrean": len(members),
        }
        for k in SPANS:
            row[f"waktu_task{k}"] = totals[k]
            row[f"avg_waktu_task{k}"] = round(totals[k] / len(members))
        row["insertdate"] = fields.now_ms(world)
        rows.append(row)
    return {"list": rows}


@serves("antrean.dashboard_tanggal")
def per_tanggal(world: World, tanggal: str, waktu: str) -> dict[str, Any]:
    day = str(path_params.day(tanggal, "Tanggal"))
    return _rows(world, world.store.list_antrean(day, day), _source(waktu))


@serves("antrean.dashboard_bulan")
def per_bulan(world: World, bulan: str, tahun: str, waktu: str) -> dict[str, Any]:
    first, last = path_params.month_range(path_params.month(bulan), path_params.year(tahun))
    return _rows(world, world.store.list_antrean(first, last), _source(waktu))
