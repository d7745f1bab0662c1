"""The engine against tests/oracle.py, a scalar restatement of the rules, on random data."""

import datetime as dt
import os

import pytest
from helpers import oracle
from helpers.registers import TEST_CATALOG, engine_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tthc_xl.rules.catalog import Unit

pytestmark = pytest.mark.slow  # a property search: the everyday loop skips it

UNITS = {Unit.WORKING_DAYS: "wd", Unit.CALENDAR_DAYS: "cd", Unit.WORKING_HOURS: "wh"}
DAY0 = dt.datetime(2025, 12, 20)
EXAMPLES = int(os.environ.get("ORACLE_EXAMPLES", "150"))  # raise it for a long hunt
minutes = st.integers(0, 120 * 24 * 60)
opt = lambda s: st.one_of(st.none(), s)  # noqa: E731


@st.composite
def dossier(draw):
    received = DAY0 + dt.timedelta(minutes=draw(minutes))
    requested = draw(opt(st.integers(0, 8 * 24 * 60)))
    supplied = draw(opt(st.integers(-60, 8 * 24 * 60)))
    finished = draw(opt(st.integers(0, 25 * 24 * 60)))
    returned = draw(opt(st.integers(0, 25 * 24 * 60)))
    at = lambda m: None if m is None else received + dt.timedelta(minutes=m)  # noqa: E731
    return {
        "procedure_code": draw(st.sampled_from([*TEST_CATALOG.procedures, "9.999999"])),
        "received_at": received,
        "due_at": draw(
            opt(st.integers(0, 10 * 24 * 60).map(lambda m: received + dt.timedelta(minutes=m)))
        ),
        "supplement_requested_at": at(requested),
        "supplement_received_at": None
        if requested is None or supplied is None
        else at(requested + supplied),
        "supplement_count": draw(st.sampled_from([None, 0, 1, 2, 3])),
        "finished_at": at(finished),
        "returned_at": at(returned),
        "status": draw(st.sampled_from([2, 4, 1, 3, 9, 10])),
    }


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    dossiers=st.lists(dossier(), min_size=1, max_size=12),
    period=st.sampled_from(["2026-Q1", "2026-01", "2026-02", "2026-03"]),
    mode=st.sampled_from(["date", "moment"]),
    as_of_minutes=opt(st.integers(0, 27 * 24 * 60)),
)
def test_engine_agrees_with_the_scalar_oracle(dossiers, period, mode, as_of_minutes):
    engine = engine_of(*dossiers)
    p = engine.evaluate(period).period
    as_of = None if as_of_minutes is None else p.start + dt.timedelta(minutes=as_of_minutes)
    records = engine.evaluate(p, as_of, mode).dossier_records()
    moment = p.end if as_of is None else as_of
    for d, record in zip(dossiers, records, strict=True):
        proc = TEST_CATALOG.get(d["procedure_code"])
        count = d["supplement_count"]
        if count is None:
            count = 1 if d["supplement_requested_at"] is not None else 0
        expected_due = oracle.due(
            d["received_at"],
            d["due_at"],
            proc.limit if proc else None,
            UNITS[proc.unit] if proc else None,
            bool(proc and proc.thursday),
            d["supplement_requested_at"],
            d["supplement_received_at"],
        )
        want = None if expected_due is None else expected_due.strftime("%Y-%m-%dT%H:%M")
        assert record["due_at"] == want, d
        expected = oracle.outcome(
            d["status"],
            d["received_at"],
            d["finished_at"],
            d["returned_at"],
            expected_due,
            count,
            d["supplement_requested_at"],
            d["supplement_received_at"],
            p.start,
            moment,
            mode,
        )
        assert record["outcome"] == expected, (d, record)
