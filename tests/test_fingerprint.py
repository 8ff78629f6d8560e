"""Finger print routes on the wire: status (always code 200), the day's list, and the random
question / answer that stands in for the reader."""

from __future__ import annotations

from typing import Any

import pytest

from mockvclaim.bpjs import peserta, refdata
from mockvclaim.protocol import messages
from tests.conftest import OTHER_CONSUMER, VClaimClient
from tests.fixtures import sep_insert_requests as bodies

BASE = "/vclaim-rest-dev/SEP/FingerPrint"
ODD = "0003160728841"  # the IGD builder's card: not validated by default
EVEN = "0003160728842"  # validated on every day up to today


async def status(client: VClaimClient, card: str, tgl: str = "2026-11-27", **kw: Any) -> Any:
    return await client.call("GET", f"{BASE}/Peserta/{card}/TglPelayanan/{tgl}", **kw)


async def day_list(client: VClaimClient, tgl: str = "2026-11-27", **kw: Any) -> Any:
    return await client.call("GET", f"{BASE}/List/Peserta/TglPelayanan/{tgl}", **kw)


async def question(client: VClaimClient, card: str, tgl: str = "2026-11-27") -> Any:
    return await client.call(
        "GET", f"{BASE}/randomquestion/faskesterdaftar/nokapst/{card}/tglsep/{tgl}"
    )


async def answer(client: VClaimClient, card: str = ODD, **changes: str) -> Any:
    person = peserta.participant_for(card, 0)
    t = {
        "noKartu": card,
        "tglSep": "2026-11-27",
        "jenPel": "2",
        "ppkPelSep": bodies.PPK_PELAYANAN,
        "tglLahir": person.tgl_lahir.isoformat(),
        "ppkPst": person.prov_umum.kode,
        "user": "Admin Pendaftaran",
    }
    t.update(changes)
    return await client.call("POST", f"{BASE}/randomanswer", {"request": {"t_sep": t}})


async def insert_igd(client: VClaimClient, card: str) -> str:
    body = bodies.igd()
    body["request"]["t_sep"]["noKartu"] = card
    reply = await client.insert_sep(body)
    assert reply.code == "200", reply.message
    no_sep: str = reply.payload["sep"]["noSep"]
    return no_sep


async def test_status_validated_uses_the_catalogue_text(client: VClaimClient) -> None:
    reply = await status(client, EVEN, "2026-11-20")

    assert (reply.code, reply.message) == ("200", "Ok")
    assert reply.payload == {
        "kode": "1",
        "status": "Peserta telah melakukan validasi finger print pada tanggal 2026-11-20",
    }


@pytest.mark.parametrize(
    ("card", "tgl"),
    [(ODD, "2026-11-27"), (EVEN, "2026-11-28")],  # odd card; nobody validates tomorrow
)
async def test_status_not_validated_is_still_code_200(
    client: VClaimClient, card: str, tgl: str
) -> None:
    reply = await status(client, card, tgl)

    assert reply.code == "200"
    assert reply.payload == {"kode": "0", "status": "Peserta belum melakukan validasi finger print"}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("Peserta/123/TglPelayanan/2026-11-27", "Format Nomor Kartu (noKartu) tidak sesuai"),
        (
            f"Peserta/{ODD}/TglPelayanan/2026-13-01",
            "Format Tanggal Pelayanan tidak sesuai, gunakan yyyy-MM-dd",
        ),
        (
            "List/Peserta/TglPelayanan/27-11-2026",
            "Format Tanggal Pelayanan tidak sesuai, gunakan yyyy-MM-dd",
        ),
        (
            f"randomquestion/faskesterdaftar/nokapst/{ODD}1/tglsep/2026-11-27",
            "Format Nomor Kartu (noKartu) tidak sesuai",
        ),
        (
            f"randomquestion/faskesterdaftar/nokapst/{ODD}/tglsep/2026-11-31",
            "Format Tanggal SEP tidak sesuai, gunakan yyyy-MM-dd",
        ),
        (
            "randomquestion/faskesterdaftar/nokapst/0000000000001/tglsep/2026-11-27",
            messages.PESERTA_NOT_FOUND.template,
        ),
    ],
)
async def test_bad_path_params_are_201(client: VClaimClient, path: str, message: str) -> None:
    reply = await client.call("GET", f"{BASE}/{path}")

    assert (reply.code, reply.message) == ("201", message)
    assert reply.document["response"] is None


