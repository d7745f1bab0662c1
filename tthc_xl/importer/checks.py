"""Checks that keep a missed column mapping from turning into silently wrong figures.

- A header that could be two register columns, or two headers that could be one, is not
  guessed: the file is refused with the AnhXaCot line that settles it.
- A mapped column is judged by its values: when most of them do not read as the column's
  type, the summary says so for the file.
- A file that adds dossiers needs the columns the rules need (docs/rules.md, import):
  Mã hồ sơ, the procedure, Ngày tiếp nhận, and the state. When one is missing while an
  unknown column holds values of its kind (date-times for a date column, status words for
  Trạng thái, codes for Mã TTHC), the mapping was missed: the file is refused, naming the
  column, sample values and the AnhXaCot line to add. The four dates that decide an
  outcome (received, due, result, return) are held to the same rule. Otherwise the import
  goes on, with a warning giving the count of new dossiers the gap affects.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tthc_xl.book.names import MAPPING_HEADERS, SHEET_IMPORT_ERRORS, SHEET_MAPPING
from tthc_xl.importer.batch import Batch
from tthc_xl.importer.table import Table
from tthc_xl.rules import values as V
from tthc_xl.rules.headers import speaks_of_events
from tthc_xl.rules.register import BY_KEY, key_header
from tthc_xl.rules.text import fold

SAMPLE = 200  # cells looked at to tell a column's kind: enough, and cheap on 10^5 rows
LIKELY = 0.8  # share of the sampled cells that must read as the kind
MOSTLY_UNREADABLE = 0.5  # a mapped column with more unreadable cells than this is flagged
SHOWN = 3  # sample values in a message
_CODE = re.compile(r"^\d\.\d{6}$")  # a national procedure code: 1.004873


def _line(spelling: str, target: str) -> str:
    return f"'{spelling}' | '{target}'"


def anhxacot_hint(lines: list[str]) -> str:
    cols = f"'{MAPPING_HEADERS[0]}' | '{MAPPING_HEADERS[1]}'"
    return f"thêm vào sheet {SHEET_MAPPING} ({cols}) dòng " + " và dòng ".join(lines)


def ambiguity_error(table: Table) -> str | None:
    """The Vietnamese reason a table's headers cannot be named without a guess, or None."""
    if not table.ambiguous:
        return None
    where = f" (sheet '{table.sheet}')" if table.sheet else ""
    parts: list[str] = []
    done: set[int] = set()
    for pos, keys in table.ambiguous.items():
        if pos in done:
            continue
        name = table.names[pos]
        label = f"'{name}' (cột {table.letters[pos]})"
        if len(keys) > 1:
            options = " hoặc ".join(f"'{key_header(k)}'" for k in keys)
            hint = anhxacot_hint([_line(name, key_header(keys[0]))])
            parts.append(
                f"cột {label} có thể là {options}; chương trình không đoán: hãy {hint} "
                f"(thay '{key_header(keys[0])}' bằng cột đúng)"
            )
            done.add(pos)
        else:
            same = [p for p, k in table.ambiguous.items() if k == keys]
            done.update(same)
            labels = " và ".join(f"'{table.names[p]}' (cột {table.letters[p]})" for p in same)
            first, *rest = (table.names[p] for p in same)
            lines = [_line(first, key_header(keys[0]))] + [_line(n, "Bỏ qua") for n in rest]
            parts.append(
                f"các cột {labels} đều có thể là '{key_header(keys[0])}'; chương trình không "
                f"đoán: hãy {anhxacot_hint(lines)} (đổi chỗ nếu cột kia mới đúng)"
            )
    return "; ".join(parts) + where + "."


def _quoted(batch: Batch, column: str, name: str) -> str:
    """ "'Ngày vào sổ' (cột C)" from the batch's "Ngày vào sổ (cột C)"."""
    label = batch.column_of.get(column, name)
    return f"'{name}'{label[len(name) :]}" if label.startswith(name) else f"'{label}'"


def readability_notes(batch: Batch) -> list[str]:
    """Mapped columns whose values mostly do not read as the column's type."""
    notes = []
    for key, (filled, bad) in batch.readability.items():
        if filled and bad > MOSTLY_UNREADABLE * filled:
            label = batch.column_of.get(key, key_header(key))
            name = label.rsplit(" (cột ", 1)[0]
            notes.append(
                f"cột {_quoted(batch, key, name)} được đọc là '{key_header(key)}' nhưng "
                f"{bad}/{filled} ô không đọc được; có thể cột này bị nhận nhầm: xem các cảnh "
                f"báo ở sheet {SHEET_IMPORT_ERRORS} và sửa ở sheet {SHEET_MAPPING} nếu cần"
            )
    return notes


# ------------------------------------------------------------------ kinds of values


def _sample(values: pd.Series) -> pd.Series:
    filled = values[~V.blank_mask(values.reset_index(drop=True))]
    return filled.iloc[:SAMPLE].reset_index(drop=True)


def _share(mask: np.ndarray) -> float:
    return float(mask.mean()) if len(mask) else 0.0


def is_datetimes(values: pd.Series) -> bool:
    """Mostly dates of this era (a count or a code read as an Excel serial is not)."""
    sample = _sample(values)
    if not len(sample):
        return False
    parsed, _ = V.parse_datetimes(sample)
    years = parsed.dt.year.to_numpy(dtype=float, na_value=np.nan)
    return _share((years >= 1990) & (years <= 2100)) >= LIKELY


