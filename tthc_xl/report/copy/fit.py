"""The copy prints whole on A4: a sheet's page set-up carried over from the workbook, and
one the workbook left without (or a sheet copied from values alone) made to fit."""

from __future__ import annotations

from copy import copy

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tthc_xl.book.page import merge_cells

from .formats import HEADER_FONT, page_text

PORTRAIT_WIDTH = 95
MAX_WIDTH = 50  # characters of column width an A4 portrait page holds
_DEFAULT_WIDTH = 8.43


def ps_fit(ws: Worksheet) -> bool:
    props = ws.sheet_properties.pageSetUpPr
    return props is not None and bool(props.fitToPage)


def fit_for_print(ws: Worksheet, fitted: bool) -> None:
    """A sheet the workbook left without print set-up still prints whole: columns wide
    enough for their figures and labels, every column on one A4 page width."""
    last = ws.max_column
    grid = [list(r) + [None] * (last - len(r)) for r in ws.iter_rows(values_only=True)]
    for c in range(1, last + 1):
        letter = get_column_letter(c)
        if letter in ws.column_dimensions:  # indexing would make one (13 wide)
            continue
        # a text with an empty cell at its right (a title, a group header) spills over
        lengths = [
            len(str(row[c - 1]))
            for row in grid
            if row[c - 1] not in (None, "") and (c == last or row[c] not in (None, ""))
        ]
        ws.column_dimensions[letter].width = min(max(lengths, default=6) + 2, MAX_WIDTH)
    if fitted:
        return
    total = sum(
        ws.column_dimensions[get_column_letter(c)].width or _DEFAULT_WIDTH
        for c in range(1, ws.max_column + 1)
    )
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if total > PORTRAIT_WIDTH:
        ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _copy_dimensions(src: Worksheet, dst: Worksheet, new_col: dict[int, int]) -> None:
    for letter, dim in src.column_dimensions.items():
        try:
            first = column_index_from_string(letter)
        except ValueError:
            continue
        last = max(dim.max or first, first)
        for c in range(first, last + 1):
            if c in new_col and dim.width:
                dst.column_dimensions[get_column_letter(new_col[c])].width = dim.width
    for r, dim in src.row_dimensions.items():
        if dim.height:
            dst.row_dimensions[r].height = dim.height


def _copy_merges(src: Worksheet, dst: Worksheet, new_col: dict[int, int]) -> None:
    """A merged range whose columns all go, side by side as they were."""
    kept = []
    for merged in src.merged_cells.ranges:
        cols = range(merged.min_col, merged.max_col + 1)
        if all(c in new_col for c in cols) and all(
            new_col[c] == new_col[merged.min_col] + (c - merged.min_col) for c in cols
        ):
            kept.append(
                (merged.min_row, new_col[merged.min_col], merged.max_row, new_col[merged.max_col])
            )
    merge_cells(dst, kept)  # linear in the ranges: a report of 10,000 lines (issue 21)


def _copy_page(src: Worksheet, dst: Worksheet, footer: str) -> None:
    ps, dps = src.page_setup, dst.page_setup
    dps.orientation = ps.orientation
    dps.paperSize = ps.paperSize or dst.PAPERSIZE_A4
    dps.fitToWidth = ps.fitToWidth
    dps.fitToHeight = ps.fitToHeight
    dps.scale = ps.scale
    if src.sheet_properties.pageSetUpPr is not None:
        dst.sheet_properties.pageSetUpPr = copy(src.sheet_properties.pageSetUpPr)
    dst.page_margins = copy(src.page_margins)
    dst.print_options = copy(src.print_options)
    _own_header_footer(src, dst, footer)
    if src.print_title_rows:
        dst.print_title_rows = src.print_title_rows


def _own_header_footer(src: Worksheet, dst: Worksheet, footer: str) -> None:
    """Headers and footers the copy writes itself, where the workbook's sheet has them: a
    page number tthc-xl writes, and `footer` (the period) for a left footer. Nothing the
    workbook's header or footer says (a name, a phone, a path) is copied."""
    for part in ("oddHeader", "oddFooter"):
        for side in ("left", "center", "right"):
            source = getattr(getattr(src, part), side)
            text = getattr(source, "text", None)
            own = page_text(text)
            if own is None and text and part == "oddFooter" and side == "left" and footer:
                own = footer.replace("&", "&&")
            if own is not None:
                target = getattr(getattr(dst, part), side)
                target.text = own
                target.font = HEADER_FONT  # a font name is text too: the copy's own
                size = getattr(source, "size", None)
                target.size = size if isinstance(size, int | float) and 6 <= size <= 20 else 9
    dst.HeaderFooter.differentFirst = bool(src.HeaderFooter.differentFirst)


def copy_sheet_setup(
    src: Worksheet, dst: Worksheet, columns: tuple[int, ...], footer: str = ""
) -> None:
    """Widths, heights, merges, page set-up and print titles of `src` on the copy `dst`,
    whose columns are `columns` of the source; headers and footers the copy's own."""
    new_col = {c: i for i, c in enumerate(columns, start=1)}
    _copy_dimensions(src, dst, new_col)
    _copy_merges(src, dst, new_col)
    _copy_page(src, dst, footer)
    unmoved = columns == tuple(range(1, len(columns) + 1))  # the sheet's own columns
    if unmoved:
        # what prints (BaoCao leaves its chart data block out) and where pages break
        if src.print_area:
            dst.print_area = src.print_area.split("!", 1)[-1].replace("$", "")
        for brk in src.row_breaks.brk:
            dst.row_breaks.append(copy(brk))
    if src.freeze_panes and unmoved:
        dst.freeze_panes = src.freeze_panes
    dst.sheet_view.showGridLines = src.sheet_view.showGridLines
    fit_for_print(dst, fitted=bool(ps_fit(src)))
