import shutil
from pathlib import Path

import pytest

BUILT = Path(__file__).resolve().parents[2] / "workbook" / "TTHC_Q.xlsm"


@pytest.fixture
def built(tmp_path):
    """A copy of the committed macro workbook (empty HoSo, the ribbon, the VBA)."""
    path = tmp_path / "TTHC_Q.xlsm"
    shutil.copy(BUILT, path)
    return path
