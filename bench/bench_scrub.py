"""Scrubber speed: the Redactor built from the personal values of 20,000 and 100,000
generated dossiers (name, 12-digit ID, 10-digit phone, address), then a 1 MB report text
and 100,000 cell values scrubbed; the old scrubber (one regex alternation of every value,
main's tthc_xl/rules/privacy.py before issue 21) timed in the same run.

Run: python bench/bench_scrub.py [--sizes 20000 100000] [--repeat 3] [--old-ref main]
The machine is shared and noisy: each figure of the new scrubber is the best of --repeat
runs. The old one is far slower: it is built once, only up to --old-max dossiers, and
scrubs a slice of the text and of the cells (--old-text bytes, --old-cells values); its
figure for the whole 1 MB / 100,000 cells is that slice's time scaled up (marked "~"),
since an alternation is linear in the text for a fixed set of values.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
import types
import unicodedata
from pathlib import Path

from tthc_xl.rules.privacy import REDACTED, Redactor

ROOT = Path(__file__).resolve().parents[1]


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


SURNAMES = _words("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý")
MIDDLE = _words("Văn Thị Hữu Đức Minh Ngọc Thanh Quang Xuân Thu Kim Bảo Gia Hoài")
GIVEN = _words(
    "An Bình Chi Dũng Giang Hà Hải Hạnh Hoa Hùng Hương Khánh Lan Linh Long Mai Nam Nga "
    "Nhung Phúc Phương Quân Sơn Tâm Thảo Trang Trung Tuấn Vân Yến"
)
STREETS = _words(
    "Hàng Bạc|Lê Lợi|Trần Phú|Nguyễn Trãi|Quang Trung|Hai Bà Trưng|Lý Thường Kiệt", "|"
)
WARDS = _words("Phường Hàng Bạc|Xã Tân Lập|Phường Bến Nghé|Xã Đông Hòa|Thị trấn Phú Minh", "|")
PROSE = (
    "Trong quý, bộ phận một cửa tiếp nhận {n} hồ sơ, giải quyết đúng hạn {p}%; "
    "hồ sơ {d} thủ tục {c} tiếp nhận ngày {date} đã trả kết quả. "
)


def people(n: int, seed: int = 21) -> list[tuple[str, str, str, str]]:
    """n dossiers' personal values: name, 12-digit ID, 10-digit phone, address."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        middle = " ".join(rng.sample(MIDDLE, rng.choice((1, 2))))
        name = f"{rng.choice(SURNAMES)} {middle} {rng.choice(GIVEN)}"
        id_number = f"0{rng.randrange(10**10, 10**11)}"
        phone = f"0{rng.choice('35789')}{rng.randrange(10**7, 10**8)}"
        lane = f", ngõ {rng.randrange(1, 200)}" if rng.random() < 0.7 else ""
        address = f"Số {rng.randrange(1, 300)}{lane} {rng.choice(STREETS)}, {rng.choice(WARDS)}"
        out.append((name, id_number, phone, address))
    return out


def spell(value: str, rng: random.Random) -> str:
    """One of the ways a value gets written in free text."""
    if value[:1].isdigit():
        digits = value
        way = rng.randrange(5)
        if way == 0:
            return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
        if way == 1:
            return f"+84 {digits[1:4]} {digits[4:7]} {digits[7:]}"
        if way == 2:
            return ".".join(digits[i : i + 3] for i in range(0, len(digits), 3))
        if way == 3:
            return "".join(chr(ord(c) + 0xFEE0) for c in digits)  # full width
        return digits[:5] + "\u200b" + digits[5:]
    way = rng.randrange(4)
    if way == 0:
        return value.upper()
    if way == 1:
        return unicodedata.normalize("NFD", value).replace(" ", "\u00a0")
    if way == 2:
        text = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
        return "".join(c for c in text if not unicodedata.combining(c)).lower()
    return value.replace(" ", "  \n", 1)


def report_text(persons, size: int, seed: int = 7) -> tuple[str, int]:
    """About `size` bytes (UTF-8) of report prose with a person's value (in some spelling)
    every other sentence; returns the text and how many values it plants."""
    rng = random.Random(seed)
    parts: list[str] = []
    planted = total = 0
    while total < size:
        sentence = PROSE.format(
            n=rng.randrange(10, 999),
            p=f"{rng.randrange(50, 100)},{rng.randrange(10)}",
            d=f"000.{rng.randrange(100):02d}.{rng.randrange(10**5):05d}",
            c=f"1.00{rng.randrange(1000, 9999)}",
            date=f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/2026",
        )
        if rng.random() < 0.5:
            value = rng.choice(rng.choice(persons))
            sentence += f"Liên hệ: {spell(value, rng)}. "
            planted += 1
        parts.append(sentence)
        total += len(sentence.encode())
    return "".join(parts), planted


