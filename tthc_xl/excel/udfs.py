"""Formula functions for Excel (xlwings UDFs), e.g. =ONLINE_RATE(HoSo[#All];"2026-Q1").

A thin adapter: it turns what Excel passes (a 2-D list with the header row, floats or
datetimes for dates, None or "" for empty cells) into the engine's input, and picks one
figure from the engine's result. No rule lives here.

Excel calls each cell separately with the whole table, so the parsed register and its due
dates are cached by content: thirty indicator cells cost one parse, and an edited table
hashes differently, so nothing stale is ever served. The workbook's DanhMuc, NgayNghi and
CauHinh are read through the calling cell's workbook (or the built-in defaults when there
is none, as in tests) and kept for a few seconds. Every cache is a small LRU, so a long
Excel session with many workbooks does not grow; `clear_caches()` empties them all.

Function and argument names are ASCII (they go into VBA); help texts are Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections import OrderedDict
from collections.abc import Callable

import pandas as pd
import xlwings as xw

from tthc_xl.book.context import Context, context_from_sheets, read_context
from tthc_xl.book.xlbook import XlwingsBook
from tthc_xl.rules.engine import Engine, Result
from tthc_xl.rules.indicators import BIEU06_HEADERS
from tthc_xl.rules.labels import label
from tthc_xl.rules.period import parse_as_of, parse_period, period_text
from tthc_xl.rules.register import from_rows
from tthc_xl.rules.scorecard import COMPUTED_766, GROUP_766, Group766, points_text
from tthc_xl.rules.settings import CompareMode
from tthc_xl.rules.text import fold
from tthc_xl.rules.values import (
    cell_text,
    is_blank,
    normalize_procedure_code,
    parse_channels,
    parse_datetime,
)

DASH = "—"
_ENGINE_SLOTS = 4  # parsed registers (by content), least recently used dropped first
_CONTEXT_SLOTS = 4  # workbooks' DanhMuc/NgayNghi/CauHinh (by workbook), likewise
_ENGINES: OrderedDict[tuple, Engine] = OrderedDict()
_CONTEXTS: OrderedDict[str, tuple[float, Context]] = OrderedDict()
_RESULT_SLOTS = 8  # KPI_KEY's results (by content, period and moment), for KPI_VALUE
_RESULTS: OrderedDict[str, dict] = OrderedDict()  # key -> the result's kpi() object
CONTEXT_SECONDS = 3.0  # one recalculation of a sheet reads DanhMuc/NgayNghi/CauHinh once


class UdfError(ValueError):
    """A bad argument; shown in the cell as 'Lỗi: …', never as a traceback."""


# ------------------------------------------------------------------ plumbing


def _rows(table: object) -> list[list[object]]:
    if not isinstance(table, (list, tuple)) or not table:
        raise UdfError("đối số đầu phải là bảng HoSo cả dòng tiêu đề, ví dụ HoSo[#All]")
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in table]
    # whole-column ranges end in thousands of empty rows: drop them before hashing
    while rows and all(is_blank(v) for v in rows[-1]):
        rows.pop()
    return rows


def _freeze(value: object) -> object:
    return value if not isinstance(value, list) else tuple(value)


def _remember(cache: OrderedDict, key: object, value: object, slots: int) -> None:
    """Put `value` in an LRU cache as the most recent item, dropping the oldest beyond
    `slots`."""
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > slots:
        cache.popitem(last=False)


def clear_caches() -> None:
    """Forget every cached register, workbook context and the built-in default context:
    the next call reads and parses afresh."""
    _ENGINES.clear()
    _CONTEXTS.clear()
    _RESULTS.clear()
    _default_context.cache_clear()


def cache_info() -> dict[str, int]:
    """How many items each cache holds (engines, contexts, default)."""
    return {
        "engines": len(_ENGINES),
        "results": len(_RESULTS),
        "contexts": len(_CONTEXTS),
        "default": _default_context.cache_info().currsize,
    }


def _context(caller: xw.Range | None) -> Context:
    """DanhMuc, NgayNghi and CauHinh of the caller's workbook (defaults without one)."""
    if caller is None:  # no calling cell: a test, or Python calling the function itself
        return _default_context()
    workbook = caller.sheet.book  # xlwings passes the calling cell as a Range
    key = str(workbook.fullname)
    hit = _CONTEXTS.get(key)
    if hit and time.monotonic() - hit[0] < CONTEXT_SECONDS:
        _CONTEXTS.move_to_end(key)
        return hit[1]
    ctx = read_context(XlwingsBook(workbook))
    _remember(_CONTEXTS, key, (time.monotonic(), ctx), _CONTEXT_SLOTS)
    return ctx


