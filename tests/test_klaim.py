"""Monitoring/Klaim on the wire: the claims of the SEPs that ended on a day, with invented
INA-CBG groups and a verification state that is stable per SEP."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from mockvclaim.bpjs import peserta
from mockvclaim.bpjs.vclaim import inacbg, klaim
from mockvclaim.protocol import messages
from tests.conftest import OTHER_CONSUMER, VClaimClient
from tests.fixtures import sep_insert_requests as bodies
from tests.test_inacbg import _record

BASE = "/vclaim-rest-dev"
TODAY = date(2026, 11, 27)
KEYS = [
    "Inacbg", "biaya", "kelasRawat", "noFPK", "noSEP", "peserta", "poli", "status",
    "tglPulang", "tglSep",
]  # fmt: skip
BIAYA_KEYS = ["byPengajuan", "bySetujui", "byTarifGruper", "byTarifRS", "byTopup"]


async def claims(client: VClaimClient, tgl: str, jns: str, status: str, **kw: Any) -> Any:
    return await client.call(
        "GET", f"{BASE}/Monitoring/Klaim/Tanggal/{tgl}/JnsPelayanan/{jns}/Status/{status}", **kw
    )


async def visit(client: VClaimClient, card: str, tgl: str = "2026-11-27") -> str:
    body = bodies.igd()
    body["request"]["t_sep"].update(noKartu=card, tglSep=tgl)
    reply = await client.insert_sep(body)
    assert reply.code == "200", reply.message
    no_sep: str = reply.payload["sep"]["noSep"]
    return no_sep


async def test_todays_visit_is_in_verification_with_the_catalogue_shape(
    client: VClaimClient,
) -> None:
    no_sep = await visit(client, "0003160728841")

    reply = await claims(client, "2026-11-27", "2", "1")

    assert (reply.code, reply.message) == ("200", "Sukses")
    (row,) = reply.payload["klaim"]
    assert list(row) == KEYS
    assert list(row["biaya"]) == BIAYA_KEYS
    assert list(row["Inacbg"]) == ["kode", "nama"]
    assert row["Inacbg"]["kode"].startswith("K-5-")  # K35.8, rawat jalan
    assert row["Inacbg"]["kode"].endswith("-0")
    biaya = row["biaya"]
    assert biaya["byPengajuan"] == biaya["byTarifGruper"]
    assert (biaya["bySetujui"], biaya["byTopup"]) == ("0", "0")
    assert all(value.isdigit() for value in biaya.values())
    assert row["noFPK"] == ""
    assert row["noSEP"] == no_sep
    assert row["peserta"] == {
        "nama": peserta.participant_for("0003160728841", 0).nama,
        "noKartu": "0003160728841",
        "noMR": "MR717968",
    }
    assert (row["kelasRawat"], row["poli"], row["status"]) == (
        "3",
        "Instalasi Gawat Darurat",
        "Proses Verifikasi",
    )
    assert (row["tglPulang"], row["tglSep"]) == ("2026-11-27", "2026-11-27")
    # Not a week old: nothing is paid or pending yet.
    assert (await claims(client, "2026-11-27", "2", "3")).message == messages.NO_DATA.template
    assert (await claims(client, "2026-11-27", "1", "1")).message == messages.NO_DATA.template


async def test_older_claims_split_by_state_and_only_paid_ones_carry_money(
    client: VClaimClient,
) -> None:
    numbers = [await visit(client, f"00031607{i:05d}", "2026-11-01") for i in range(24)]

    seen: dict[str, list[dict[str, Any]]] = {}
    for status in ("1", "2", "3"):
        reply = await claims(client, "2026-11-01", "2", status)
        seen[status] = reply.payload["klaim"] if reply.code == "200" else []

    assert all(seen.values()), "every state should occur among 24 claims"
    assert sorted(r["noSEP"] for rows in seen.values() for r in rows) == sorted(numbers)
    names = {"1": "Proses Verifikasi", "2": "Pending Verifikasi", "3": "Klaim"}
    for status, rows in seen.items():
        assert {r["status"] for r in rows} == {names[status]}
    for row in seen["3"]:
        assert row["biaya"]["bySetujui"] == row["biaya"]["byTarifGruper"]
        assert row["noFPK"] == "0301R0111126F000001"
    for row in seen["1"] + seen["2"]:
        assert (row["biaya"]["bySetujui"], row["noFPK"]) == ("0", "")
    again = await claims(client, "2026-11-01", "2", "3")
    assert again.payload["klaim"] == seen["3"]


async def test_rawat_inap_claims_on_discharge_with_severity_by_stay(
    client: VClaimClient,
) -> None:
    body = bodies.rawat_inap()
    t = body["request"]["t_sep"]
    t["tglSep"] = "2026-11-10"
    t["rujukan"]["tglRujukan"] = "2026-11-10"
    reply = await client.insert_sep(body)
    no_sep = reply.payload["sep"]["noSep"]
    before = [await claims(client, "2026-11-15", "1", s) for s in "123"]

    pulang = {
        "noSep": no_sep,
        "statusPulang": "1",
        "noSuratMeninggal": "",
        "tglMeninggal": "",
        "tglPulang": "2026-11-15",
        "noLPManual": "",
        "user": "Admin",
    }
    await client.call("PUT", f"{BASE}/SEP/2.0/updtglplg", {"request": {"t_sep": pulang}})
    after = [await claims(client, "2026-11-15", "1", s) for s in "123"]

    assert {r.message for r in before} == {messages.NO_DATA.template}
    (row,) = [r.payload["klaim"][0] for r in after if r.code == "200"]
    assert row["noSEP"] == no_sep
    assert row["Inacbg"]["kode"].startswith("K-4-")
    assert row["Inacbg"]["kode"].endswith("-II")  # five days
    assert row["Inacbg"]["nama"].endswith(" SEDANG")
    assert (row["poli"], row["tglSep"], row["tglPulang"]) == ("", "2026-11-10", "2026-11-15")
    # Not on the SEP's own day: R.Inap claims by discharge.
    on_sep_day = [await claims(client, "2026-11-10", "1", s) for s in "123"]
    assert {r.code for r in on_sep_day} == {"201"}


async def test_a_deleted_sep_has_no_claim_and_claims_are_per_consumer(
    client: VClaimClient,
) -> None:
    no_sep = await visit(client, "0003160728841")
    other = await claims(client, "2026-11-27", "2", "1", consumer=OTHER_CONSUMER)
    body = {"request": {"t_sep": {"noSep": no_sep, "user": "Admin"}}}
    await client.call("DELETE", f"{BASE}/SEP/2.0/delete", body)

    assert other.message == messages.NO_DATA.template
    assert (await claims(client, "2026-11-27", "2", "1")).message == messages.NO_DATA.template


@pytest.mark.parametrize(
    ("tgl", "jns", "status", "message"),
    [
        (
            "2026-11-27",
            "2",
            "4",
            "Status Klaim (status) tidak sesuai, isi salah satu dari: 1, 2, 3",
        ),
        (
            "2026-11-27",
            "0",
            "1",
            "Jenis Pelayanan (jnsPelayanan) tidak sesuai, isi salah satu dari: 1, 2",
        ),
        ("2026-02-29", "2", "1", messages.DATE_INVALID.format(title="Tanggal Pulang")),
    ],
)
async def test_bad_path_params_are_201(
    client: VClaimClient, tgl: str, jns: str, status: str, message: str
) -> None:
    reply = await claims(client, tgl, jns, status)

    assert (reply.code, reply.message) == ("201", message)


def test_status_waits_a_week_then_is_stable_per_sep() -> None:
    record = _record(jns_pelayanan="2", tgl_pulang=None)
    fresh = klaim.status_of(record, date(2026, 11, 21), 0, TODAY)
    states = {
        klaim.status_of(_record(no_sep=f"0301R0111126V{i:06d}"), date(2026, 11, 1), 0, TODAY)
        for i in range(60)
    }

    assert fresh == klaim.PROSES
    assert states == {klaim.PROSES, klaim.PENDING, klaim.KLAIM}
    assert inacbg.grouping(record, 0) == inacbg.grouping(record, 0)
