"""The file back end of :class:`~tthc_xl.book.base.Book`, for the CLI.

- :class:`FileBook` writes a workbook file part by part (book/package.py): the sheets of
  ours it draws with openpyxl, the register and logs edited in place, every other part
  (the clerk's sheets, charts, pictures, comments, pivots, customXml, ``vbaProject.bin``,
  the ribbon) copied byte for byte. Only a part sitting on a sheet we redraw (a picture on
  KPI, say) cannot be kept: then the result goes to a new file and the original stays.
  The file is replaced atomically after a timestamped backup.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import weakref
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tthc_xl.rules.text import fold

from . import lock, package
from .atomic import remove_stale_temps, replacing
from .base import Book
from .errors import LossyWorkbookError, WorkbookError, WorkbookLockedError, missing_workbook
from .failures import os_reason
from .lock import office_holder, office_owner
from .marker import Kind
from .names import (
    SHEET_AUDIT,
    SHEET_BIEU06,
    SHEET_CATALOG,
    SHEET_HOLIDAYS,
    SHEET_IMPORT_ERRORS,
    SHEET_KPI,
    SHEET_MAPPING,
    SHEET_REGISTER,
    SHEET_REPORT,
    SHEET_REPORT_TEMPLATE,
    SHEET_SETTINGS,
    SHEET_WARNINGS,
    SHEET_XLWINGS,
)
from .ooxml import vba_bytes
from .scratch import temp_beside
from .sheetxml import SheetEdits, look_of

if TYPE_CHECKING:
    from .page import Page

MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
BACKUP_DIR = "tthc-xl-saoluu"

# Parts openpyxl cannot carry through a load/save: what a staff workbook may hold that
# a write in place would silently destroy.
LOSSY_PARTS: tuple[tuple[str, str], ...] = (
    (r"^xl/charts/chart\d+\.xml$", "biểu đồ"),
    (r"^xl/chartsheets/", "trang biểu đồ"),
    (r"^xl/media/", "hình ảnh"),
    (r"^xl/drawings/drawing\d+\.xml$", "hình vẽ"),
    (r"^xl/pivotTables/", "PivotTable"),
    (r"^xl/pivotCache/", "PivotTable"),
    (r"^xl/slicers?/|^xl/slicerCaches/", "slicer"),
    (r"^xl/timelines?/|^xl/timelineCaches/", "timeline"),
    (r"^xl/threadedComments/", "ghi chú dạng hội thoại"),
    (r"^xl/model/", "mô hình dữ liệu (Power Pivot)"),
    (r"^xl/queryTables/|^xl/connections\.xml$", "kết nối dữ liệu (Power Query)"),
    (r"^xl/richData/", "kiểu dữ liệu phong phú hoặc ảnh trong ô"),
    (r"^customXml/", "dữ liệu XML tùy chỉnh (customXml)"),
    (r"^xl/persons/", "danh sách người ghi chú"),
)
_SHEET_EXTS = (
    (b"x14:sparklineGroups", "sparkline"),
    (b"x14:conditionalFormattings", "định dạng có điều kiện mở rộng"),
    (b"x14:dataValidations", "kiểm tra dữ liệu tham chiếu sheet khác"),
    (b"x14:slicerList", "slicer"),
)


# Sheets of ours that openpyxl draws (small; loaded in the scratch workbook), and the
# sheets that grow, edited in place. Every other sheet is the clerk's: never loaded.
DRAWN_SHEETS = {
    fold(n)
    for n in (
        SHEET_CATALOG, SHEET_HOLIDAYS, SHEET_SETTINGS, SHEET_KPI, SHEET_WARNINGS,
        SHEET_REPORT, SHEET_REPORT_TEMPLATE, SHEET_BIEU06, SHEET_MAPPING, SHEET_XLWINGS,
    )
}  # fmt: skip
EDITED_SHEETS = {fold(n) for n in (SHEET_REGISTER, SHEET_AUDIT, SHEET_IMPORT_ERRORS)}
# A sheet we draw keeps these of its parts (re-made by the drawing); anything else on it
# would be lost.
_REDRAWN = re.compile(r"xl/tables/.+|xl/printerSettings/.+|.*/_rels/.+")


# ------------------------------------------------------------------ files


def _label(part: str) -> str:
    for pattern, label in LOSSY_PARTS:
        if re.search(pattern, part):
            return label
    if re.search(r"comments|vmlDrawing", part):
        return "ghi chú"
    return f"phần '{part.rsplit('/', 1)[0] if '/' in part else part}'"


def foreign_parts(path: Path, drawn: list[str]) -> list[str]:
    """What the sheets `drawn` hold that a redrawing of them would lose (in Vietnamese,
    naming the sheet): a chart, picture, comment or extension that is not ours."""
    from .charts import own_chart_parts

    found: list[str] = []
    with zipfile.ZipFile(path) as z:
        own = own_chart_parts(z)
        for name, part in package.sheets(z):
            if name not in drawn or part not in z.namelist():
                continue
            labels = [_label(p) for p in package.closure(z, part)
                      if p not in own and not _REDRAWN.fullmatch(p)]  # fmt: skip
            data = z.read(part)
            labels += [label for marker, label in _SHEET_EXTS if marker in data]
            for label in labels:
                text = f"{label} trên sheet {name}"
                if text not in found:
                    found.append(text)
    return found


def lossy_parts(path: Path) -> list[str]:
    """What a workbook holds on the sheets tthc-xl redraws that a write would lose."""
    with zipfile.ZipFile(path) as z:
        names = [n for n, _ in package.sheets(z) if fold(n) in DRAWN_SHEETS]
    return foreign_parts(path, names)


def check_not_locked(path: Path) -> None:
    """Refuse early when Excel or LibreOffice has the file open (their owner file '~$name'
    or '.~lock.name#' sits beside the real file) or it cannot be written."""
    path = path.resolve()  # a link: the office program's owner file is beside the real file
    owner = office_owner(path)
    if owner is not None:
        program = "LibreOffice" if owner.name.startswith(".~lock.") else "Excel"
        holder = office_holder(owner)
        who = f" của {holder}" if holder else ""
        raise WorkbookLockedError(
            f"Sổ '{path.name}' đang mở trong {program}{who}. Hãy nhờ người đó đóng sổ (hoặc "
            "tự đóng) rồi chạy lại; chưa có gì được ghi. Nếu không ai đang mở sổ, hãy xóa "
            f"tệp khóa '{owner.name}' cạnh sổ rồi chạy lại."
        )
    if not path.exists():
        return
    try:
        with open(path, "r+b"):
            pass
    except PermissionError as exc:
        raise WorkbookLockedError(
            f"Không ghi được vào '{path.name}': tệp đang bị khóa hoặc chỉ đọc. "
            "Hãy đóng chương trình đang mở nó; chưa có gì được ghi."
        ) from exc


@dataclass
class FileBook(Book):
    """A workbook file, edited part by part and saved safely (book/package.py).

    Nothing is loaded to write until a write: a job that finds nothing to change (a dry
    run, an import of a file already imported) reads through calamine alone. The sheets
    that grow (HoSo, NhatKy, LoiNhap) are edited in place, cell by cell
    (book/sheetxml.py); the sheets tthc-xl draws are drawn by openpyxl in a scratch copy
    holding only the small sheets of ours, and spliced in. `readonly` skips the lock check
    and refuses to save. `backups`: how many backups to keep; None (the default) means
    what the workbook's own CauHinh says ("Số bản sao lưu giữ lại"), read when saving.
    """

    path: Path
    backups: int | None = None
    out: Path | None = None  # write here instead of in place
    lossy: list[str] = field(default_factory=list)
    readonly: bool = False
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # A symbolic link is followed: the real file is read, locked and replaced.
        self.path = Path(self.path).resolve()
        if self.out is not None:
            self.out = Path(self.out).resolve()
        if self.path.is_dir():
            raise WorkbookError(f"'{self.path}' là thư mục, không phải tệp sổ Excel.")
        if not self.path.exists():
            raise WorkbookError(missing_workbook(self.path))
        self._lock: list[Path] = []
        if not self.readonly:
            target = self.out or self.path
            check_not_locked(target)  # --out onto the workbook itself included
            self._lock = [lock.acquire(target)]  # held from the read until the replace
            if target != self.path:  # --out: the workbook read is not replaced under us
                self._lock.append(lock.acquire(self.path))
            weakref.finalize(self, _release, self._lock)  # a job that never saves
            remove_stale_temps(target, keep=self.path)
        self.name = self.path.name
        try:
            self._vba = vba_bytes(self.path)
            with zipfile.ZipFile(self.path) as z:
                self._original = [name for name, _ in package.sheets(z)]
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError) as exc:
            raise self._unreadable(exc) from exc
        self._wb = None
        self._read_cache: dict[str, list[list[object]]] | None = None
        self._drawn: set[str] = set()  # sheets written through openpyxl
        self._edits: dict[str, SheetEdits] = {}  # sheets edited in place
        self._titles: dict[str, str] = {}  # an edited sheet's print titles
        self._areas: dict[str, str] = {}  # and its print area

    def _unreadable(self, exc: Exception) -> WorkbookError:
        if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile):
            return WorkbookError(f"Không đọc được sổ '{self.path.name}': {os_reason(exc)}")
        return WorkbookError(
            f"Không đọc được sổ '{self.path.name}': tệp hỏng hoặc không phải sổ Excel. Hãy "
            "mở thử bằng Excel, hoặc lấy lại tệp; chưa có gì được ghi."
        )

    @property
    def wb(self):
        """The scratch openpyxl workbook, loaded on first use: the package with only the
        small sheets of ours in it (the others are empty stubs, never saved back)."""
        if self._wb is None:
            import openpyxl

            keep = {n for n in self._original if fold(n) in DRAWN_SHEETS}
            try:
                self._wb = openpyxl.load_workbook(
                    package.reduced(self.path, keep),
                    keep_vba=self.path.suffix.lower() in MACRO_SUFFIXES,
                )
            except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
                raise self._unreadable(exc) from exc
        return self._wb

    def worksheet(self, sheet: str):
        """The file back end's own: a sheet as written so far, as openpyxl holds it (the
        email copy takes its looks, and its formulas, from here). Not part of `Book`."""
        return self.wb[sheet]

    @property
    def loaded(self) -> bool:
        """Whether openpyxl has the scratch workbook in memory."""
        return self._wb is not None

    def _in_place(self, sheet: str) -> bool:
        """A sheet that grows, edited cell by cell in its own part."""
        return sheet in self._original and fold(sheet) in EDITED_SHEETS

    # -- reading: python-calamine, with what this command wrote

    def sheet_names(self) -> list[str]:
        if self._wb is None:
            return list(self._original)
        return list(self.wb.sheetnames)

    def _sheets(self) -> dict[str, list[list[object]]]:
        if self._read_cache is None:
            from .reader import read_sheets

            self._read_cache = read_sheets(self.path)
        return self._read_cache

    def read(self, sheet: str) -> list[list[object]]:
        if sheet in self._drawn:
            return [list(r) for r in self.wb[sheet].iter_rows(values_only=True)]
        rows = self._sheets().get(sheet, [])
        if sheet in self._edits:
            return self._edits[sheet].apply_to_rows(rows)
        return rows

    # -- writing

    def ensure_sheet(self, sheet: str) -> None:
        if sheet not in self.sheet_names():
            self.wb.create_sheet(sheet)
            self._drawn.add(sheet)
            self._wrote(sheet)

    def write(self, sheet, top, rows, *, left=1, formats=None, clear_below=False) -> None:
        from .page import Block, write_block

        self.ensure_sheet(sheet)
        self._wrote(sheet)
        if self._in_place(sheet):
            self._edit(sheet, Block(top, rows, left, formats, clear_below))
            return
        self._drawn.add(sheet)
        write_block(self.wb[sheet], Block(top, rows, left, formats, clear_below))

    def _edit(self, sheet: str, block) -> None:
        edits = self._edits.setdefault(sheet, SheetEdits())
        width = max((len(r) for r in block.rows), default=0)
        if block.clear_below:
            current = self.read(sheet)
            for r in range(block.top + len(block.rows), len(current) + 1):
                for c in range(block.left, max(len(current[r - 1]), block.left + width) + 1):
                    if c <= len(current[r - 1]) and current[r - 1][c - 1] is not None:
                        edits.set(r, c, None, None)
        for r, row in enumerate(block.rows, start=block.top):
            for c, value in enumerate(row):
                fmt = block.formats[c] if block.formats and c < len(block.formats) else None
                edits.set(r, block.left + c, value, fmt)

    def lay_out(self, sheet: str, page: Page) -> None:
        """The whole page drawn with openpyxl: on a blank sheet at the sheet's place when
        it is fresh (a missing sheet goes after the last), else over the sheet as it is.
        On a sheet edited in place, only a page of looks alone (its print set-up) is
        taken, drawn on a copy of its header row."""
        from .forms import name_default_font

        if self._in_place(sheet):
            self._print_look(sheet, page)
            return
        wb = self.wb
        name_default_font(wb)
        if page.fresh and sheet in wb.sheetnames:
            index = wb.sheetnames.index(sheet)
            wb.remove(wb[sheet])
            ws = wb.create_sheet(sheet, index)
        else:
            ws = wb[sheet] if sheet in wb.sheetnames else wb.create_sheet(sheet)
        page.draw(ws)
        self._drawn.add(sheet)
        if page.fresh or page.blocks:  # a look alone over the sheet changes no value
            self._wrote(sheet)

    def _print_look(self, sheet: str, page: Page) -> None:
        import io

        import openpyxl

        from .layout import set_cell

        if page.fresh or page.blocks or page.styled is not None:
            raise WorkbookError(f"Lỗi nội bộ: sheet {sheet} chỉ được ghi từng ô, không vẽ lại.")
        rows = self.read(sheet)
        mini = openpyxl.Workbook()
        ws = mini.active
        ws.title = sheet
        for c, value in enumerate(rows[0] if rows else [], start=1):
            set_cell(ws, 1, c, value)
        ws.cell(row=max(len(rows), 1), column=max((len(r) for r in rows), default=1))
        page.draw(ws)
        buffer = io.BytesIO()
        with temp_beside(self.path.parent):  # openpyxl's sheet files: book/scratch.py
            mini.save(buffer)
        with zipfile.ZipFile(buffer) as z:
            look, pr = look_of(z.read("xl/worksheets/sheet1.xml"))
            names = z.read("xl/workbook.xml")
        edits = self._edits.setdefault(sheet, SheetEdits())
        edits.look.update(look)
        edits.page_setup_pr = pr
        title = re.search(rb'<definedName name="_xlnm.Print_Titles"[^>]*>([^<]*)<', names)
        if title is not None:
            self._titles[sheet] = title.group(1).decode()
        area = re.search(rb'<definedName name="_xlnm.Print_Area"[^>]*>([^<]*)<', names)
        if area is not None:  # HoSo prints its reader's columns (sheets/register.py)
            self._areas[sheet] = area.group(1).decode()

    def sync_charts(
        self, sheet: str, filled: dict[str, int], anchors: dict[str, str] | None = None
    ) -> None:
        """Nothing now: every save re-creates our charts from the data block (book/charts.py)."""
        return None

    def resize_table(self, sheet: str, table: str, last_row: int, last_col: int) -> None:
        if self._in_place(sheet):
            from .extent import column_letters

            header = self.read(sheet)[:1] or [[]]
            names = [str(v) if v not in (None, "") else "" for v in header[0]]
            names += [""] * (last_col - len(names))
            for c in range(1, last_col + 1):  # a header cell for a column that has none
                if not names[c - 1]:
                    names[c - 1] = f"Cột {column_letters(c)}"
                    self._edit(sheet, _block(1, c, names[c - 1]))
            edits = self._edits.setdefault(sheet, SheetEdits())
            edits.tables[table] = (last_row, last_col, names[:last_col])
            return
        self._drawn.add(sheet)
        _resize_openpyxl_table(self.wb[sheet], table, last_row, last_col)

    def close(self) -> None:
        """openpyxl keeps an .xlsm it loaded open for its VBA: close it, so that the file
        can be removed (Windows refuses to delete an open file)."""
        archive = getattr(self._wb, "vba_archive", None) if self.loaded else None
        if archive is not None:
            archive.close()

    def status(self, text: str | None) -> None:  # a file has no status bar
        return None

    def recalculate(self) -> None:
        """Nothing: a file's formulas are computed by whichever program opens it."""
        return None

    def backup_count(self) -> int:
        """How many backups to keep: the one given, else the workbook's CauHinh as saved
        ("Số bản sao lưu giữ lại", as the command read it: `Book.settings`)."""
        return self.backups if self.backups is not None else self.settings().backups

    def _plan(self) -> package.Plan:
        """What the save splices: openpyxl's drawing of our sheets, and the edits."""
        plan = package.Plan(
            edits=dict(self._edits),
            print_titles=dict(self._titles),
            print_areas=dict(self._areas),
        )
        plan.mark = Kind.REGISTER.value  # a register of 0.1.0 gets the marker now
        if self._wb is not None and self._drawn:
            import io

            from .charts import restore_charts

            restore_charts(self._wb)  # our BaoCao charts, afresh (book/charts.py)
            buffer = io.BytesIO()
            self._wb.save(buffer)
            plan.scratch = buffer.getvalue()
            plan.drawn = [n for n in self._wb.sheetnames if n in self._drawn]
        return plan

    def save(self) -> Path:
        """Write atomically, part by part; keep a backup; never drop a part we cannot keep."""
        if self.readonly:
            raise WorkbookError("Lỗi nội bộ: sổ được mở chỉ để đọc; không ghi.")
        target = Path(self.out) if self.out else self.path
        in_place = target.resolve() == self.path.resolve()

        def check_and_back_up(tmp: Path) -> None:
            if self._vba is not None and vba_bytes(tmp) != self._vba:
                raise WorkbookError(
                    "Lỗi nội bộ: phần macro (vbaProject.bin) bị thay đổi; không ghi."
                )
            if in_place and not self.lossy:
                self._backup()

        try:
            with temp_beside(self.path.parent):  # openpyxl's sheet files: book/scratch.py
                plan = self._plan()
            self.lossy = foreign_parts(self.path, [n for n in plan.drawn if n in self._original])
            if self.lossy and in_place:
                target = self.path.with_name(
                    f"{self.path.stem} (tthc-xl {dt.datetime.now():%Y%m%d-%H%M%S})"
                    f"{self.path.suffix}"
                )
            with replacing(target, before_replace=check_and_back_up) as tmp:
                package.write_package(self.path, tmp, plan)
        finally:
            _release(self._lock)  # the replace is done (or failed): the next may write
        if self.lossy and in_place:
            raise LossyWorkbookError(
                f"Sổ '{self.path.name}' có {', '.join(self.lossy)} mà tthc-xl không giữ được "
                f"khi ghi lại sheet đó, nên không ghi đè sổ gốc. Kết quả đã ghi ra tệp mới: "
                f"'{target.name}'.",
                target,
                self.lossy,
            )
        return target

    def _backup(self) -> None:
        keep = self.backup_count()
        if keep <= 0:
            return
        folder = self.path.parent / BACKUP_DIR
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        try:
            folder.mkdir(exist_ok=True)
            shutil.copy2(self.path, folder / f"{self.path.stem}.{stamp}{self.path.suffix}")
        except OSError as exc:
            raise WorkbookError(
                f"Không tạo được bản sao lưu trong thư mục '{folder}' (thư mục chỉ đọc, "
                "đầy hoặc thiếu quyền ghi), nên chưa ghi đè sổ. Sổ cũ giữ nguyên."
            ) from exc
        # Only this workbook's own backups: stem, then exactly the stamp, then the suffix
        # (TTHC_Q.2025.xlsm's backups do not match TTHC_Q's pattern).
        mine = re.compile(
            re.escape(self.path.stem) + r"\.\d{8}-\d{6}-\d{6}" + re.escape(self.path.suffix)
        )
        old = sorted(p for p in folder.iterdir() if mine.fullmatch(p.name))
        for stale in old[:-keep]:
            stale.unlink(missing_ok=True)