@functools.lru_cache(maxsize=1)
def _default_context() -> Context:
    return context_from_sheets({})


def _context_key(ctx: Context) -> tuple:
    catalog = tuple(sorted((c, p) for c, p in ctx.catalog.procedures.items()))
    overrides = tuple(sorted(ctx.overrides.items()))
    settings = ctx.settings
    return (
        catalog,
        overrides,
        settings.working_hours,
        settings.same_day_cutoff,
        settings.compare_mode,
        settings.warning_days,
    )


def _engine_entry(table: object, caller: xw.Range | None) -> tuple[tuple, Engine]:
    """(cache key, engine) over this table's content; the key names the content."""
    rows = _rows(table)
    ctx = _context(caller)
    key = (
        len(rows),
        hash(tuple(tuple(_freeze(v) for v in r) for r in rows)),
        hash(_context_key(ctx)),
    )
    engine = _ENGINES.get(key)
    if engine is None:
        try:
            register = from_rows(rows)
        except ValueError as exc:
            raise UdfError(str(exc)) from exc
        engine = Engine(register, ctx.catalog, ctx.overrides, ctx.settings)
        _remember(_ENGINES, key, engine, _ENGINE_SLOTS)
    else:
        _ENGINES.move_to_end(key)
    return key, engine


def engine_for(table: object, caller: xw.Range | None = None) -> Engine:
    """The engine over this table's content, from the cache when the content is unchanged."""
    return _engine_entry(table, caller)[1]


def _evaluate(engine: Engine, period, as_of, compare, statistics: bool = False) -> Result:
    if is_blank(period):
        raise UdfError('thiếu kỳ báo cáo, ví dụ "2026-Q1"')
    try:
        cutoff = engine.settings.period_cutoff_day if statistics else None
        p = parse_period(period_text(period), cutoff)
        moment = None if is_blank(as_of) else _moment(as_of)
        mode = None if is_blank(compare) else CompareMode.parse(compare)
        return engine.evaluate(p, moment, mode)
    except ValueError as exc:
        raise UdfError(str(exc)) from exc


def _result(table, period, as_of, compare, caller, statistics: bool = False) -> Result:
    """The engine's result; `statistics` uses the Biểu 06 cut-off window when set."""
    return _evaluate(engine_for(table, caller), period, as_of, compare, statistics)


def _moment(value: object) -> dt.datetime:
    if isinstance(value, str):
        return parse_as_of(value)
    moment = parse_datetime(value)
    if moment is None:
        raise UdfError(f"thời điểm '{value}' không hợp lệ")
    return moment


def _safe(func: Callable[[], object]) -> object:
    """Every failure becomes readable text in the cell."""
    try:
        value = func()
    except UdfError as exc:
        return f"Lỗi: {exc}"
    except Exception as exc:  # noqa: BLE001 - a cell must never show a traceback
        from tthc_xl.book.failures import user_message

        return f"Lỗi: {user_message(exc)}"  # Vietnamese, no class name, no value quoted
    return DASH if value is None else value


def _pick(table, period, as_of, compare, caller, pick: Callable[[Result], object]) -> object:
    return _safe(lambda: pick(_result(table, period, as_of, compare, caller)))


_CHANNELS = {
    "": "received_new",
    "1": "received_direct",
    "2": "received_online",
    "3": "received_postal",
}
_RESOLVED = {
    "": "resolved",
    "truochan": "early",
    "early": "early",
    "dunghan": "on_time",
    "ontime": "on_time",
    "quahan": "late",
    "late": "late",
}
_PENDING = {
    "": "pending",
    "tronghan": "pending_within",
    "within": "pending_within",
    "quahan": "pending_overdue",
    "overdue": "pending_overdue",
}


def _choice(value: object, table: dict[str, str], what: str) -> str:
    key = fold(value)
    if key not in table:
        raise UdfError(f"{what} '{value}' không hợp lệ")
    return table[key]


def _channel_key(value: object) -> str:
    if is_blank(value):
        return "received_new"
    codes, invalid = parse_channels(pd.Series([value], dtype=object))
    if invalid[0]:
        raise UdfError(f"kênh '{value}' không hợp lệ (Trực tuyến, Trực tiếp, Bưu chính)")
    return _CHANNELS[str(int(codes[0]))]


