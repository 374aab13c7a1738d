"""What the case-note generators share (bench/make_redaction_casenotes.py, make_redaction_day4.py): templates whose
slots ({P1}, {A}, {G1}...) are filled with values marked by type ([[P:王浩宇]]), and the marked text turned into a
labelled note (the plain text and its entity spans), written as JSON lines."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

TYPES = {"P": "PERSON", "ID": "CN_ID_CARD", "M": "CN_MOBILE", "L": "CN_LANDLINE", "B": "CN_BANK_CARD", "E": "EMAIL",
         "A": "LOCATION", "IM": "CN_IM_ACCOUNT", "PL": "CN_LICENSE_PLATE", "DOC": "CN_DOCUMENT_NUMBER",
         "MED": "MEDICAL", "SC": "SCHOOL_CLASS", "CASE": "CASE_NUMBER"}
MARK = re.compile(r"\[\[(" + "|".join(sorted(TYPES, key=len, reverse=True)) + r"):([^\]]+)\]\]")
SLOT = re.compile(r"\{([A-Z]+)(\d?)\}")


def parse(marked: str) -> tuple[str, list[dict]]:
    """The plain text and its entity spans."""
    text, entities, pos, length = [], [], 0, 0
    for m in MARK.finditer(marked):
        before = marked[pos:m.start()]
        text.append(before)
        length += len(before)
        entities.append({"type": TYPES[m.group(1)], "start": length, "end": length + len(m.group(2))})
        text.append(m.group(2))
        length += len(m.group(2))
        pos = m.end()
    text.append(marked[pos:])
    plain = "".join(text)
    assert "[[" not in plain and "]]" not in plain, marked
    return plain, entities


def fill(template: str, slots: dict[str, tuple[str, Any]], draw: Callable[[Any], tuple[str, str | None]]) -> str:
    """The template with every slot replaced by a marked-up value (slots: slot -> (mark, how to draw it); draw(how)
    gives a value and, for a person, its given name); a repeated slot keeps its value, {G} is the given name of the
    note's child, and no two people of a note have names inside one another."""
    values: dict[str, str] = {}
    given: dict[str, str] = {}

    def value(m: re.Match) -> str:
        slot, digit = m.group(1), m.group(2)
        if slot == "G":
            return f"[[P:{given[digit]}]]"
        if m.group(0) not in values:
            mark, how = slots[slot]
            drawn = set(values.values())
            while True:
                v, g = draw(how)
                out = f"[[{mark}:{v}]]" if mark else v
                names = [x.group(2) for d in drawn for x in MARK.finditer(d) if x.group(1) == "P"]
                if out not in drawn and not (mark == "P" and any(v in x or x in v for x in names)):
                    break
            values[m.group(0)] = out
            if g and slot in ("C", "W", "P") and digit not in given:
                given[digit] = g
        return values[m.group(0)]

    return SLOT.sub(value, template)


def labelled(template: str, slots: dict[str, tuple[str, Any]], draw: Callable[[Any], tuple[str, str | None]]
             ) -> tuple[str, list[dict]]:
    """A note from the template and its entity spans, drawn again until every {G} finds a child with a given name
    of two characters (fill raises KeyError when one does not)."""
    while True:
        try:
            return parse(fill(template, slots, draw))
        except KeyError:
            continue


def write(rows: list[dict], out: Path) -> None:
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    empty = sum(not r["entities"] for r in rows)
    chars = sum(len(r["text"]) for r in rows) / len(rows)
    print(f"{len(rows)} notes ({empty} without personal information, {chars:.0f} characters on average), "
          f"{sum(len(r['entities']) for r in rows)} entities -> {out}")
