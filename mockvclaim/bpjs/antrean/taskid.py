"""Task ids: the time of each step of a visit (updatewaktu) and the list BPJS keeps of them
(getlisttask). The order rules and their texts are docs/antrean-aplicares.md §3.6, applied
first match wins."""

from __future__ import annotations

from typing import Any

from mockvclaim.bpjs.antrean import fields
from mockvclaim.bpjs.antrean.antrean import find_antrean
from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.store import TaskRecord
from mockvclaim.bpjs.world import World
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

BATAL = 99
TASKNAME = {
    1: "mulai waktu tunggu admisi",
    2: "akhir waktu tunggu admisi/mulai waktu layan admisi",
    3: "akhir waktu layan admisi/mulai waktu tunggu poli",
    4: "akhir waktu tunggu poli/mulai waktu layan poli",
    5: "akhir waktu layan poli/mulai waktu tunggu farmasi",
    6: "akhir waktu tunggu farmasi/mulai waktu layan farmasi membuat obat",
    7: "akhir waktu obat selesai dibuat",
    BATAL: "tidak hadir/batal",
}


def _refuse(message: messages.Message, **values: object) -> VClaimError:
    return VClaimError.of(message, **values)


@serves("antrean.updatewaktu")
def update_waktu(world: World, body: dict[str, Any]) -> None:
    record = find_antrean(world, fields.required(body, "kodebooking"))  # rule 1
    raw_task = fields.text(body, "taskid")
    if not raw_task.isascii() or not raw_task.isdigit() or int(raw_task) not in TASKNAME:
        raise _refuse(messages.TASK_TIDAK_VALID, n=raw_task)  # rule 2
    n = int(raw_task)
    raw_waktu = fields.text(body, "waktu")
    if not raw_waktu.isascii() or not raw_waktu.isdigit() or int(raw_waktu) <= 0:
        raise _refuse(messages.TASK_WAKTU_FORMAT)
    waktu = int(raw_waktu)
    stored = {t.taskid: t for t in world.store.list_task(record.kodebooking)}
    closed = record.batal or BATAL in stored
    if closed and n != BATAL:
        raise _refuse(messages.TASK_TERAKHIR_99)  # rule 3
    if n in stored:
        raise VClaimError(messages.TASK_SUDAH_ADA.format(n=n), code="208")  # rule 4
    if n != BATAL:
        _check_order(n, stored, waktu)
    task = TaskRecord(n, waktu, fields.now_ms(world))
    world.store.insert_task(record.kodebooking, task)  # rule 10


def _check_order(n: int, stored: dict[int, TaskRecord], waktu: int) -> None:
    if n == 2 and 1 not in stored:
        raise _refuse(messages.TASK_SEBELUMNYA_BELUM, n=n)  # rule 5
    if n == 3 and 1 in stored and 2 not in stored:
        raise _refuse(messages.TASK_2_BELUM_ADA)  # rule 6
    if n in (5, 6, 7) and 3 not in stored:
        raise _refuse(messages.TASK_3_BELUM_ADA)  # rule 7
    if n in (4, 5, 6, 7) and n - 1 not in stored:
        raise _refuse(messages.TASK_SEBELUMNYA_BELUM, n=n)  # rule 8
    earlier = [t for t in stored if t < n and t != BATAL]
    if earlier and waktu < stored[max(earlier)].waktu:
        raise _refuse(messages.TASK_WAKTU_MUNDUR, n=n)  # rule 9


@serves("antrean.getlisttask")
def list_task(world: World, body: dict[str, Any]) -> list[dict[str, Any]]:
    record = find_antrean(world, fields.required(body, "kodebooking"))
    tasks = world.store.list_task(record.kodebooking)
    if not tasks:
        raise VClaimError.of(messages.NO_DATA)
    return [
        {
            "wakturs": fields.wib_text(t.waktu),
            "waktu": fields.wib_text(t.waktu_server),
            "taskname": TASKNAME[t.taskid],
            "taskid": t.taskid,
            "kodebooking": record.kodebooking,
        }
        for t in tasks
    ]
