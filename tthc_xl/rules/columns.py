"""The register's column types: one object per type says everything the code does by type.

A register column (register.COLUMNS) is a dossier id, a text, a procedure code, a date, a
channel, a status, a count or a yes/no. Its type object holds, in one place:

- `parse(values)`: raw cells (a pandas Series) -> (parsed column, mask of cells that were
  filled but could not be read), vectorised, with the parsers of `values`;
- `reason` / `import_reason`: what a warning says about an unreadable cell (the register's
  short note; an import's LoiNhap line, with what to write instead);
- `blank(n)`: n empty cells as `parse` reads them (a column the source does not have);
- `cells(values)`: parsed values -> HoSo cells (labels, datetimes, Có/Không, None);
- `number_format` and `width`: how HoSo shows the column;
- `comparable(values)`: a form in which equal means "the same dossier fact" (NaN where
  empty), for the importer's "is this a change?";
- `is_text` and `empty_words`: stored as text (placeholder-cleaned, NFC), and the words an
  export writes for "no value yet" ("chưa có" in a date column).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from tthc_xl.rules import values as V
from tthc_xl.rules.text import nfc, visible

DATE_FORMAT = "dd/mm/yyyy hh:mm"
TEXT_FORMAT = "@"  # Excel keeps the cell as typed: leading zeros, 1.004870
UNREADABLE = "giá trị không đọc được"

# Words an export puts in a date column for "no date yet".
NO_DATE_WORDS = (
    r"(?i)^\s*(?:null|none|nan|n/?a|chưa có|chua co|không có|khong co|chưa|chua|không|khong)\s*$"
)


def nfc_column(values) -> pd.Series:
    """Text in composed form (NFC) without invisible characters, each distinct value
    normalised once; '' where empty."""
    mapped = V.map_distinct(pd.Series(values, dtype=object), _nfc_or_same, empty="", dtype=object)
    return pd.Series(mapped, dtype=object)


def _nfc_or_same(value: object) -> object:
    return nfc(visible(value)) if isinstance(value, str) else value


@dataclass(frozen=True, eq=False, repr=False)
class ColumnType:
    """What one type of register column means; see the module docstring."""

    kind: str  # id | text | code | date | channel | status | count | bool (for messages)
    width: int  # HoSo column width
    parser: Callable[[pd.Series], tuple[object, np.ndarray]] | None = None
    reason: str | None = None  # register warning for an unreadable cell
    import_reason: str = UNREADABLE  # LoiNhap reason for an unreadable cell
    number_format: str | None = None
    empty_words: str | None = None  # regex: text that means "no value yet"

    is_text: ClassVar[bool] = False

    def parse(self, values: pd.Series) -> tuple[object, np.ndarray]:
        assert self.parser is not None
        return self.parser(values)

    def blank(self, n: int) -> object:
        """n empty cells, as `parse` reads them."""
        raise NotImplementedError

    def cells(self, values: pd.Series) -> list[object]:
        """Parsed values as HoSo cells; None is an empty cell."""
        raise NotImplementedError

    def comparable(self, values: pd.Series) -> pd.Series:
        """Values where equal means the same dossier fact; NaN where empty."""
        return pd.Series(pd.Series(values).to_numpy(dtype=float))

    def __repr__(self) -> str:
        return f"<column type {self.kind}>"


@dataclass(frozen=True, eq=False, repr=False)
class TextType(ColumnType):
    """Dossier ids, procedure codes and free text: cells normalised one distinct value at
    a time; nothing is ever unreadable."""

    normalise: Callable[[object], str] = V.cell_text
    strips: bool = False  # normalise(text) is text.strip(): an all-text column goes faster

    is_text: ClassVar[bool] = True

    def parse(self, values: pd.Series) -> tuple[pd.Series, np.ndarray]:
        invalid = np.zeros(len(values), dtype=bool)
        if self.strips and pd.api.types.infer_dtype(values, skipna=False) == "string":
            # every cell is text (a column of dossier ids: every value distinct)
            return pd.Series([v.strip() for v in values.tolist()], dtype=object), invalid
        mapped = V.map_distinct(values, self.normalise, dtype=object)
        return pd.Series(mapped, dtype=object), invalid

    def blank(self, n: int) -> pd.Series:
        return pd.Series(np.full(n, "", dtype=object), dtype=object)

    def cells(self, values: pd.Series) -> list[object]:
        return [None if (v is None or v == "") else v for v in values]

    def comparable(self, values: pd.Series) -> pd.Series:
        s = pd.Series(values).reset_index(drop=True)
        return nfc_column(s.astype(object).where(s.notna(), "")).astype(str)


@dataclass(frozen=True, eq=False, repr=False)
class DateType(ColumnType):
    """Moments, datetime64[s]; NaT where empty."""

    def blank(self, n: int) -> pd.Series:
        return pd.Series(np.full(n, np.datetime64("NaT"), dtype="datetime64[s]"))

    def cells(self, values: pd.Series) -> list[object]:
        return values.to_numpy(dtype="datetime64[s]").astype(object).tolist()  # NaT -> None

    def comparable(self, values: pd.Series) -> pd.Series:
        moments = pd.Series(values).reset_index(drop=True).to_numpy(dtype="datetime64[s]")
        seconds = moments.astype(np.int64).astype(float)
        seconds[np.isnat(moments)] = np.nan
        return pd.Series(seconds)


@dataclass(frozen=True, eq=False, repr=False)
class LabelledType(ColumnType):
    """Codes with a label each (channel, status), int8; a HoSo cell shows the label."""

    labels: tuple[object, ...] = ()  # cell of code 0, 1, 2, ...
    empty_code: int = 0  # what `parse` gives an empty cell

    def blank(self, n: int) -> np.ndarray:
        return np.full(n, self.empty_code, dtype=np.int8)

    def cells(self, values: pd.Series) -> list[object]:
        table = np.array(self.labels, dtype=object)
        return table[pd.Series(values).to_numpy(dtype=np.int64)].tolist()


@dataclass(frozen=True, eq=False, repr=False)
class CountType(ColumnType):
    """Whole counts, int64; an empty cell is -1 until from_frame's rule makes it 0 or 1."""

    def blank(self, n: int) -> np.ndarray:
        return np.full(n, -1, dtype=np.int64)

    def cells(self, values: pd.Series) -> list[object]:
        return [int(v) if v and v > 0 else None for v in values]