# ------------------------------------------------------------------ the functions

TABLE_DOC = "Bảng hồ sơ, gồm cả dòng tiêu đề: HoSo[#All]"
PERIOD_DOC = (
    'Kỳ báo cáo: "2026-Q1", "2026-03", "2026-H1", "2026" hoặc ô chứa kỳ; ô chứa ngày '
    "(Excel đổi 2026-03 thành 01/03/2026) được hiểu là tháng của ngày đó"
)
AS_OF_DOC = (
    "(Không bắt buộc) tính đến thời điểm này; để trống là bây giờ, hoặc cuối kỳ nếu kỳ đã hết"
)
COMPARE_DOC = '(Không bắt buộc) so sánh hạn theo "ngày" hoặc "thời điểm"'


def _help(text: str):
    """Set a function's help (its docstring, which xlwings registers as the description)
    from text built at import time, e.g. from the labels table. Goes nearest the def."""

    def set_doc(func):
        func.__doc__ = text
        return func

    return set_doc


def _points_help(group_key: str) -> str:
    group = GROUP_766[group_key]
    return (
        f"Điểm Chỉ số 766 - {group.name} (tối đa {points_text(group.max_points)}), do xã tự tính."
    )


def _period_args(func):
    func = xw.arg("compare", doc=COMPARE_DOC)(func)
    func = xw.arg("as_of", doc=AS_OF_DOC)(func)
    func = xw.arg("period", doc=PERIOD_DOC)(func)
    return xw.arg("table", ndim=2, doc=TABLE_DOC)(func)


@xw.func(category="TTHC")
@_period_args
@_help(f"{label('rates.online_rate')} trong kỳ: trực tuyến ÷ tiếp nhận mới (0–1).")
def ONLINE_RATE(table, period, as_of=None, compare=None, caller=None):
    return _pick(table, period, as_of, compare, caller, lambda r: r.rates["online_rate"])


@xw.func(category="TTHC")
@_period_args
@_help(f"{label('rates.early_rate')}: trước hạn ÷ đã giải quyết (0–1).")
def EARLY_RATE(table, period, as_of=None, compare=None, caller=None):
    return _pick(table, period, as_of, compare, caller, lambda r: r.rates["early_rate"])


@xw.func(category="TTHC")
@_period_args
@_help(f"{label('rates.on_time_or_early_rate')}: (trước hạn + đúng hạn) ÷ đã giải quyết (0–1).")
def ON_TIME_RATE(table, period, as_of=None, compare=None, caller=None):
    return _pick(table, period, as_of, compare, caller, lambda r: r.rates["on_time_or_early_rate"])


@xw.func(category="TTHC")
@xw.arg("table", ndim=2, doc=TABLE_DOC)
@xw.arg("period", doc=PERIOD_DOC)
@xw.arg("channel", doc="(Không bắt buộc) Trực tuyến, Trực tiếp hoặc Bưu chính; trống: tất cả")
@xw.arg("as_of", doc=AS_OF_DOC)
@_help(f"Số hồ sơ {label('counts.received_new').lower()}, theo kênh nộp nếu có.")
def RECEIVED_COUNT(table, period, channel=None, as_of=None, caller=None):
    return _safe(lambda: _result(table, period, as_of, None, caller).counts[_channel_key(channel)])


@xw.func(category="TTHC")
@_period_args
@_help(f"Số hồ sơ {label('counts.carried_over').lower()} (chưa giải quyết xong khi kỳ bắt đầu).")
def CARRIED_OVER_COUNT(table, period, as_of=None, compare=None, caller=None):
    return _pick(table, period, as_of, compare, caller, lambda r: r.counts["carried_over"])


@xw.func(category="TTHC")
@_period_args
@_help(f"{label('counts.total')}: từ kỳ trước chuyển sang cộng tiếp nhận mới trong kỳ.")
def TOTAL_COUNT(table, period, as_of=None, compare=None, caller=None):
    return _pick(table, period, as_of, compare, caller, lambda r: r.counts["total"])