def cell_values(persons, count: int, seed: int = 8) -> list[object]:
    """Cells as the copy's sheets hold them: ids, codes, dates, counts, words, and now and
    then a personal value (a phone as the number Excel made of it, too)."""
    rng = random.Random(seed)
    cells: list[object] = []
    for i in range(count):
        kind = i % 10
        if kind == 0:
            cells.append(f"000.05.{i:05d}")
        elif kind == 1:
            cells.append("Xác nhận tình trạng hôn nhân")
        elif kind == 2:
            cells.append(f"{rng.randrange(1, 29):02d}/03/2026")
        elif kind == 3:
            cells.append(rng.randrange(0, 500))
        elif kind == 4:
            cells.append(rng.random() * 100)
        elif kind == 5:
            cells.append(rng.choice(rng.choice(persons)))
        elif kind == 6:
            cells.append(float(rng.choice(persons)[2]))  # the phone Excel made a number of
        else:
            cells.append("Đã giải quyết đúng hạn")
    return cells


def old_redactor_class(ref: str) -> type:
    """The Redactor of `ref` (git show), loaded as a module of its own."""
    source = subprocess.run(
        ["git", "show", f"{ref}:tthc_xl/rules/privacy.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = types.ModuleType("old_privacy")
    module.__dict__["__name__"] = "old_privacy"
    sys.modules["old_privacy"] = module
    exec(compile(source, f"{ref}:privacy.py", "exec"), module.__dict__)
    return module.Redactor


def timed(fn, repeat: int = 1):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def secrets_of(persons) -> list[object]:
    return [v for person in persons for v in person]


SHAPES = {  # texts made to keep the scrubber's walks long: still linear
    "report prose": None,
    "single digits '1 1 1 …'": "1 ",
    "'0918 0918 …'": "0918 ",
    "'Nguyễn Văn Nguyễn Văn …'": "Nguyễn Văn ",
    "zero-width spaces": "\u200b",
}


def linearity(redact: Redactor, persons, repeat: int) -> None:
    """Seconds to scrub 250 KB, 500 KB and 1 MB of each shape: time grows with the text."""
    print(f"\n{'text shape':<28} {'250 KB s':>9} {'500 KB s':>9} {'1 MB s':>9}")
    for label, unit in SHAPES.items():
        times = []
        for size in (250_000, 500_000, 1_000_000):
            if unit is None:
                text = report_text(persons, size)[0]
            else:
                text = unit * (size // len(unit.encode()))
            times.append(timed(lambda t=text: redact.scrub_text(t), repeat)[0])
        print(f"{label:<28} " + " ".join(f"{t:>9.3f}" for t in times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--text-bytes", type=int, default=1_000_000)
    parser.add_argument("--cells", type=int, default=100_000)
    parser.add_argument("--old-ref", default="main")
    parser.add_argument("--old-max", type=int, default=20_000)
    parser.add_argument("--old-text", type=int, default=5_000)
    parser.add_argument("--old-cells", type=int, default=200)
    parser.add_argument("--no-linearity", action="store_true")
    args = parser.parse_args()
    old_cls = old_redactor_class(args.old_ref)

    print(f"{'dossiers':>9} {'impl':<4} {'build s':>9} {'1 MB text s':>12} {'cells s':>9}  found")
    for size in args.sizes:
        persons = people(size)
        secrets = secrets_of(persons)
        text, planted = report_text(persons, args.text_bytes)
        cells = cell_values(persons, args.cells)
        mb = len(text.encode()) / 1e6

        build, new = timed(lambda secrets=secrets: Redactor(secrets), args.repeat)
        scrub, out = timed(lambda new=new, text=text: new.scrub_text(text), args.repeat)
        cell_time = float("inf")
        for _ in range(args.repeat):  # a fresh scrubber each time: it remembers cells seen
            fresh = Redactor(secrets)
            cell_time = min(cell_time, timed(lambda f=fresh, c=cells: [f(x) for x in c])[0])
        found = out.count(REDACTED)
        print(
            f"{size:>9} {'new':<4} {build:>9.3f} {scrub / mb:>12.3f} {cell_time:>9.3f}"
            f"  {found}/{planted} planted values redacted in {mb:.2f} MB"
        )
        if size > args.old_max:
            print(f"{size:>9} {'old':<4} {'(skipped: --old-max ' + str(args.old_max) + ')':>32}")
            continue
        old_build, old = timed(lambda secrets=secrets: old_cls(secrets))
        piece = text[: args.old_text]
        old_scrub, old_out = timed(lambda old=old, piece=piece: old(piece))
        old_cells, _ = timed(lambda old=old, c=cells[: args.old_cells]: [old(x) for x in c])
        text_scale = mb / (len(piece.encode()) / 1e6)
        cell_scale = len(cells) / args.old_cells
        new_found = new.scrub_text(piece).count(REDACTED)
        print(
            f"{size:>9} {'old':<4} {old_build:>9.3f} {'~':>2}{old_scrub * text_scale:>10.1f}"
            f" {'~':>1}{old_cells * cell_scale:>8.1f}  {old_out.count(REDACTED)} redacted in"
            f" its first {len(piece)} characters (new: {new_found})"
        )

    if not args.no_linearity:
        persons = people(args.sizes[0])
        linearity(Redactor(secrets_of(persons)), persons, args.repeat)


if __name__ == "__main__":
    main()
