"""Reference data: ICD-10 names, poli, jenis peserta and faskes files."""

import json
from importlib import resources

import pytest

from mockvclaim.bpjs import refdata

DATA_PACKAGE = "mockvclaim.bpjs.data"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("A15", "Respiratory tuberculosis, bacteriologically and histologically confirmed"),
        ("A04", "Other bacterial intestinal infections"),
        ("I21.9", "Acute myocardial infarction, unspecified"),
        ("Z49.1", "Extracorporeal dialysis"),
        ("E10", "Type 1 diabetes mellitus"),
    ],
)
def test_diagnosis_name_matches_who_icd10(code: str, name: str) -> None:
    assert refdata.diagnosis_name(code) == name


@pytest.mark.parametrize("spelling", ["I219", "i21.9", "I21.9", " i219 "])
def test_diagnosis_accepts_code_with_or_without_dot_in_any_case(spelling: str) -> None:
    assert refdata.diagnosis_name(spelling) == "Acute myocardial infarction, unspecified"
    assert refdata.diagnosis_display(spelling) == "I21.9 - Acute myocardial infarction, unspecified"
    assert refdata.diagnosis_code(spelling) == "I21.9"


@pytest.mark.parametrize("code", ["A00-A09", "I", "XYZ", "", "I21.99", "A15-"])
def test_chapters_blocks_and_unknown_codes_are_not_diagnoses(code: str) -> None:
    assert refdata.diagnosis_name(code) is None
    assert refdata.diagnosis_display(code) is None


def test_diagnosis_display_is_the_sep_diagnosa_form() -> None:
    assert refdata.diagnosis_display("a15") == (
        "A15 - Respiratory tuberculosis, bacteriologically and histologically confirmed"
    )
    assert refdata.diagnosis_display("Z491") == "Z49.1 - Extracorporeal dialysis"


def test_search_diagnoses_by_code_prefix() -> None:
    hits = refdata.search_diagnoses("i21")
    codes = [code for code, _ in hits]
    assert codes[:3] == ["I21", "I21.0", "I21.1"]
    assert "I21.9" in codes
    assert all(code.startswith("I21") for code in codes)
    assert ("Z49.1", "Extracorporeal dialysis") in refdata.search_diagnoses("Z49.")


def test_search_diagnoses_by_name_word_case_insensitive() -> None:
    hits = refdata.search_diagnoses("DiAlYsIs")
    assert ("Z49.1", "Extracorporeal dialysis") in hits
    assert all("dialysis" in name.lower() for _, name in hits)


def test_search_diagnoses_code_hits_come_before_name_hits_and_limit_applies() -> None:
    hits = refdata.search_diagnoses("a0", limit=7)
    assert len(hits) == 7
    assert [c for c, _ in hits][:2] == ["A00", "A00.0"]
    assert refdata.search_diagnoses("tuberculosis", limit=3) == [
        ("A15", "Respiratory tuberculosis, bacteriologically and histologically confirmed"),
        ("A15.0", "Tuberculosis of lung, confirmed by sputum microscopy with or without culture"),
        ("A15.1", "Tuberculosis of lung, confirmed by culture only"),
    ]
    assert refdata.search_diagnoses("  ") == []
    assert refdata.search_diagnoses("cholera", limit=0) == []


def test_every_poli_has_upper_case_code_and_name() -> None:
    polis = refdata.all_poli()
    assert len(polis) >= 80
    codes = [p.kode for p in polis]
    assert len(codes) == len(set(codes))
    for p in polis:
        assert p.kode
        assert p.kode == p.kode.upper()
        assert p.kode == p.kode.strip()
        assert p.nama
        assert p.nama == p.nama.upper()
        assert p.nama == p.nama.strip()


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("INT", "PENYAKIT DALAM"),
        ("int", "PENYAKIT DALAM"),
        ("HDL", "HEMODIALISA"),
        ("BED", "BEDAH"),
        ("MAT", "MATA"),
        ("PAR", "PARU"),
        ("IGD", "INSTALASI GAWAT DARURAT"),
    ],
)
def test_poli_names_as_real_responses_show_them(code: str, name: str) -> None:
    assert refdata.poli_name(code) == name


def test_unknown_poli() -> None:
    assert refdata.poli_name("XXX") is None
    assert refdata.poli_name("") is None


def test_search_poli_exact_code_first_then_names() -> None:
    hits = refdata.search_poli("int")
    assert hits[0] == refdata.Poli("INT", "PENYAKIT DALAM")
    assert refdata.search_poli("hemodialisa") == [refdata.Poli("HDL", "HEMODIALISA")]
    assert refdata.search_poli("") == []


def test_jenis_peserta_list_has_catalog_codes() -> None:
    by_code = {j.kode: j for j in refdata.jenis_peserta_list()}
    assert by_code["13"].keterangan == "PEGAWAI SWASTA"
    assert by_code["21"].short == "PBI (APBN)"
    assert by_code["22"].short == "PBI (APBD)"
    assert by_code["21"].is_pbi
    assert by_code["22"].is_pbi
    assert not by_code["13"].is_pbi
    assert refdata.jenis_peserta("14") == by_code["14"]
    for j in by_code.values():
        assert j.kode.isdigit()
        assert j.keterangan
        assert j.short


def test_faskes_file_and_lookup() -> None:
    catalog = refdata.faskes_by_code("0138u020")
    assert catalog == refdata.Faskes("0138U020", "KPRJ PALA MEDIKA", "1")
    assert refdata.faskes_by_code("0304R005") == refdata.Faskes("0304R005", "RSI IBNU SINA", "2")
    assert refdata.faskes_by_code("9999R999") is None
    fktp = refdata.fktp_list()
    assert fktp
    assert all(f.tingkat == "1" for f in fktp)
    assert any(f.tingkat == "2" for f in refdata.all_faskes())
    for f in refdata.all_faskes():
        assert len(f.kode) == 8
        assert f.nama
        # Hospital codes carry R; FKTP codes are puskesmas digits or B/U/G.
        assert (f.kode[4] in "RS") == (f.tingkat == "2")  # S: a klinik utama, an FKRTL


@pytest.mark.parametrize(
    ("name", "key"),
    [("poli.json", "poli"), ("jenis_peserta.json", "jenis_peserta"), ("faskes.json", "faskes")],
)
def test_data_files_say_where_they_come_from(name: str, key: str) -> None:
    doc = json.loads(resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8"))
    assert isinstance(doc["source"], str)
    assert len(doc["source"]) > 40
    assert isinstance(doc[key], list)
    assert doc[key]
