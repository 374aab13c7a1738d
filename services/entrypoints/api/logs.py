"""The server's access log names routes, never an ID number a careless caller put in a URL."""

from __future__ import annotations

import logging
import re
import unicodedata
from urllib.parse import unquote

from privacy.pseudonym import scrub_id_numbers
from services.usecases.access import is_child_key

_CHILD_SEGMENT = re.compile(r"(/children/)([^/?\s]+)")
# An ID number as a person groups it (330106 20150301 123X, with dashes) or with an invisible character copied from a
# chat (removed first): the blind index reads all of these as the number, so the log must not carry them either.
_GROUPED_ID = re.compile(r"\d(?:[\s\-_.]?\d){13,16}[\s\-_.]?[\dXx]")


def scrub_path(path: str) -> str:
    """The path with any child segment that is not a child key replaced, and the query string dropped (its values
    are caller input: child keys, actors, dates, and sometimes what should never have been typed there)."""
    path = unquote(path.split("?", 1)[0])
    path = _CHILD_SEGMENT.sub(lambda m: m.group(1) + (m.group(2) if is_child_key(m.group(2)) or m.group(2) == "search"
                                                      else "<not-a-key>"), path)
    path = "".join(ch for ch in unicodedata.normalize("NFKC", path) if unicodedata.category(ch) != "Cf")
    path = _GROUPED_ID.sub("<id-like>", path)
    return scrub_id_numbers(path)  # any other segment (an actor, a key id) shaped like an ID number


class AccessLogScrubber(logging.Filter):
    """uvicorn.access records carry (client, method, path, http version, status) as args."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], scrub_path(args[2]), *args[3:])
        return True


def install_access_log_filter() -> None:
    """Attach the scrubber once."""
    log = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, AccessLogScrubber) for f in log.filters):
        log.addFilter(AccessLogScrubber())
