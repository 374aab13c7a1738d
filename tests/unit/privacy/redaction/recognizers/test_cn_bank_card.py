"""Bank cards (privacy/redaction/recognizers/cn_bank_card.py)."""



from recognizer_values import luhn_card, luhn_ok, types


def test_bank_cards_must_pass_luhn():
    card = luhn_card()
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert types(f"银行卡{card}") == ["CN_BANK_CARD"]
    assert types(f"银行卡{' '.join(card[i:i + 4] for i in range(0, 16, 4))}") == ["CN_BANK_CARD"]
    assert "CN_BANK_CARD" not in types(f"银行卡{wrong}")


def test_a_nineteen_digit_card_grouped_by_spaces_is_found():
    digits = "621700234000123456"
    card = next(digits + d for d in "0123456789" if luhn_ok(digits + d))
    assert types(f"账户{' '.join(card[i:i + 4] for i in range(0, 19, 4))}，开户行农业银行") == ["CN_BANK_CARD"]
