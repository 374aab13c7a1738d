import logging
import sys

from services.adapters.log_filters import ClosedSocketReadRace


def record(msg, exc):
    try:
        raise exc
    except type(exc):
        info = sys.exc_info()
    return logging.LogRecord("kafka.net.selector", logging.ERROR, __file__, 1, msg, (), info)


def test_the_closed_socket_race_is_dropped_and_other_errors_pass():
    race = ClosedSocketReadRace()
    assert not race.filter(record("Unhandled exception in task %s:", ValueError("Invalid file descriptor: -1")))
    assert race.filter(record("Unhandled exception in task %s:", ValueError("something else")))
    assert race.filter(record("Unhandled exception in task %s:", KeyError("x")))
    assert race.filter(logging.LogRecord("kafka.net.selector", logging.ERROR, __file__, 1, "plain error", (), None))