def is_statuses(values: pd.Series) -> bool:
    sample = _sample(values)
    if not len(sample):
        return False
    words = sample.map(lambda v: isinstance(v, str) and any(c.isalpha() for c in v))
    words = words.to_numpy(dtype=bool)
    _, bad = V.parse_statuses(sample)
    return _share(words) >= LIKELY and _share(~bad) >= LIKELY


def is_procedure_codes(values: pd.Series) -> bool:
    sample = _sample(values)
    if not len(sample):
        return False
    codes = V.map_distinct(sample, lambda v: bool(_CODE.match(V.normalize_procedure_code(v))))
    return _share(codes.astype(bool)) >= LIKELY


@dataclass(frozen=True)
class Need:
    """A column, or one of several, that a file adding dossiers must have."""

    keys: tuple[str, ...]  # any one of them will do
    kind: str  # what an unknown column holding it looks like, for the message
    looks_like: Callable[[pd.Series], bool]
    without: str  # what becomes of a new dossier without it
    key: bool = True  # a key column; else only a header about handling a dossier is suspect


NEEDS: tuple[Need, ...] = (
    Need(
        ("procedure_code", "procedure_name"),
        "mã thủ tục",
        is_procedure_codes,
        "không tính được hạn giải quyết (không tra được DanhMuc)",
    ),
    Need(("received_at",), "ngày giờ", is_datetimes, "không được tính vào kỳ nào"),
    Need(
        ("status", "finished_at", "returned_at"),
        "trạng thái",
        is_statuses,
        "được tính là đang giải quyết",
    ),
    # the dates an outcome is computed from: a missed one changes due dates and outcomes
    Need(("due_at",), "ngày giờ", is_datetimes, "có ngày hẹn trả tính theo DanhMuc", False),
    Need(
        ("finished_at", "returned_at"),
        "ngày giờ",
        is_datetimes,
        "dù đã xong cũng được tính là chưa giải quyết",
        False,
    ),
)


def _headers(keys: tuple[str, ...]) -> str:
    return " hay ".join(f"'{BY_KEY[k].header}'" for k in keys)


def key_column_check(
    batch: Batch, new: np.ndarray, owned: set[str] | None = None
) -> tuple[list[str], list[str]]:
    """(reasons to refuse the file, warnings) for a batch whose rows `new` are dossiers the
    register does not have yet. Nothing to say when it adds none. `owned`: folded names of
    extra columns an earlier import created (a guess of the importer's, not the clerk's
    word, so still suspect)."""
    count = int(new.sum())
    if not count:
        return [], []
    earlier = owned or set()
    unknown = [n for n in batch.extras if n not in batch.mapped_extras or fold(n) in earlier]
    refusals: list[str] = []
    warnings: list[str] = []
    missing = [need for need in NEEDS if not any(k in batch.keys for k in need.keys)]
    suspects: dict[str, list[Need]] = {}
    for need in missing:
        for name in unknown:
            if not need.key and not speaks_of_events(name):
                continue
            if need.looks_like(batch.frame[name]):
                suspects.setdefault(name, []).append(need)
    for name, needs in suspects.items():
        label = _quoted(batch, name, name)
        samples = _sample(batch.frame[name]).iloc[:SHOWN]
        shown = ", ".join(f"'{V.display_text(v)}'" for v in samples)
        targets = [k for need in needs for k in need.keys[:1]]
        wanted = " hay ".join(f"'{BY_KEY[k].header}'" for k in targets)
        kind = needs[0].kind
        refusals.append(
            f"tệp thêm {count} hồ sơ mới nhưng không có cột {wanted}, trong khi cột {label} "
            f"chứa {kind} (ví dụ {shown}) mà không khớp cột nào của sổ. Nếu đó là cột "
            f"{wanted}, hãy {anhxacot_hint([_line(name, BY_KEY[targets[0]].header)])}"
            f"{' (hoặc cột đúng)' if len(targets) > 1 else ''}; nếu không phải, ghi "
            f"{_line(name, 'Bỏ qua')}. Rồi nhập lại"
        )
    for need in missing:
        if any(need in needs for needs in suspects.values()) or need.keys[0] in (
            "due_at",  # computed from DanhMuc, as the rules say
            "finished_at",  # the engine warns dossier by dossier
        ):
            continue
        warnings.append(
            f"{batch.file}: tệp không có cột {_headers(need.keys)}: {count} hồ sơ mới "
            f"{need.without}"
        )
    if "procedure_code" not in batch.keys and "procedure_name" in batch.keys:
        # a due date is computed from Mã TTHC (DanhMuc); a name alone gives none
        due = batch.has.get("due_at", np.zeros(len(new), bool))
        undated = int((new & ~due).sum())
        if undated:
            warnings.append(
                f"{batch.file}: tệp không có cột 'Mã TTHC': {undated} hồ sơ mới chỉ có Tên thủ "
                "tục, không có Ngày hẹn trả, nên không tính được hạn giải quyết"
            )
    if "received_at" in batch.keys:  # the column is there but some new dossiers lack it
        blank = int((new & ~batch.has["received_at"]).sum())
        if blank:
            warnings.append(
                f"{batch.file}: {blank} hồ sơ mới không có Ngày tiếp nhận (ô trống hoặc không "
                "đọc được): không được tính vào kỳ nào"
            )
    return refusals, warnings
