import json
import pickle

import pytest

from privacy.personal import Personal, reveal_all


def test_a_personal_value_prints_as_a_mask():
    value = Personal("110101201503011237", "identity.id_number")
    assert "1101" not in repr(value) + str(value) + f"{value}" + repr([value])


def test_a_personal_value_is_revealed_only_on_request():
    assert Personal("王小明").reveal() == "王小明" and reveal_all({"a": [Personal(1)]}) == {"a": [1]}


def test_a_personal_value_refuses_pickling_and_json():
    with pytest.raises(TypeError):
        pickle.dumps(Personal("x"))
    with pytest.raises(TypeError):
        json.dumps(Personal("x"))
