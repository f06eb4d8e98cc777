from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from app.core import validation
from app.core.errors import UserError


def rid(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


LICHENG_1970 = rid("35050219700101001")  # Licheng dates from 1985; the number is still real


def test_a_licheng_number_of_someone_born_before_the_district_existed_is_accepted():
    assert not ric.is_valid(LICHENG_1970)  # stdnum's county-year window would refuse it
    checked = validation.resident_id(LICHENG_1970)
    assert checked.number == LICHENG_1970
    assert checked.birth_date == date(1970, 1, 1)
    assert checked.gender == "male"


def test_full_width_digits_spaces_and_lower_case_x_are_normalized():
    number = next(n for n in (rid(f"35050219800501{k:02d}2") for k in range(100))
                  if n.endswith("X"))
    typed = " " + "".join(chr(ord(c) + 0xFEE0) for c in number[:6]) + " " + number[6:-1] + "x "
    assert validation.resident_id(typed).number == number
    assert validation.resident_id(typed).gender == "female"


@pytest.mark.parametrize("bad, fragment", [
    ("35050219700101001", "18 digits"),
    (LICHENG_1970[:-1] + ("1" if LICHENG_1970[-1] != "1" else "2"), "check digit"),
    (rid("35050219701301001"), "birth date"),
    (rid("99999919700101001"), "area code"),
    (rid("35999919700101001"), "area code"),
])
def test_bad_resident_ids_are_refused_with_a_reason(bad, fragment):
    with pytest.raises(UserError) as caught:
        validation.resident_id(bad)
    assert fragment in caught.value.message
    assert caught.value.field == "id_number"


def test_identity_is_filled_from_the_id_and_checked_against_what_was_typed():
    assert validation.person_identity(LICHENG_1970, None, None) == (
        LICHENG_1970, date(1970, 1, 1), "male")
    with pytest.raises(UserError) as caught:
        validation.person_identity(LICHENG_1970, date(1971, 1, 1), None)
    assert caught.value.field == "birth_date"
    with pytest.raises(UserError) as caught:
        validation.person_identity(LICHENG_1970, None, "female")
    assert caught.value.field == "gender"
    assert validation.person_identity("  ", date(1980, 1, 1), "female") == (
        None, date(1980, 1, 1), "female")


def test_credit_codes():
    code = "91350502MA2XXXXX0"
    code += uscc.calc_check_digit(code)
    assert validation.credit_code(code.lower()) == code
    with pytest.raises(UserError) as caught:
        validation.credit_code(code[:-1] + ("0" if code[-1] != "0" else "1"))
    assert caught.value.field == "uscc"


def test_mobile_email_and_terms():
    assert validation.mobile("１３８ 0013 8000") == "13800138000"
    assert validation.mobile("+86 138-0013-8000") == "13800138000"
    for bad in ("12800138000", "1380013800", "138001380001", "abc"):
        with pytest.raises(UserError):
            validation.mobile(bad)
    assert validation.email(" Zhang@Example.COM ") == "zhang@example.com"
    with pytest.raises(UserError):
        validation.email("zhang@example")
    with pytest.raises(UserError) as caught:
        validation.term(date(2025, 1, 1), date(2024, 12, 31))
    assert caught.value.field == "term_end"
    with pytest.raises(UserError) as caught:
        validation.term(date(1850, 1, 1), None)
    assert caught.value.field == "term_start"


# Property tests ----------------------------------------------------------------------------

AREAS = ("350502", "350503", "110101", "440305", "350581")


@st.composite
def resident_ids(draw):
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2008, 12, 31)))
    body = draw(st.sampled_from(AREAS)) + born.strftime("%Y%m%d") + draw(
        st.from_regex(r"[0-9]{3}", fullmatch=True))
    return body + ric.calc_check_digit(body + "0"), born


@given(resident_ids())
def test_every_well_formed_id_is_accepted_with_its_birth_date(case):
    number, born = case
    checked = validation.resident_id(number)
    assert checked.birth_date == born
    assert checked.gender == ("male" if int(number[16]) % 2 else "female")


@given(resident_ids(), st.integers(min_value=0, max_value=16), st.integers(1, 9))
def test_changing_one_digit_is_always_caught(case, position, delta):
    number, _born = case
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1:]
    with pytest.raises(UserError):
        validation.resident_id(changed)


@given(resident_ids())
def test_full_width_input_means_the_same(case):
    number, _born = case
    wide = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert validation.resident_id(wide).number == number


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_every_mobile_pattern_is_accepted(number):
    assert validation.mobile(number) == number


@given(st.text(min_size=0, max_size=14))
def test_mobile_accepts_only_the_pattern(text):
    try:
        result = validation.mobile(text)
    except UserError as error:
        assert error.field == "mobile"
    else:
        assert validation.MOBILE.fullmatch(result)
