"""The SEPs issued on a referral: `Rujukan/JumlahSEP/{1|2}/{no}` and
`Rujukan/lastsep/norujukan/{no}` (docs/vclaim-api.md §5.0), counted from this consumer's
stored SEPs.

Separate from bpjs/vclaim/rujukan.py, which bpjs/vclaim/sep.py imports: the SEP-cari shape lives in
bpjs/vclaim/sep_detail.py, which imports bpjs/vclaim/sep.py.
"""

from __future__ import annotations

from typing import Any

from mockvclaim.bpjs.serving import serves
from mockvclaim.bpjs.vclaim import path_params, rujukan
from mockvclaim.bpjs.vclaim.sep_detail import sep_detail
from mockvclaim.bpjs.world import World, text
from mockvclaim.protocol import messages
from mockvclaim.protocol.errors import VClaimError

_KIND = {"1": rujukan.FKTP, "2": rujukan.RS}


@serves("rujukan.jumlah_sep")
def jumlah_sep(world: World, jenis_rujukan: str, no_rujukan: str) -> dict[str, Any]:
    """`{"jumlahSEP": "N"}`: SEPs that cite the referral with the matching asalRujukan
    (1 FKTP, 2 FKRTL). A well-formed number nobody used counts "0"; with --strict a
    referral the world does not know at all is refused, as SEP insert refuses it."""
    jenis_rujukan = path_params.choice(jenis_rujukan, "jenisRujukan", "Jenis Rujukan", ("1", "2"))
    path_params.document_number(no_rujukan, "noRujukan", "Nomor Rujukan")
    seps = [
        sep
        for sep in world.store.list_sep_with_rujukan(no_rujukan)
        if text(sep.request, "rujukan.asalRujukan") == jenis_rujukan
    ]
    if not seps and world.strict:
        known = rujukan.find(world, no_rujukan, _KIND[jenis_rujukan])
        if known is None:
            raise VClaimError.of(messages.RUJUKAN_NOT_FOUND, noRujukan=no_rujukan)
    return {"jumlahSEP": str(len(seps))}


@serves("rujukan.lastsep")
def last_sep(world: World, no_rujukan: str) -> dict[str, Any]:
    """The newest SEP on the referral (latest tglSep, then the later issued), shown as
    `GET SEP/{noSep}` shows it; message "Sukses" (catalogue)."""
    path_params.document_number(no_rujukan, "noRujukan", "Nomor Rujukan")
    newest = world.store.get_last_sep_with_rujukan(no_rujukan)
    if newest is None:
        raise VClaimError.of(messages.LASTSEP_NOT_FOUND, noRujukan=no_rujukan)
    return sep_detail(world, newest)
