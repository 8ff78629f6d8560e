"""POST /SEP/2.0/insert on the wire: real bytes in, encrypted bytes out, decrypted here."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_aiohttp import AiohttpClient

from mockvclaim.bpjs import peserta
from mockvclaim.config import Settings
from mockvclaim.protocol import messages
from mockvclaim.web.app import create_app
from mockvclaim.web.context import mock_state_key
from tests.conftest import CONSUMER, NOW, OTHER_CONSUMER, VClaimClient, t_sep
from tests.fixtures import sep_insert_requests as bodies

# The catalogue's own response (docs/vclaim-api.md §4.1) lists exactly these keys.
CATALOG_SEP_KEYS = {
    "assestmenPel", "catatan", "diagnosa", "flagProcedure", "informasi", "jnsPelayanan",
    "kdPenunjang", "kdPoli", "kelasRawat", "noRujukan", "noSep", "penjamin", "peserta", "poli",
    "poliEksekutif", "tglSep", "tujuanKunj",
}  # fmt: skip
CATALOG_PESERTA_KEYS = {
    "asuransi", "hakKelas", "jnsPeserta", "kelamin", "nama", "noKartu", "noMr", "tglLahir",
}  # fmt: skip


async def test_insert_catalog_example_succeeds_encrypted(client: VClaimClient) -> None:
    reply = await client.insert_sep(bodies.catalog_example())

    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("application/json")
    assert reply.code == "200"
    assert reply.message == "Sukses"
    sep = reply.payload["sep"]
    assert set(sep) == CATALOG_SEP_KEYS
    assert set(sep["peserta"]) == CATALOG_PESERTA_KEYS
    # tglSep 2021-07-30 at PPK 0301R011: MMYY 0721, first of that month.
    assert sep["noSep"] == "0301R0110721V000001"
    assert sep["jnsPelayanan"] == "R.Inap"
    assert sep["diagnosa"] == "E10 - Type 1 diabetes mellitus"
    assert sep["kelasRawat"] == "Kelas 2"
    assert sep["penjamin"] == "-"
    assert sep["poliEksekutif"] == "Tidak"
    assert (sep["kdPoli"], sep["poli"]) == ("", "")
    assert sep["noRujukan"] == "RJKMR9835001"
    assert sep["catatan"] == "testinsert RI"
    assert sep["informasi"] == {"dinsos": None, "eSEP": "True", "noSKTM": None, "prolanisPRB": None}
    assert sep["peserta"]["noMr"] == "MR9835"
    assert sep["peserta"]["noKartu"] == "0001105689835"


async def test_insert_response_is_one_line_standard_base64(client: VClaimClient) -> None:
    reply = await client.insert_sep(bodies.rawat_jalan_first_visit())

    response = reply.document["response"]
    assert "\n" not in response
    assert set(response) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


@pytest.mark.parametrize(
    "build",
    [
        bodies.rawat_jalan_first_visit,
        bodies.rawat_jalan_kontrol,
        bodies.rawat_jalan_internal,
        bodies.rawat_jalan_procedure,
        bodies.igd,
        bodies.rawat_inap,
    ],
)
async def test_insert_each_real_world_pattern_succeeds(
    client: VClaimClient, build: Callable[[], dict[str, Any]]
) -> None:
    body = build()
    sent = t_sep(body)

    reply = await client.insert_sep(body)

    assert (reply.code, reply.message) == ("200", "Sukses"), reply.message
    sep = reply.payload["sep"]
    assert sep["noSep"] == f"{sent['ppkPelayanan']}1126V000001"
    assert sep["tglSep"] == sent["tglSep"]
    assert sep["kdPoli"] == sent["poli"]["tujuan"]
    assert sep["tujuanKunj"] == sent["tujuanKunj"]
    assert sep["assestmenPel"] == sent["assesmentPel"]
    assert sep["jnsPelayanan"] == ("R.Inap" if sent["jnsPelayanan"] == "1" else "R.Jalan")
    assert sep["diagnosa"].startswith(sent["diagAwal"] + " - ")


async def test_insert_peserta_is_the_generated_participant(client: VClaimClient) -> None:
    body = bodies.rawat_jalan_first_visit()
    expected = peserta.participant_for(t_sep(body)["noKartu"], 0)

    sep = (await client.insert_sep(body)).payload["sep"]

    assert sep["peserta"] == {
        "asuransi": "-",
        "hakKelas": expected.hak_kelas_sep,
        "jnsPeserta": expected.jenis_peserta_short,
        "kelamin": expected.kelamin_long,
        "nama": expected.nama,
        "noKartu": expected.no_kartu,
        "noMr": t_sep(body)["noMR"],
        "tglLahir": expected.tgl_lahir.isoformat(),
    }
    assert sep["poli"] == "PENYAKIT DALAM"


async def test_insert_numbers_follow_ppk_and_month_of_tglsep(client: VClaimClient) -> None:
    numbers = []
    for card, tgl in [
        ("0002000000101", "2026-11-27"),
        ("0002000000102", "2026-11-27"),
        ("0002000000103", "2026-10-02"),
        ("0002000000104", "2026-11-01"),
    ]:
        body = bodies.rawat_jalan_first_visit()
        t_sep(body).update(noKartu=card, tglSep=tgl)
        t_sep(body)["rujukan"]["tglRujukan"] = "2026-09-30"
        reply = await client.insert_sep(body)
        numbers.append(reply.payload["sep"]["noSep"])

    assert numbers == [
        "0301R0111126V000001",
        "0301R0111126V000002",
        "0301R0111026V000001",
        "0301R0111126V000003",
    ]


async def test_insert_sequences_are_per_consumer(client: VClaimClient) -> None:
    first = await client.insert_sep(bodies.rawat_jalan_first_visit())
    other = await client.insert_sep(bodies.rawat_jalan_first_visit(), consumer=OTHER_CONSUMER)

    assert first.payload["sep"]["noSep"] == "0301R0111126V000001"
    # Another hospital's state is apart: no duplicate, its own sequence.
    assert other.code == "200"
    assert other.payload["sep"]["noSep"] == "0301R0111126V000001"


async def test_insert_same_card_poli_day_answers_e1_ending_with_first_sep(
    client: VClaimClient,
) -> None:
    first = (await client.insert_sep(bodies.rawat_jalan_first_visit())).payload["sep"]["noSep"]

    again = await client.insert_sep(bodies.rawat_jalan_first_visit())

    card = t_sep(bodies.rawat_jalan_first_visit())["noKartu"]
    hospital = peserta.facility_name("0301R011", 0)
    assert again.code == "201"
    assert again.message == (
        f"1.Peserta NoKa {card} telah mendapat Pelayanan R.Jalan di Poli INT pada hari yg sama "
        f"di {hospital} Dgn No.SEP {first}"
    )
    assert again.message[-19:] == first  # clients cut the SEP number off the end
    assert again.document["response"] is None


async def test_insert_same_card_other_poli_same_day_succeeds(client: VClaimClient) -> None:
    await client.insert_sep(bodies.rawat_jalan_first_visit())
    body = bodies.rawat_jalan_first_visit()
    t_sep(body)["poli"]["tujuan"] = "MAT"

    reply = await client.insert_sep(body)

    assert reply.code == "200"
    assert reply.payload["sep"]["poli"] == "MATA"


async def test_insert_rawat_inap_while_admitted_answers_e2(client: VClaimClient) -> None:
    first = (await client.insert_sep(bodies.rawat_inap())).payload["sep"]["noSep"]

    again = await client.insert_sep(bodies.rawat_inap())

    card = t_sep(bodies.rawat_inap())["noKartu"]
    hospital = peserta.facility_name("0301R011", 0)
    assert again.code == "201"
    assert again.message == (
        f"3.1.Peserta NoKa {card} telah mendapat Pelayanan R.Inap pada tgl. 27/11/2026 dan belum "
        f"dipulangkan di {hospital} Dgn No.SEP {first}"
    )


def _broken(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    body = bodies.rawat_jalan_first_visit()
    change(t_sep(body))
    return body


# Each rule of docs/vclaim-api.md §3.2 (and the reference data) with the answer it gets.
RULE_CASES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "unknown-diagnosis",
        lambda t: t.update(diagAwal="D98"),
        messages.DIAGNOSA_NOT_FOUND.format(kode="D98"),
    ),
    (
        "unknown-poli",
        lambda t: t["poli"].update(tujuan="XYZ"),
        messages.POLI_NOT_FOUND.format(kode="XYZ"),
    ),
    (
        "rajal-without-poli",
        lambda t: t["poli"].update(tujuan=""),
        messages.POLI_REQUIRED_RAJAL.template,
    ),
    ("rajal-without-dpjp", lambda t: t.update(dpjpLayan=""), messages.DPJP_REQUIRED.template),
    (
        "rajal-without-referral",
        lambda t: t["rujukan"].update(noRujukan=""),
        messages.RUJUKAN_REQUIRED.template,
    ),
    (
        "procedure-without-flag",
        lambda t: t.update(tujuanKunj="1", flagProcedure="", kdPenunjang="7"),
        messages.PROCEDURE_FLAG_REQUIRED.template,
    ),
    (
        "procedure-without-penunjang",
        lambda t: t.update(tujuanKunj="1", flagProcedure="0", kdPenunjang=""),
        messages.PENUNJANG_REQUIRED.template,
    ),
    (
        "konsul-without-assesment",
        lambda t: t.update(tujuanKunj="2", assesmentPel=""),
        messages.ASSESMENT_REQUIRED.template,
    ),
    ("tglsep-in-future", lambda t: t.update(tglSep="2026-11-28"), messages.TGLSEP_FUTURE.template),
    (
        "tglsep-not-a-date",
        lambda t: t.update(tglSep="2026-02-30"),
        messages.DATE_INVALID.format(title="Tanggal SEP"),
    ),
    (
        "referral-after-sep",
        lambda t: (
            t["rujukan"].update(tglRujukan="2026-11-27", noRujukan="X")
            or t.update(tglSep="2026-11-26")
        ),
        messages.RUJUKAN_AFTER_SEP.template,
    ),
    (
        "accident-without-date",
        lambda t: t["jaminan"].update(lakaLantas="1"),
        messages.LAKA_DETAIL_REQUIRED.format(title="Tanggal Kejadian", lakaLantas="1"),
    ),
]


@pytest.mark.parametrize(
    ("change", "message"), [c[1:] for c in RULE_CASES], ids=[c[0] for c in RULE_CASES]
)
async def test_insert_rule_violation_answers_201(
    client: VClaimClient, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    reply = await client.insert_sep(_broken(change))

    assert (reply.status, reply.code, reply.message) == (200, "201", message)
    assert reply.document["response"] is None


async def test_insert_rawat_inap_upgrade_without_payer_answers_201(client: VClaimClient) -> None:
    body = bodies.rawat_inap()
    t_sep(body)["klsRawat"].update(klsRawatNaik="3", pembiayaan="", penanggungJawab="")

    reply = await client.insert_sep(body)

    assert reply.message == messages.PEMBIAYAAN_REQUIRED.template


async def test_insert_traffic_accident_names_guarantors(client: VClaimClient) -> None:
    body = bodies.igd()
    t_sep(body)["jaminan"] = {
        "lakaLantas": "2",
        "noLP": "LP/123/XI/2026",
        "penjamin": {
            "tglKejadian": "2026-11-26",
            "keterangan": "Tabrakan motor di jalan raya",
            "suplesi": {
                "suplesi": "0",
                "noSepSuplesi": "",
                "lokasiLaka": {"kdPropinsi": "03", "kdKabupaten": "0050", "kdKecamatan": "0574"},
            },
        },
    }

    reply = await client.insert_sep(body)

    assert reply.payload["sep"]["penjamin"] == "Jasa Raharja PT, BPJS Ketenagakerjaan"


async def test_insert_kiosk_procedure_fields_on_normal_visit_lenient_but_strict_refuses(
    client: VClaimClient, strict_client: VClaimClient
) -> None:
    # A Mobile-JKN kiosk sends tujuanKunj 0 with flagProcedure "0" / kdPenunjang "10"
    # (docs/vclaim-api.md §3.2).
    body = _broken(lambda t: t.update(tujuanKunj="0", flagProcedure="0", kdPenunjang="10"))
    body_for_strict = copy.deepcopy(body)

    assert (await client.insert_sep(body)).code == "200"
    strict = await strict_client.insert_sep(body_for_strict)
    assert strict.message == messages.TUJUAN_NORMAL_NO_PROCEDURE.template


async def test_insert_strict_refuses_backdate_and_old_referral(strict_client: VClaimClient) -> None:
    backdated = await strict_client.insert_sep(bodies.catalog_example())
    old_referral = _broken(
        lambda t: t["rujukan"].update(tglRujukan="2026-08-01")  # 118 days before tglSep
    )

    assert backdated.message == messages.SEP_BACKDATE_NEEDS_APPROVAL.format(tglSep="2021-07-30")
    expired = await strict_client.insert_sep(old_referral)
    assert expired.message == messages.RUJUKAN_EXPIRED.format(
        noRujukan=t_sep(old_referral)["rujukan"]["noRujukan"]
    )


async def test_insert_lenient_accepts_referral_older_than_90_days(client: VClaimClient) -> None:
    body = _broken(lambda t: t["rujukan"].update(tglRujukan="2026-08-01"))

    assert (await client.insert_sep(body)).code == "200"


async def test_insert_parallel_requests_never_share_a_number(client: VClaimClient) -> None:
    def body_for(index: int) -> dict[str, Any]:
        body = bodies.rawat_jalan_first_visit()
        t_sep(body)["noKartu"] = f"00021{index:08d}"
        return body

    replies = await asyncio.gather(*(client.insert_sep(body_for(i)) for i in range(60)))

    numbers = [reply.payload["sep"]["noSep"] for reply in replies]
    assert sorted(numbers) == [f"0301R0111126V{n:06d}" for n in range(1, 61)]


async def test_insert_restart_with_data_file_continues_sequence(
    aiohttp_client: AiohttpClient, settings: Settings, tmp_path: Path
) -> None:
    data = str(tmp_path / "state.sqlite")
    first_app = create_app(Settings(consumers=settings.consumers, data=data), clock=lambda: NOW)
    first = VClaimClient(await aiohttp_client(first_app))
    for index in range(3):
        body = bodies.rawat_jalan_first_visit()
        t_sep(body)["noKartu"] = f"000300000000{index}"
        assert (await first.insert_sep(body)).code == "200"
    await first.http.close()  # runs cleanup: the store closes as on Ctrl-C

    second_app = create_app(Settings(consumers=settings.consumers, data=data), clock=lambda: NOW)
    second = VClaimClient(await aiohttp_client(second_app))
    again = await second.insert_sep(bodies.rawat_jalan_first_visit())
    repeat = body = bodies.rawat_jalan_first_visit()
    t_sep(body)["noKartu"] = "0003000000000"

    assert again.payload["sep"]["noSep"] == "0301R0111126V000004"
    # The earlier SEPs are there too: the same visit again is a duplicate.
    assert (await second.insert_sep(repeat)).message.endswith("0301R0111126V000001")


async def test_insert_failures_leave_no_state_behind(client: VClaimClient) -> None:
    store = client.http.app[mock_state_key].database.for_consumer(CONSUMER.cons_id)
    for broken in (b"{", b"[]", b"", _broken(lambda t: t.update(diagAwal="D98"))):
        if isinstance(broken, bytes):
            await client.insert_sep(None, data=broken)
        else:
            await client.insert_sep(broken)

    assert store.count_sep() == 0
    reply = await client.insert_sep(bodies.rawat_jalan_first_visit())
    assert reply.payload["sep"]["noSep"].endswith("V000001")