@xw.func(category="TTHC")
@xw.arg("table", ndim=2, doc=TABLE_DOC)
@xw.arg("period", doc=PERIOD_DOC)
@xw.arg("outcome", doc='(Không bắt buộc) "trước hạn", "đúng hạn" hoặc "quá hạn"')
@xw.arg("as_of", doc=AS_OF_DOC)
@xw.arg("compare", doc=COMPARE_DOC)
@_help(
    f"Số hồ sơ {label('counts.resolved').lower()} trong kỳ, hoặc theo kết quả: "
    "trước hạn, đúng hạn, quá hạn."
)
def RESOLVED_COUNT(table, period, outcome=None, as_of=None, compare=None, caller=None):
    return _safe(
        lambda: _result(table, period, as_of, compare, caller).counts[
            _choice(outcome, _RESOLVED, "kết quả")
        ]
    )


@xw.func(category="TTHC")
@_period_args
def LATE_COUNT(table, period, as_of=None, compare=None, caller=None):
    """Số hồ sơ trễ hạn: đã giải quyết quá hạn cộng đang giải quyết quá hạn."""
    return _pick(
        table,
        period,
        as_of,
        compare,
        caller,
        lambda r: r.counts["late"] + r.counts["pending_overdue"],
    )


@xw.func(category="TTHC")
@xw.arg("table", ndim=2, doc=TABLE_DOC)
@xw.arg("period", doc=PERIOD_DOC)
@xw.arg("which", doc='(Không bắt buộc) "trong hạn" hoặc "quá hạn"; trống: tất cả')
@xw.arg("as_of", doc=AS_OF_DOC)
@xw.arg("compare", doc=COMPARE_DOC)
@_help(
    f"Số hồ sơ {label('counts.pending').lower()} tại thời điểm tính, hoặc chỉ trong hạn / quá hạn."
)
def PENDING_COUNT(table, period, which=None, as_of=None, compare=None, caller=None):
    return _safe(
        lambda: _result(table, period, as_of, compare, caller).counts[
            _choice(which, _PENDING, "loại")
        ]
    )


@xw.func(category="TTHC")
@_period_args
@_help(
    "Số hồ sơ đang trong hạn nhưng sắp đến hạn (trong số ngày cảnh báo ở CauHinh); "
    f'dòng "{label("counts.due_soon")}" của sheet KPI.'
)
def DUE_SOON_COUNT(table, period, as_of=None, compare=None, caller=None):
    return _pick(table, period, as_of, compare, caller, lambda r: r.counts["due_soon"])


def _points(group: Group766) -> Callable[[Result], object]:
    return lambda r: group.points(r, r.typed)


def _group(value: object) -> Group766:
    """A computed QĐ 766 group by its key ("progress") or its name ("Tiến độ giải quyết")."""
    key = fold(value)
    for g in COMPUTED_766:
        if key in (fold(g.key), fold(g.name)):
            return g
    keys = ", ".join(f'"{g.key}"' for g in COMPUTED_766)
    raise UdfError(f"nhóm chỉ số 766 '{value}' không có hoặc sổ không tính được (dùng {keys})")


@xw.func(category="TTHC")
@_period_args
@_help(_points_help("progress"))
def INDEX766_PROGRESS(table, period, as_of=None, compare=None, caller=None):
    return _pick(table, period, as_of, compare, caller, _points(GROUP_766["progress"]))


@xw.func(category="TTHC")
@_period_args
@_help(_points_help("online_service"))
def INDEX766_ONLINE(table, period, as_of=None, compare=None, caller=None):
    return _pick(table, period, as_of, compare, caller, _points(GROUP_766["online_service"]))


@xw.func(category="TTHC")
@xw.arg("table", ndim=2, doc=TABLE_DOC)
@xw.arg("period", doc=PERIOD_DOC)
@xw.arg("group", doc="Nhóm chỉ số: " + ", ".join(f'"{g.key}" ({g.name})' for g in COMPUTED_766))
@xw.arg("as_of", doc=AS_OF_DOC)
@xw.arg("compare", doc=COMPARE_DOC)
@_help("Điểm Chỉ số 766 của một nhóm sổ tính được (tối đa theo nhóm), do xã tự tính.")
def INDEX766(table, period, group, as_of=None, compare=None, caller=None):
    return _safe(lambda: _points(_group(group))(_result(table, period, as_of, compare, caller)))


@xw.func(category="TTHC")
@_period_args
@xw.ret(index=False, header=False)
def BIEU06(table, period, as_of=None, compare=None, caller=None):
    """Biểu số 06/VPCP/KSTT theo lĩnh vực (bảng tràn: STT, lĩnh vực, cột 3 đến 13)."""

    def form() -> list[list[object]]:
        result = _result(table, period, as_of, compare, caller, statistics=True)
        return [list(BIEU06_HEADERS), *result.bieu06()]

    value = _safe(form)
    return value if isinstance(value, list) else [[value]]