@dataclass(frozen=True, eq=False, repr=False)
class BoolType(ColumnType):
    """Yes/no, a nullable boolean column; a HoSo cell shows Có or Không."""

    def blank(self, n: int) -> pd.Series:
        return pd.Series(pd.array([pd.NA] * n, dtype="boolean"))

    def cells(self, values: pd.Series) -> list[object]:
        return [None if pd.isna(v) else ("Có" if v else "Không") for v in values]

    def comparable(self, values: pd.Series) -> pd.Series:
        s = pd.Series(values).reset_index(drop=True)
        return pd.Series(pd.array(s, dtype="boolean")).astype("Float64").astype(float)


ID = TextType("id", width=26, number_format=TEXT_FORMAT, normalise=V.normalize_text_id, strips=True)
CODE = TextType("code", width=11, number_format=TEXT_FORMAT, normalise=V.normalize_procedure_code)
TEXT = TextType("text", width=24, normalise=V.cell_text, strips=True)
DATE = DateType(
    "date",
    width=17,
    parser=V.parse_datetimes,
    reason="Ngày không đọc được",
    import_reason="không phải ngày hợp lệ (không có ngày này hoặc sai định dạng)",
    number_format=DATE_FORMAT,
    empty_words=NO_DATE_WORDS,
)
CHANNEL = LabelledType(
    "channel",
    width=14,
    parser=V.parse_channels,
    reason="Kênh nộp không rõ (tính là trực tiếp)",
    import_reason="kênh nộp không rõ (dùng Trực tuyến / Trực tiếp / Bưu chính hoặc mã 1/2/3)",
    labels=(None, *(V.CHANNEL_LABELS[c] for c in V.Channel)),
    empty_code=int(V.Channel.DIRECT),  # docs/rules.md: a blank channel is trực tiếp
)
STATUS = LabelledType(
    "status",
    width=22,
    parser=V.parse_statuses,
    reason="Trạng thái không rõ",
    import_reason="trạng thái không rõ (dùng mã 1–10 hoặc tên trạng thái)",
    labels=(None, *(V.STATUS_LABELS[s] for s in V.Status)),
    empty_code=0,
)
COUNT = CountType(
    "count",
    width=10,
    parser=V.parse_counts,
    reason="Số lần không hợp lệ",
    import_reason="số lần không hợp lệ (cần số nguyên không âm)",
)
BOOL = BoolType(
    "bool",
    width=10,
    parser=V.parse_booleans,
    reason="Giá trị có/không không rõ",
    import_reason="giá trị có/không không rõ (dùng Có/Không)",
)

TYPES: tuple[ColumnType, ...] = (ID, TEXT, CODE, DATE, CHANNEL, STATUS, COUNT, BOOL)
