"""The child's name on a birth certificate follows Permendagri 73/2022: at least 2 words, letters and
single spaces only, at most 60 characters. Refused on the form, before Dukcapil refuses the record."""

from __future__ import annotations

import pytest

from framework.forms.examples import client_answers
from framework.forms.validation import validate_answers

SERVICE = "adminduk.akta-kelahiran"


def name_errors(bundled, name: str, language: str = "id") -> list[str]:
    spec = bundled.specs[SERVICE]
    answers = client_answers(spec, "73.12") | {"nama_anak": name}
    result = validate_answers(spec, answers, pages={"anak"})
    return [error.message.get(language) for error in result.errors if error.field == "nama_anak"]


@pytest.mark.parametrize("name", ["Anisa Saputri", "MUHAMMAD RIZKY PRATAMA", "Ni Luh Ayu"])
def test_a_name_of_two_or_more_words_of_letters_is_accepted(bundled, name):
    assert name_errors(bundled, name) == []


@pytest.mark.parametrize(
    "name",
    ["Anisa", "Anak  Saputri", "O'Brien Saputri", "Anisa Saputri 2", "Ának Saputri", "Anisa 😀 Saputri", "<b>x</b> y"],
)
def test_one_word_punctuation_digits_and_symbols_are_refused_with_the_rule_in_words(bundled, name):
    assert name_errors(bundled, name) == [
        "Nama anak paling sedikit 2 kata, hanya huruf dan satu spasi di antara kata, tanpa angka atau tanda baca."
    ]
    assert name_errors(bundled, name, "en")[0].startswith("The child's name has at least 2 words")


def test_a_name_over_sixty_characters_is_refused(bundled):
    name = "Anisa " + "a" * 55  # 61 characters
    assert len(name) == 61 and any("60" in message for message in name_errors(bundled, name))
    assert name_errors(bundled, name[:60]) == []