async def test_random_question_offers_the_own_fktp_among_decoys(client: VClaimClient) -> None:
    own = peserta.participant_for(ODD, 0).prov_umum
    fktp_codes = {f.kode for f in refdata.fktp_list()}

    reply = await question(client, ODD)

    assert (reply.code, reply.message) == ("200", "Ok")
    faskes = reply.payload["faskes"]
    assert len(faskes) == 3
    assert all(list(f) == ["kode", "nama"] for f in faskes)
    assert {"kode": own.kode, "nama": own.nama} in faskes
    decoys = [f["kode"] for f in faskes if f["kode"] != own.kode]
    assert len(set(decoys)) == 2
    assert set(decoys) <= fktp_codes
    assert (await question(client, ODD)).payload == reply.payload


async def test_right_answer_is_true_and_validates_that_day(client: VClaimClient) -> None:
    before = await status(client, ODD)

    reply = await answer(client)

    assert before.payload["kode"] == "0"
    assert (reply.code, reply.message) == ("200", "Sukses")
    assert isinstance(reply.document["response"], str)  # encrypted
    assert reply.payload == "True"
    assert (await status(client, ODD)).payload["kode"] == "1"
    assert (await status(client, ODD, "2026-11-26")).payload["kode"] == "0"
    other = await status(client, ODD, consumer=OTHER_CONSUMER)
    assert other.payload["kode"] == "0"


@pytest.mark.parametrize(
    "changes",
    [{"tglLahir": "1999-01-01"}, {"ppkPst": "0138U020"}],
)
async def test_wrong_answer_is_false_and_validates_nothing(
    client: VClaimClient, changes: dict[str, str]
) -> None:
    reply = await answer(client, **changes)

    assert (reply.code, reply.payload) == ("200", "False")
    assert (await status(client, ODD)).payload["kode"] == "0"


async def test_answer_ppk_in_any_case_and_bad_bodies(client: VClaimClient) -> None:
    lower = await answer(client, ppkPst=peserta.participant_for(ODD, 0).prov_umum.kode.lower())
    missing = await answer(client, "0000000000001")
    bad_date = await answer(client, tglLahir="1962-02-30")
    no_field = await client.call(
        "POST", f"{BASE}/randomanswer", {"request": {"t_sep": {"noKartu": ODD}}}
    )

    assert lower.payload == "True"
    assert missing.message == messages.PESERTA_NOT_FOUND.template
    assert bad_date.message == messages.DATE_INVALID.format(title="Tanggal Lahir")
    assert no_field.code == "201"
    assert no_field.message.endswith("tidak boleh kosong")


async def test_list_shows_the_days_seps_of_validated_participants(client: VClaimClient) -> None:
    odd_sep = await insert_igd(client, ODD)
    even_sep = await insert_igd(client, EVEN)

    before = await day_list(client)
    await answer(client)
    after = await day_list(client)

    assert (before.code, before.message) == ("200", "Ok")
    assert before.payload == {"list": [{"noKartu": EVEN, "noSEP": even_sep}]}
    assert after.payload == {
        "list": [{"noKartu": ODD, "noSEP": odd_sep}, {"noKartu": EVEN, "noSEP": even_sep}]
    }


async def test_list_empty_day_or_other_consumer_is_201(client: VClaimClient) -> None:
    await insert_igd(client, EVEN)

    other_day = await day_list(client, "2026-11-26")
    other_consumer = await day_list(client, consumer=OTHER_CONSUMER)

    assert (other_day.code, other_day.message) == ("201", messages.NO_DATA.template)
    assert other_consumer.message == messages.NO_DATA.template
