"""Rujukan family: FKTP (PCare) and hospital referrals by number or by card."""

from __future__ import annotations

import functools

from mockvclaim.core import rujukan
from mockvclaim.web.context import Call, Handler


def _by_number(kind: str, call: Call) -> object:
    mock = call.mock
    return rujukan.by_number(
        mock.store, call.consumer.cons_id, call.params["noRujukan"], kind,
        mock.settings.seed, mock.today(),
    )  # fmt: skip


def _by_card(kind: str, many: bool, call: Call) -> object:
    mock = call.mock
    return rujukan.by_card(
        mock.store, call.consumer.cons_id, call.params["noKartu"], kind,
        mock.settings.seed, mock.today(), many=many,
    )  # fmt: skip


HANDLERS: dict[str, Handler] = {
    "rujukan.nomor": functools.partial(_by_number, rujukan.FKTP),
    "rujukan.peserta": functools.partial(_by_card, rujukan.FKTP, False),
    "rujukan.list": functools.partial(_by_card, rujukan.FKTP, True),
    "rujukan.rs_nomor": functools.partial(_by_number, rujukan.RS),
    "rujukan.rs_peserta": functools.partial(_by_card, rujukan.RS, False),
    "rujukan.rs_list": functools.partial(_by_card, rujukan.RS, True),
}
