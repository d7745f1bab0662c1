"""The engine: one place that turns workbook data into outcomes and indicators.

The CLI, the Excel functions, the report and the copy for email all call `Engine`;
none of them applies a rule of its own.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

import numpy as np
import pandas as pd

from tthc_xl.rules import indicators as ind
from tthc_xl.rules import scorecard
from tthc_xl.rules.catalog import Catalog
from tthc_xl.rules.due import DueDates, compute_due
from tthc_xl.rules.outcomes import Outcome, Outcomes, classify, end_moment
from tthc_xl.rules.period import Period, parse_period
from tthc_xl.rules.register import Register
from tthc_xl.rules.settings import CompareMode, Settings, typed_number
from tthc_xl.rules.values import END_STATUSES, STATUS_LABELS, Status, map_distinct
from tthc_xl.rules.workcalendar import WorkCalendar, from_seconds, to_seconds


def _is_blank_text(value: object) -> bool:
    return not str(value).strip()


RESULT_SLOTS = 8


class WorkbookInputs(Protocol):
    """What a workbook gives the engine (the I/O room's WorkbookData has these)."""

    register: Register
    catalog: Catalog
    overrides: dict[dt.date, bool]
    settings: Settings


class Engine:
    """Rules over one register. Due dates and data warnings are computed once, lazily."""

    def __init__(
        self,
        register: Register,
        catalog: Catalog | None = None,
        overrides: dict[dt.date, bool] | None = None,
        settings: Settings | None = None,
    ) -> None:
        from tthc_xl.rules.workcalendar import default_overrides

        self.register = register
        self.catalog = catalog if catalog is not None else Catalog.default()
        self.overrides = default_overrides() if overrides is None else overrides
        self.settings = settings or Settings()
        self.frame = self._filled_from_catalog(register.frame)
        # Excel asks the same question from many cells; a running period's moment moves
        # with the clock, so only the last few answers are kept.
        self._results: OrderedDict[tuple, Result] = OrderedDict()

    @classmethod
    def from_workbook(cls, data: WorkbookInputs) -> Engine:
        return cls(data.register, data.catalog, data.overrides, data.settings)

    def _filled_from_catalog(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A blank Lĩnh vực or Tên thủ tục is taken from DanhMuc by Mã TTHC.

        The caller's frame is never changed: a filled column goes into a shallow copy.
        """
        f = frame
        for key, attr in (("field", "field"), ("procedure_name", "name")):
            blank = map_distinct(f[key], _is_blank_text, empty=False, dtype=bool)
            if blank.any():
                lookup = {c: getattr(p, attr) for c, p in self.catalog.procedures.items()}
                column = f[key].to_numpy(dtype=object, copy=True)
                column[blank] = f.loc[blank, "procedure_code"].map(lookup).fillna("").to_numpy()
                if f is frame:
                    f = frame.copy(deep=False)
                f[key] = column
        return f

    # ------------------------------------------------------------- per register

    @cached_property
    def calendar(self) -> WorkCalendar:
        f = self.frame
        moments = [to_seconds(f[k].to_numpy()) for k in ("received_at", "due_at")]
        years = [d.year for d in self.overrides]
        limits = [p.limit or 0 for p in self.catalog.procedures.values()]
        margin = 2 + int(max(limits, default=0) // 200)
        cal = WorkCalendar.covering(moments, self.overrides, self.settings.working_hours, margin)
        if years and (min(years) < cal.first_year or max(years) > cal.last_year):
            cal = WorkCalendar(
                min(cal.first_year, max(1990, min(years))),
                max(cal.last_year, min(2100, max(years))),
                self.overrides,
                self.settings.working_hours,
            )
        return cal

    @cached_property
    def due(self) -> DueDates:
        return compute_due(self.frame, self.catalog, self.calendar, self.settings.cutoff_seconds)

    @cached_property
    def warnings(self) -> dict[int, list[str]]:
        """Data warnings per dossier position; they do not depend on the period."""
        out: dict[int, list[str]] = {p: list(m) for p, m in self.register.warnings.items()}
        f = self.frame

        def add(mask: np.ndarray, message) -> None:
            for pos in np.flatnonzero(mask).tolist():
                text = message(pos) if callable(message) else message
                out.setdefault(pos, []).append(text)

        ids = f["dossier_id"].astype(str)
        add((ids == "").to_numpy(), "Thiếu Mã hồ sơ")
        dup = (ids.duplicated(keep=False) & (ids != "")).to_numpy()
        if dup.any():
            rows = self.register.row_numbers
            where: dict[str, list[int]] = {}
            for pos in np.flatnonzero(dup).tolist():
                where.setdefault(ids.iloc[pos], []).append(int(rows[pos]))
            add(
                dup,
                lambda p: "Mã hồ sơ bị trùng ở các dòng " + ", ".join(map(str, where[ids.iloc[p]])),
            )

        received = to_seconds(f["received_at"].to_numpy())
        unparsed = self.register.invalid.get("received_at", np.zeros(len(f), bool))
        add(np.isnan(received) & ~unparsed, "Thiếu Ngày tiếp nhận: không tính vào kỳ nào")

        codes = f["procedure_code"]
        add(
            self.due.unknown_procedure,
            lambda p: (
                f"Không có ngày hẹn trả: Mã TTHC '{codes.iloc[p]}' không có trong DanhMuc "
                "(hoặc thiếu thời hạn); đã giải quyết tính là đúng hạn, đang giải quyết tính là "
                "trong hạn"
            ),
        )

        end = end_moment(f)
        status = f["status"].to_numpy()
        ended = np.isin(status, [int(s) for s in END_STATUSES])
        add(
            ended & np.isnan(end),
            lambda p: (
                f"Trạng thái '{STATUS_LABELS[Status(status[p])]}' nhưng không có Ngày có kết quả "
                "hay Ngày trả kết quả: tính là chưa giải quyết"
            ),
        )
        add(
            ~ended & (status > 0) & ~np.isnan(end) & ~np.isin(status, [1, 3]),
            lambda p: (
                f"Trạng thái '{STATUS_LABELS[Status(status[p])]}' nhưng đã có ngày có kết quả: "
                "tính là đã giải quyết"
            ),
        )
        add(end < received, "Ngày có kết quả trước Ngày tiếp nhận")
        req = to_seconds(f["supplement_requested_at"].to_numpy())
        sup = to_seconds(f["supplement_received_at"].to_numpy())
        add(sup < req, "Ngày nhận bổ sung trước Ngày yêu cầu bổ sung: không tính thời gian dừng")
        add(~np.isnan(sup) & np.isnan(req), "Có Ngày nhận bổ sung nhưng thiếu Ngày yêu cầu bổ sung")
        return out

    # ------------------------------------------------------------- per period

    def evaluate(
        self,
        period: Period | str,
        as_of: dt.datetime | None = None,
        compare: CompareMode | str | None = None,
        now: dt.datetime | None = None,
    ) -> Result:
        """Outcomes and indicators of `period`, taken at `as_of` (default: the earlier of
        `now` (default: the clock) and the period end)."""
        if isinstance(period, str):
            period = parse_period(period)
        moment = period.resolve_as_of(as_of, now)
        mode = self.settings.compare_mode if compare is None else CompareMode.parse(compare)
        key = (period, moment, mode)
        if key in self._results:
            self._results.move_to_end(key)
        else:
            outcomes = classify(
                self.frame,
                self.due.due,
                period.start,
                moment,
                mode,
                self.calendar,
                self.settings.warning_days,
            )
            self._results[key] = Result(self, period, moment, mode, outcomes)
            while len(self._results) > RESULT_SLOTS:
                self._results.popitem(last=False)
        return self._results[key]


@dataclass
class Result:
    engine: Engine
    period: Period
    as_of: dt.datetime
    mode: CompareMode
    outcomes: Outcomes

    @cached_property
    def counts(self) -> dict[str, int]:
        return ind.counts(self.outcomes)

    @cached_property
    def rates(self) -> dict[str, float | None]:
        return ind.rates(self.counts)

    @cached_property
    def by_field(self) -> dict[str, dict[str, int]]:
        return ind.by_field(self.outcomes, self.engine.frame["field"])

    @cached_property
    def online_service(self) -> scorecard.OnlineServiceParts:
        return ind.online_service_parts(
            self.outcomes,
            self.engine.frame["procedure_code"],
            self.engine.catalog,
            self.rates["online_rate"],
        )

    @property
    def progress_points(self) -> float | None:
        return scorecard.progress_points(self.counts)

    def typed(self, label: str) -> float | None:
        """A number the commune typed in CauHinh (QĐ 766 points the register cannot compute)."""
        return typed_number(self.engine.settings, label)

    def bieu06(self) -> list[list[object]]:
        return ind.bieu06_rows(self.by_field, self.counts)

    def kpi(self) -> dict:
        """The `tthc-xl kpi --json` object."""
        return {
            "period": self.period.as_json(self.as_of),
            "counts": self.counts,
            "rates": self.rates,
            "index766": scorecard.index766(self, self.typed),
            "by_field": self.by_field,
        }

    def dossiers(self) -> pd.DataFrame:
        """One row per register row: id, due moment, outcome, warnings."""
        engine = self.engine
        due = from_seconds(engine.due.due)
        warnings = engine.warnings
        return pd.DataFrame(
            {
                "dossier_id": engine.frame["dossier_id"].astype(str).to_numpy(),
                "due_at": due,
                "outcome": self.outcomes.outcome,
                "due_soon": self.outcomes.due_soon,
                "warnings": [warnings.get(i, []) for i in range(len(engine.frame))],
            }
        )

    def dossier_records(self) -> list[dict]:
        """The `tthc-xl dossiers --json` array."""
        table = self.dossiers()
        keys = [Outcome(int(c)).key for c in range(len(Outcome))]
        due = pd.Series(table["due_at"]).dt.strftime("%Y-%m-%dT%H:%M")
        return [
            {
                "dossier_id": i,
                "due_at": None if pd.isna(d) else d,
                "outcome": keys[o],
                "warnings": w,
            }
            for i, d, o, w in zip(
                table["dossier_id"], due, table["outcome"], table["warnings"], strict=True
            )
        ]