# ------------------------------------------------------------------ the KPI sheet: one transfer


@xw.func(category="TTHC")
@_period_args
@_help(
    "Tính mọi chỉ số của kỳ một lần và trả về mã kết quả cho KPI_VALUE: bảng HoSo chỉ "
    "chuyển sang Python một lần mỗi lần tính lại, không phải một lần mỗi ô."
)
def KPI_KEY(table, period, as_of=None, compare=None, caller=None):
    def key() -> str:
        content, engine = _engine_entry(table, caller)
        result = _evaluate(engine, period, as_of, compare)
        token = hash((content, result.period.label, str(as_of), str(compare))) & 0xFFFFFFFF
        name = f"{result.period.label}#{token:08x}"
        _remember(_RESULTS, name, result.kpi(), _RESULT_SLOTS)
        return name

    return _safe(key)


@xw.func(category="TTHC")
@xw.arg("key", doc="Ô chứa KPI_KEY(HoSo[#All]; kỳ)")
@xw.arg("indicator", doc='Chỉ số theo tên trong tthc-xl kpi --json, ví dụ "counts.received_new"')
@_help("Một chỉ số từ kết quả KPI_KEY đã tính (không chuyển lại bảng HoSo).")
def KPI_VALUE(key, indicator, caller=None):
    def value() -> object:
        kpi = _RESULTS.get(cell_text(key))
        if kpi is None:
            raise UdfError(f"chưa có kết quả '{key}': tính lại sổ (Ctrl+Alt+F9)")
        _RESULTS.move_to_end(cell_text(key))
        group, _, name = cell_text(indicator).partition(".")
        if group not in ("counts", "rates", "index766") or name not in kpi[group]:
            raise UdfError(f"chỉ số '{indicator}' không có (ví dụ counts.received_new)")
        figure = kpi[group][name]
        return "—" if figure is None else figure  # no rate without dossiers: not 0%

    return _safe(value)


@xw.func(category="TTHC")
@xw.arg("received", doc="Ngày giờ tiếp nhận")
@xw.arg("procedure_code", doc="Mã TTHC, ví dụ 1.004873")
def DUE_DATE(received, procedure_code, caller=None):
    """Ngày hẹn trả tính theo DanhMuc, lịch làm việc và giờ làm việc (ô định dạng ngày giờ)."""

    def due() -> object:
        import numpy as np

        from tthc_xl.rules.workcalendar import from_seconds

        moment = parse_datetime(received)
        if moment is None:
            raise UdfError(f"ngày tiếp nhận '{received}' không hợp lệ")
        code = normalize_procedure_code(procedure_code)
        ctx = _context(caller)
        procedure = ctx.catalog.get(code)
        if procedure is None or procedure.limit is None:
            raise UdfError(f"Mã TTHC '{code}' không có thời hạn trong DanhMuc")
        table: list[list[object]] = [["Mã hồ sơ", "Mã TTHC", "Ngày tiếp nhận"], ["1", code, moment]]
        engine = Engine(from_rows(table), ctx.catalog, ctx.overrides, ctx.settings)
        value = from_seconds(engine.due.due)[0]
        return None if np.isnat(value) else value.astype(dt.datetime)

    return _safe(due)


@xw.func(category="TTHC")
@xw.arg("start_date", doc="Ngày bắt đầu")
@xw.arg("end_date", doc="Ngày kết thúc")
def WORKDAYS_VN(start_date, end_date, caller=None):
    """Số ngày làm việc từ ngày bắt đầu đến ngày kết thúc (tính cả hai đầu), theo lịch VN."""

    # not (start, end): End is a reserved word in VBA, and the generated declaration
    # Function WORKDAYS_VN(start, end) would stop the whole VBA project compiling

    def count() -> int:
        from tthc_xl.rules.workcalendar import WorkCalendar

        a, b = parse_datetime(start_date), parse_datetime(end_date)
        if a is None or b is None:
            raise UdfError("ngày bắt đầu hoặc ngày kết thúc không hợp lệ")
        ctx = _context(caller)
        lo, hi = sorted((a.year, b.year))
        cal = WorkCalendar(lo, hi, ctx.overrides, ctx.settings.working_hours)
        return cal.working_days_between(a.date(), b.date())

    return _safe(count)
