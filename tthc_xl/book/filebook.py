"""The file back end of :class:`~tthc_xl.book.base.Book`: openpyxl, for the CLI.

- :class:`FileBook` writes a workbook file with openpyxl. It keeps
  ``vbaProject.bin`` byte-identical, puts back the ribbon relationship that openpyxl drops,
  refuses to overwrite a staff workbook holding parts openpyxl would lose (charts, images,
  pivot tables, ...) and writes a new file instead, and replaces the file atomically after
  a timestamped backup.
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

from . import lock
from .atomic import remove_stale_temps, replacing
from .base import Book
from .errors import LossyWorkbookError, WorkbookError, WorkbookLockedError
from .lock import office_owner
from .marker import Kind, mark
from .ooxml import inject_ribbon, ribbon_parts, vba_bytes

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
# What openpyxl reads and writes back, or what Excel rebuilds by itself (calcChain,
# printer settings, a thumbnail); the ribbon (customUI) is re-injected after each save.
# Any part outside this list would be lost by a write in place, whatever it is: the list
# of lossy parts is derived from what is kept, not only from what is known to be lost.
KEPT_PARTS = re.compile(
    r"\[Content_Types\]\.xml|_rels/\.rels|docProps/(?:app|core|custom)\.xml"
    r"|docProps/thumbnail\.\w+|xl/workbook\.xml|xl/_rels/workbook\.xml\.rels|xl/styles\.xml"
    r"|xl/theme/theme\d+\.xml|xl/sharedStrings\.xml|xl/calcChain\.xml"
    r"|xl/worksheets/sheet\d+\.xml|xl/worksheets/_rels/sheet\d+\.xml\.rels"
    r"|xl/tables/table\d+\.xml|xl/comments\d*\.xml|xl/comments/comment\d+\.xml"
    r"|xl/drawings/(?:commentsDrawing|vmlDrawing)\d+\.vml|xl/externalLinks/.+"
    r"|xl/printerSettings/.+|xl/vbaProject\.bin|customUI/.+"
)
_SHEET_EXTS = (
    (b"x14:sparklineGroups", "sparkline"),
    (b"x14:conditionalFormattings", "định dạng có điều kiện mở rộng"),
    (b"x14:dataValidations", "kiểm tra dữ liệu tham chiếu sheet khác"),
    (b"x14:slicerList", "slicer"),
)


# ------------------------------------------------------------------ files


def lossy_parts(path: Path) -> list[str]:
    """What a workbook holds that openpyxl would drop on a load/save, in Vietnamese."""
    found: list[str] = []
    from .charts import own_chart_parts

    with zipfile.ZipFile(path) as z:
        own = own_chart_parts(z)  # ours are re-created on every save (book/charts.py)
        names = [n for n in z.namelist() if n not in own]
        for pattern, label in LOSSY_PARTS:
            if any(re.search(pattern, n) for n in names) and label not in found:
                found.append(label)
        known = [p for p, _ in LOSSY_PARTS]
        for name in names:
            if name.endswith("/") or KEPT_PARTS.fullmatch(name):
                continue
            if any(re.search(p, name) for p in known):
                continue
            label = f"phần '{name.rsplit('/', 1)[0] if '/' in name else name}'"
            if label not in found:
                found.append(label)
        for name in names:
            if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
                data = z.read(name)
                for marker, label in _SHEET_EXTS:
                    if marker in data and label not in found:
                        found.append(label)
    return found


def check_not_locked(path: Path) -> None:
    """Refuse early when Excel or LibreOffice has the file open (their owner file '~$name'
    or '.~lock.name#' sits beside the real file) or it cannot be written."""
    path = path.resolve()  # a link: the office program's owner file is beside the real file
    owner = office_owner(path)
    if owner is not None:
        program = "LibreOffice" if owner.name.startswith(".~lock.") else "Excel"
        raise WorkbookLockedError(
            f"Sổ '{path.name}' đang mở trong {program} (có tệp khóa '{owner.name}'). "
            "Hãy đóng sổ rồi chạy lại; chưa có gì được ghi."
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
    """A workbook file, edited in memory with openpyxl and saved safely.

    openpyxl loads the workbook only on the first write: a job that finds nothing to change
    (a dry run, an import of a file already imported) reads through calamine alone and never
    pays for loading a large register. `readonly` skips the lock check and refuses to save.
    `backups`: how many backups to keep; None (the default) means what the workbook's own
    CauHinh says ("Số bản sao lưu giữ lại"), read when the file is saved.
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
            raise WorkbookError(f"Không tìm thấy tệp '{self.path}'.")
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
            self.lossy = lossy_parts(self.path)
            self._ribbon = ribbon_parts(self.path)
            self._vba = vba_bytes(self.path)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise self._unreadable(exc) from exc
        self._wb = None
        self._read_cache: dict[str, list[list[object]]] | None = None
        self._written: set[str] = set()

    def _unreadable(self, exc: Exception) -> WorkbookError:
        return WorkbookError(
            f"Không đọc được sổ '{self.path.name}': tệp hỏng hoặc không phải sổ Excel "
            f"({type(exc).__name__}: {exc})."
        )

    @property
    def wb(self):
        """The openpyxl workbook, loaded on first use (keeping the VBA of an .xlsm)."""
        if self._wb is None:
            import openpyxl

            try:
                self._wb = openpyxl.load_workbook(
                    self.path, keep_vba=self.path.suffix.lower() in MACRO_SUFFIXES
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
        """Whether openpyxl has the workbook in memory (anything may have been written)."""
        return self._wb is not None

    # -- reading: python-calamine for untouched sheets (fast), openpyxl for edited ones

    def sheet_names(self) -> list[str]:
        if self._wb is None:
            return list(self._sheets())
        return list(self.wb.sheetnames)

    def _sheets(self) -> dict[str, list[list[object]]]:
        if self._read_cache is None:
            from .reader import read_sheets

            self._read_cache = read_sheets(self.path)
        return self._read_cache

    def read(self, sheet: str) -> list[list[object]]:
        if sheet in self._written:
            return [list(r) for r in self.wb[sheet].iter_rows(values_only=True)]
        return self._sheets().get(sheet, [])

    # -- writing

    def ensure_sheet(self, sheet: str) -> None:
        if sheet not in self.wb.sheetnames:
            self.wb.create_sheet(sheet)
            self._written.add(sheet)
            self._wrote(sheet)

    def write(self, sheet, top, rows, *, left=1, formats=None, clear_below=False) -> None:
        from .page import Block, write_block

        self.ensure_sheet(sheet)
        self._written.add(sheet)
        self._wrote(sheet)
        write_block(self.wb[sheet], Block(top, rows, left, formats, clear_below))

    def lay_out(self, sheet: str, page: Page) -> None:
        """The whole page drawn with openpyxl: on a blank sheet at the sheet's place when
        it is fresh (a missing sheet goes after the last), else over the sheet as it is.

        The page needs nothing of the rest of the workbook (`Page.draw` on a blank sheet);
        only the workbook's default font, in the styles part, is named here."""
        from .forms import name_default_font

        wb = self.wb
        name_default_font(wb)
        if page.fresh and sheet in wb.sheetnames:
            index = wb.sheetnames.index(sheet)
            wb.remove(wb[sheet])
            ws = wb.create_sheet(sheet, index)
        else:
            ws = wb[sheet] if sheet in wb.sheetnames else wb.create_sheet(sheet)
        page.draw(ws)
        self._written.add(sheet)
        if page.fresh or page.blocks:  # a look alone over the sheet changes no value
            self._wrote(sheet)

    def sync_charts(
        self, sheet: str, filled: dict[str, int], anchors: dict[str, str] | None = None
    ) -> None:
        """Nothing now: every save re-creates our charts from the data block (book/charts.py)."""
        return None

    def resize_table(self, sheet: str, table: str, last_row: int, last_col: int) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.utils.cell import range_boundaries
        from openpyxl.worksheet.table import TableColumn

        from .layout import set_cell

        ws = self.wb[sheet]
        if table in ws.tables:
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

    def save(self) -> Path:
        """Write atomically; keep a backup; never overwrite parts we would lose."""
        if self.readonly:
            raise WorkbookError("Lỗi nội bộ: sổ được mở chỉ để đọc; không ghi.")
        target = Path(self.out) if self.out else self.path
        in_place = target.resolve() == self.path.resolve()
        if self.lossy and in_place:
            target = self.path.with_name(
                f"{self.path.stem} (tthc-xl {dt.datetime.now():%Y%m%d-%H%M%S}){self.path.suffix}"
            )
        from .charts import restore_charts

        def check_and_back_up(tmp: Path) -> None:
            if self._vba is not None and vba_bytes(tmp) != self._vba:
                raise WorkbookError(
                    "Lỗi nội bộ: phần macro (vbaProject.bin) bị thay đổi; không ghi."
                )
            if in_place and not self.lossy:
                self._backup()

        try:
            with replacing(target, before_replace=check_and_back_up) as tmp:
                restore_charts(self.wb)  # our BaoCao charts, afresh (book/charts.py)
                mark(self.wb, Kind.REGISTER)  # a register of 0.1.0 gets the marker now
                self.wb.save(tmp)
                for part, xml in self._ribbon.items():
                    inject_ribbon(tmp, part, xml)
        finally:
            _release(self._lock)  # the replace is done (or failed): the next may write
        if self.lossy and in_place:
            raise LossyWorkbookError(
                f"Sổ '{self.path.name}' có {', '.join(self.lossy)} mà tthc-xl không giữ được "
                f"khi ghi, nên không ghi đè sổ gốc. Kết quả đã ghi ra tệp mới: '{target.name}'.",
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
