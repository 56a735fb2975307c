"""The census's hashing, dates and ages (apps/budgets/census.py)."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.budgets.census import (
    census_clean_row,
    document_hash,
    normalise_document,
    normalise_postal_code,
    parse_birth_date,
)
from apps.budgets.eligibility import age_on
from apps.budgets.verification_services import birthday_when


class TestHashing:
    def test_normalise_strips_spaces_and_dashes_and_upper_cases(self):
        assert normalise_document(" ab-12 34\u00a0c–d ") == "AB1234CD"
        # Dots and slashes, as some cards print the number, hash like the bare number.
        assert normalise_document("ab.12/34_cd") == "AB1234CD"

    def test_hash_is_sha256_of_the_normalised_number(self):
        assert document_hash("ab 12-34") == hashlib.sha256(b"AB1234").hexdigest()

    def test_differently_typed_numbers_give_the_same_hash(self):
        assert document_hash("AB1234") == document_hash("ab-12 34") == document_hash("  Ab 1234 ")

    def test_a_64_hex_value_is_taken_as_a_hash(self):
        digest = hashlib.sha256(b"AB1234").hexdigest()
        assert document_hash(digest) == digest
        assert document_hash(digest.upper()) == digest
        assert document_hash(f"  {digest} ") == digest

    def test_empty_number_has_no_hash(self):
        assert document_hash("") == ""
        assert document_hash(" - ") == ""

    def test_postal_codes_compare_in_capitals_with_single_spaces(self):
        assert normalise_postal_code(" sw1a   1aa ") == "SW1A 1AA"


class TestDates:
    @pytest.mark.parametrize("text", ["2008-05-31", "31/05/2008", "31-05-2008", "31.05.2008", "2008-05-31T00:00:00"])
    def test_both_formats(self, text):
        assert parse_birth_date(text) == datetime.date(2008, 5, 31)

    def test_empty_is_none(self):
        assert parse_birth_date("  ") is None

    @pytest.mark.parametrize("text", ["31/02/2008", "2008/05/31", "hier", "05/31/2008"])
    def test_bad_dates_are_refused_with_the_formats(self, text):
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            parse_birth_date(text)
        assert "YYYY-MM-DD or DD/MM/YYYY" in str(caught.value)


class TestAge:
    def test_birthday_today_counts(self):
        assert age_on(datetime.date(2010, 11, 30), datetime.date(2026, 11, 30)) == 16

    def test_day_before_birthday(self):
        assert age_on(datetime.date(2010, 12, 1), datetime.date(2026, 11, 30)) == 15

    def test_born_on_29_february(self):
        born = datetime.date(2008, 2, 29)
        assert age_on(born, datetime.date(2024, 2, 28)) == 15
        assert age_on(born, datetime.date(2024, 2, 29)) == 16
        assert age_on(born, datetime.date(2025, 2, 28)) == 16
        assert age_on(born, datetime.date(2026, 2, 28)) == 17
        assert birthday_when(born, 17) == datetime.date(2025, 3, 1)


class TestCleanRow:
    def clean(self, **row):
        return census_clean_row(row, user=None, process=None)

    def test_document_row_keeps_only_the_hash(self):
        row = self.clean(document="ab 1234", birth_date="04/05/1990", postal_code="59000", district="Sud")
        assert row.document_hash == document_hash("AB1234")
        assert "AB1234" not in repr(row)
        assert row.birth_date == datetime.date(1990, 5, 4)

    def test_postal_row(self):
        row = self.clean(postal_code=" 59000 ", district="")
        assert (row.document_hash, row.postal_code) == ("", "59000")

    def test_document_row_needs_a_birth_date(self):
        with pytest.raises(ValidationError) as caught:
            self.clean(document="AB1234", birth_date="", postal_code="59000")
        assert "birth_date" in caught.value.message_dict

    def test_bad_hash(self):
        with pytest.raises(ValidationError) as caught:
            self.clean(document_hash="abc", birth_date="1990-01-01")
        assert "document_hash" in caught.value.message_dict

    def test_future_birth_date(self):
        with pytest.raises(ValidationError):
            self.clean(document="AB1234", birth_date="2999-01-01")
