"""Inputs and outputs never meet: the one path rule every command checks first.

A command names what it reads (its inputs, its register) and what it writes (its outputs).
Before anything is read or written, every path is resolved (symbolic links followed) and
the command is refused when an output is one of its inputs, another of its outputs, or a
register that is not the command's own; when the register it works on is not a register
(an export, an email copy: the arguments may be swapped) or does not exist. A refusal
changes no file.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import WorkbookError
from .marker import Kind, kind_of

NOTHING_DONE = "Chưa đọc hay ghi gì."
REGISTER_SUFFIXES = (".xlsm", ".xlsx")


class PathClashError(WorkbookError):
    """The paths of a command collide, or its register is not one: nothing was done."""


Named = tuple[str, Path]  # what the user calls the path (an option, "tệp nhập"), the path


@dataclass(frozen=True)
class Plan:
    """The files of one command run."""

    inputs: Sequence[Named] = ()  # files read (exports, a folder's workbooks)
    outputs: Sequence[Named] = ()  # files written that are not a register
    register: Path | None = None  # the register the command reads, and may write in place
    register_out: Path | None = None  # where the register is written instead (--out)
    create: bool = False  # the register may be missing: the command makes it


def real(path: Path) -> Path:
    """`path` made absolute with every symbolic link followed (a missing end is fine)."""
    try:
        return Path(path).expanduser().resolve()
    except (RuntimeError, OSError) as exc:  # a link loop
        raise PathClashError(
            f"'{path}' là liên kết (symlink) vòng hoặc không đọc được; hãy chọn tệp thật. "
            f"{NOTHING_DONE}"
        ) from exc


def same(a: Path, b: Path) -> bool:
    """One file: one real path, or two names of one file (a hard link)."""
    if a == b:
        return True
    try:
        return os.path.samestat(a.stat(), b.stat())
    except OSError:
        return False


def _shown(path: Path, resolved: Path) -> str:
    """The path as the user gave it, and the real file when a link leads elsewhere."""
    if Path(path).absolute() != resolved:
        return f"'{path}' (liên kết tới '{resolved}')"
    return f"'{path}'"


def _register_kind(path: Path, resolved: Path, plan: Plan) -> None:
    """The register exists and is one; else what it is and what to do."""
    if not resolved.exists():
        if plan.create:
            return
        raise PathClashError(_missing_register(path, resolved))
    if resolved.is_dir():
        raise PathClashError(f"'{path}' là thư mục, không phải sổ theo dõi hồ sơ. {NOTHING_DONE}")
    if resolved.suffix.lower() in REGISTER_SUFFIXES and not zipfile.is_zipfile(resolved):
        raise PathClashError(
            f"Không đọc được sổ {_shown(path, resolved)}: tệp hỏng hoặc không phải tệp Excel "
            f"(.xlsx/.xlsm). Hãy mở thử bằng Excel, hoặc dùng bản sao lưu của sổ. {NOTHING_DONE}"
        )
    kind = kind_of(resolved)
    if kind is Kind.REGISTER:
        return
    registers = [
        p for _, p in plan.inputs if real(p).is_file() and kind_of(real(p)) is Kind.REGISTER
    ]
    if registers:
        others = " ".join(str(p) for _, p in plan.inputs if p != registers[0])
        raise PathClashError(
            f"'{path}' là {kind.label}, còn '{registers[0]}' mới là sổ: có vẻ hai tham số bị "
            f"đổi chỗ. Sổ đứng trước, các tệp nhập đứng sau, ví dụ: tthc-xl import "
            f"{registers[0]} {others or path}. {NOTHING_DONE}"
        )
    if kind is Kind.OTHER:  # an export, most likely: it goes into a register
        raise PathClashError(
            f"'{path}' không phải sổ theo dõi hồ sơ (sổ do tthc-xl tạo, có sheet HoSo): có vẻ "
            f"là tệp xuất từ hệ thống, nên không ghi vào nó. Hãy nhập tệp này vào sổ: "
            f"tthc-xl import TTHC_Q.xlsm {path.name}; chưa có sổ thì tạo: "
            f"tthc-xl new TTHC_Q.xlsm. {NOTHING_DONE}"
        )
    raise PathClashError(
        f"'{path}' là {kind.label}, không phải sổ theo dõi hồ sơ (sổ do tthc-xl tạo, có sheet "
        f"HoSo), nên không ghi vào nó. Tạo sổ mới: tthc-xl new TTHC_Q.xlsm. {NOTHING_DONE}"
    )


def _missing_register(path: Path, resolved: Path) -> str:
    message = f"Không tìm thấy sổ '{path}'."
    siblings = [
        resolved.with_suffix(s)
        for s in REGISTER_SUFFIXES
        if s != resolved.suffix.lower() and resolved.with_suffix(s).is_file()
    ]
    if siblings:
        message += f" Cạnh đó có sổ '{siblings[0].name}': có phải ý bạn là sổ đó?"
    new = path.with_suffix(".xlsm")
    return (
        f"{message} Tạo sổ mới bằng lệnh: tthc-xl new {new} (hoặc thêm tùy chọn --create "
        f"để lệnh import tạo sổ dữ liệu .xlsx). {NOTHING_DONE}"
    )


def check(plan: Plan) -> None:
    """Refuse the run (PathClashError) when its files collide; see the module docstring."""
    inputs = [(name, p, real(p)) for name, p in plan.inputs]
    register = real(plan.register) if plan.register is not None else None
    if plan.register is not None and register is not None:
        for name, p, r in inputs:
            if same(r, register):
                raise PathClashError(
                    f"{name} {_shown(p, r)} chính là sổ '{plan.register}'; không nhập/đọc sổ "
                    f"vào chính nó. {NOTHING_DONE}"
                )
        _register_kind(plan.register, register, plan)
    written: list[tuple[str, Path, Path]] = []
    if plan.register_out is not None:
        out = real(plan.register_out)
        if register is None or not same(out, register):
            _output_clear("--out", plan.register_out, out, inputs, register, plan.register)
            if out.exists():
                raise PathClashError(
                    f"Đã có tệp {_shown(plan.register_out, out)}; --out chỉ ghi ra tệp mới để "
                    f"không ghi đè sổ hay tệp khác. Hãy chọn tên khác. {NOTHING_DONE}"
                )
            written.append(("--out", plan.register_out, out))
    for name, p in plan.outputs:
        r = real(p)
        _output_clear(name, p, r, inputs, register, plan.register)
        for other_name, other, other_real in written:
            if same(r, other_real):
                raise PathClashError(
                    f"{other_name} {_shown(other, other_real)} và {name} {_shown(p, r)} cùng "
                    f"ghi vào một tệp; tệp ghi sau sẽ đè tệp ghi trước. Hãy chọn hai tên khác "
                    f"nhau. {NOTHING_DONE}"
                )
        if r.is_file() and kind_of(r) is Kind.REGISTER:
            raise PathClashError(
                f"{name} {_shown(p, r)} là một sổ theo dõi hồ sơ; không ghi đè lên sổ. Hãy chọn "
                f"tên khác. {NOTHING_DONE}"
            )
        written.append((name, p, r))


def _output_clear(
    name: str,
    p: Path,
    r: Path,
    inputs: list[tuple[str, Path, Path]],
    register: Path | None,
    register_given: Path | None,
) -> None:
    if r.is_dir():
        raise PathClashError(f"{name} {_shown(p, r)} là thư mục, không phải tệp. {NOTHING_DONE}")
    if not r.parent.is_dir():  # found now, not after the first output is written
        raise PathClashError(
            f"Không có thư mục '{r.parent}' để ghi {name} '{p.name}'. Hãy tạo thư mục hoặc chọn "
            f"nơi khác. {NOTHING_DONE}"
        )
    if register is not None and same(r, register):
        raise PathClashError(
            f"{name} {_shown(p, r)} chính là sổ '{register_given}'; ghi vào đó sẽ mất sổ. Hãy "
            f"chọn tên khác. {NOTHING_DONE}"
        )
    for input_name, q, qr in inputs:
        if same(r, qr):
            raise PathClashError(
                f"{name} {_shown(p, r)} chính là {input_name} '{q}' mà lệnh đọc vào; ghi vào "
                f"đó sẽ mất tệp. Hãy chọn tên khác. {NOTHING_DONE}"
            )
