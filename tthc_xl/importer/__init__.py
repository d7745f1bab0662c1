"""Import: the systems' exports into one register, losing nothing.

Modules, in the order a file goes through them:

- `readers`: a file to rows of cells (calamine for spreadsheets; UTF-8/UTF-16/cp1258 text
  with the delimiter detected; HTML tables saved as .xls); size, zip-bomb and password checks;
- `table`: the register table inside a sheet (title rows, a merged two-row header, footers);
- `mapping`: the column profile (the shared alias table plus the AnhXaCot sheet);
- `batch`: values normalised with the shared parsers, validation, duplicates in one file;
- `merge`: upsert by Mã hồ sơ into HoSo in memory, with the audit lines;
- `run`: the whole import against a `Book` (file or open workbook), writing only changes;
- `target`: `tthc-xl import` into a workbook file, which it creates when there is none;
- `summary`: the Vietnamese summary the CLI prints and the message box shows.
"""

from tthc_xl.importer.readers import ImportFileError
from tthc_xl.importer.run import ImportAborted, ImportResult, run_import

__all__ = ["ImportAborted", "ImportFileError", "ImportResult", "run_import"]
