import pytest

from privacy.pseudonym import InvalidIdNumber, child_key, gb11643_check_char, normalise_id_number


def valid(first17="11010120150301123"):
    return first17 + gb11643_check_char(first17)


def test_the_same_person_gets_the_same_key_however_the_number_is_written():
    number = valid()
    assert child_key(b"s", number) == child_key(b"s", f" {number[:6]} {number[6:14]}-{number[14:].lower()} ")


def test_the_legacy_15_digit_number_maps_to_the_same_key():
    number = valid("11010119850301123")
    legacy = number[:6] + number[8:17]
    assert child_key(b"s", legacy) == child_key(b"s", number)


def test_a_different_secret_gives_unlinkable_keys():
    assert child_key(b"a", valid()) != child_key(b"b", valid())


def test_the_key_does_not_contain_the_number():
    assert valid()[:6] not in child_key(b"s", valid())[3:9]


@pytest.mark.parametrize("bad", ["", "12345", valid()[:-1] + ("0" if valid()[-1] != "0" else "1"),
                                 "11010120150301123Y"])
def test_invalid_numbers_are_refused(bad):
    with pytest.raises(InvalidIdNumber):
        normalise_id_number(bad)


def test_a_number_typed_in_full_width_digits_gives_the_same_key():
    number = valid("33010620150301123")
    wide = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    assert child_key(b"k" * 32, wide) == child_key(b"k" * 32, number)
    assert child_key(b"k" * 32, "　" + wide.lower() + " ") == child_key(b"k" * 32, number)


def test_digits_of_other_scripts_are_refused():
    with pytest.raises(InvalidIdNumber):
        normalise_id_number("٣٣٠١٠٦٢٠١٥٠٣٠١١٢٣٧")  # Arabic-Indic digits: isdigit() is true for them


def test_an_alert_reference_is_per_purpose_keyed_and_never_a_child_key():
    from privacy.pseudonym import alert_key, is_alert_key, is_child_key

    key = child_key(b"s" * 32, "33010620150301123X")
    ref = alert_key(b"a" * 32, "mental_health", key)
    assert is_alert_key(ref) and not is_child_key(ref) and not is_alert_key(key)
    assert ref == alert_key(b"a" * 32, "mental_health", key)  # stable: successive alerts about a child match
    assert ref != alert_key(b"a" * 32, "youth_services", key)  # another purpose, another reference
    assert ref != alert_key(b"b" * 32, "mental_health", key)  # keyed: no one without the secret can compute it
    assert key[3:] not in ref and key[3:13] not in ref
    # the purpose is length-prefixed: no (purpose, key) pair can be chosen to give another pair's text
    assert alert_key(b"a" * 32, "a", "b\x1fc") != alert_key(b"a" * 32, "a\x1fb", "c")
    for bad in (ref.upper(), ref + "0", ref[:-1], "ak_" + "g" * 40, None, 1):
        assert not is_alert_key(bad)


def test_a_filer_pseudonym_is_one_filer_however_the_staff_id_is_typed_and_links_no_two_children():
    """A harm report's filer (events.contracts.harm_reports.CommunityHarmReported.filed_by): the gate recomputes it
    from the caller's token. Case, full-width forms and invisible characters are one staff id; another staff id, another
    child, another secret give unrelated values; the staff id is not in it."""
    from privacy.pseudonym import canonical_staff_id, filer_id

    secret, other = b"s" * 32, b"t" * 32
    mine = filer_id(secret, "ck_" + "1" * 40, "officer-far")
    assert mine.startswith("fl_") and len(mine) == 43 and "officer" not in mine
    for typed in ("OFFICER-FAR", "Officer-Far", "ｏｆｆｉｃｅｒ－ｆａｒ", "officer\u200b-far", "officer-far\u2060"):
        assert canonical_staff_id(typed) == "officer-far"
        assert filer_id(secret, "ck_" + "1" * 40, typed) == mine
    assert filer_id(secret, "ck_" + "1" * 40, "officer-far-2") != mine
    assert filer_id(secret, "ck_" + "2" * 40, "officer-far") != mine  # another child: nothing links the two
    assert filer_id(other, "ck_" + "1" * 40, "officer-far") != mine
    # the scope and the name cannot be shifted into each other
    assert filer_id(secret, "ab", "c") != filer_id(secret, "a", "bc")