def _release(token: list[Path]) -> None:
    """Release a FileBook's lock once (after its save, or when it is collected)."""
    while token:
        lock.release(token.pop())


def _block(row: int, col: int, value: object):
    from .page import Block

    return Block(row, [[value]], col)


def _resize_openpyxl_table(ws, table: str, last_row: int, last_col: int) -> None:
    """An Excel table of a sheet drawn with openpyxl made to span to (last_row, last_col)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet.table import TableColumn

    from .layout import set_cell

    if table not in ws.tables:
        return
    t = ws.tables[table]
    first = t.ref.split(":")[0]
    t.ref = f"{first}:{get_column_letter(last_col)}{max(last_row, 2)}"
    if t.autoFilter is not None:
        t.autoFilter.ref = t.ref
    # Excel repairs a table whose column list does not match its width and header
    # cells; a column added at the right gets its header cell's name.
    min_col, min_row, max_col, _ = range_boundaries(t.ref)
    width = max_col - min_col + 1
    columns = list(t.tableColumns)
    if len(columns) != width:
        next_id = max((c.id for c in columns), default=0) + 1
        columns = columns[:width]
        for c in range(min_col + len(columns), max_col + 1):
            value = ws.cell(row=min_row, column=c).value
            name = str(value) if value not in (None, "") else f"Cột {get_column_letter(c)}"
            set_cell(ws, min_row, c, name)  # the guarded setter: never a formula
            columns.append(TableColumn(id=next_id, name=name))
            next_id += 1
        t.tableColumns = columns
