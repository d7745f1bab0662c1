"""Header meaning: which register column a header names, when no alias spells it exactly.

Every system, and every version of one, spells its headers a little differently ("Ngày giờ
tiếp nhận", "Thời điểm nhận HS", "NGAY_NHAN_HS"), so an alias list always misses the next
spelling. Here a header is read as words: abbreviations spelled out (HS, KQ, TTHC, …), words
run together split again ("NgayGioTiepNhan"), then each register column is described by the
words that carry its meaning; filler words ("của", "theo quy định", "hồ sơ" in a date
header) change nothing.

The answer is a set of register keys: empty (the header says nothing we know), one (the
column), or several (the header could name more than one column: the caller must not
guess). A `Giờ …` header without a date word names the time part of its date column
(`time_key`). See docs/rules.md (headers).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from tthc_xl.rules.text import fold_words

TIME_SUFFIX = ":time"  # "received_at:time": the clock of a date column given apart
ONLINE_FLAG = "online_flag"  # a yes/no "submitted online" column; register.py reads it


def time_key(key: str) -> str:
    return key + TIME_SUFFIX


def date_of_time_key(key: str) -> str | None:
    """The date column a time key belongs to ("received_at:time" -> "received_at")."""
    return key[: -len(TIME_SUFFIX)] if key.endswith(TIME_SUFFIX) else None


# Abbreviations in exports, folded: each stands for the words after it.
ABBREVIATIONS: dict[str, str] = {
    "hs": "ho so",
    "kq": "ket qua",
    "gq": "giai quyet",
    "tn": "tiep nhan",
    "tthc": "thu tuc hanh chinh",
    "tt hc": "thu tuc hanh chinh",
    "dvc": "dich vu cong",
    "dvcqg": "dich vu cong quoc gia",
    "dvctt": "dich vu cong truc tuyen",
    "bcci": "buu chinh cong ich",
    "cccd": "can cuoc cong dan",
    "cmnd": "chung minh nhan dan",
    "cmt": "chung minh thu",
    "sdt": "so dien thoai",
    "dt": "dien thoai",
    "dtdd": "dien thoai di dong",
    "yc": "yeu cau",
    "ycbs": "yeu cau bo sung",
    "bs": "bo sung",
    "xl": "xu ly",
    "tg": "thoi gian",
    "hc": "hanh chinh",
    "tc": "to chuc",
    "cn": "ca nhan",
    "nd": "nguoi dan",
    "cd": "cong dan",
    "mc": "mot cua",
    "ubnd": "uy ban nhan dan",
    "sl": "so luong",
    "ht": "hoan thanh",
}

# Concepts: the decisive ideas of a header, each said by any of these phrases (folded words).
_CONCEPTS: dict[str, tuple[str, ...]] = {
    "DATE": ("ngay", "thoi gian", "thoi diem", "ngay thang", "date", "luc", "han ngay"),
    "TIME": ("gio", "gio phut", "time", "thoi khac"),
    "INTAKE": ("tiep nhan", "thu ly ho so"),
    "RECEIVE": ("nhan",),
    "SUBMIT": ("nop", "gui", "dang ky", "de nghi"),
    "DUE": ("hen", "han", "thoi han", "den han", "het han", "du kien", "hen tra", "phai tra"),
    "RETURN": ("tra", "ban giao", "giao"),
    "RESULT": ("ket qua",),
    "FINISH": ("hoan thanh", "ket thuc", "xong", "hoan tat", "co ket qua"),
    "PROCESS": ("xu ly", "giai quyet", "thu ly", "thuc hien"),
    "SUPPLEMENT": ("bo sung", "bo sung hoan thien"),
    "REQUEST": ("yeu cau", "de nghi bo sung", "thong bao"),
    "TIMES": ("so lan", "lan", "so luot", "luot"),
    "CODE": ("ma", "ma so", "so", "so hieu", "id", "ky hieu", "code", "ma hieu"),
    "DOSSIER": ("ho so",),
    "RECEIPT": ("bien nhan", "phieu", "giay bien nhan", "phieu hen", "phieu tiep nhan"),
    "PROC": ("thu tuc", "thu tuc hanh chinh", "loai viec", "loai ho so", "tthc"),
    "SERVICE": ("dich vu cong", "dich vu"),
    "NAME": ("ten",),
    "FIELD": ("linh vuc", "nganh"),
    "CHANNEL": ("kenh",),
    # "Hình thức" alone is how the result is delivered in the portal's data (HinhThuc): a
    # manner names the channel only beside submitting or intake ("Hình thức nộp")
    "MANNER": ("hinh thuc", "phuong thuc", "cach thuc", "phuong an"),
    "ONLINE": ("truc tuyen", "online", "qua mang", "dien tu"),
    "POSTAL": ("buu chinh", "buu chinh cong ich", "buu dien"),
    "STATUS": ("trang thai", "tinh trang"),
    "PERSON": (
        "nguoi",
        "chu",
        "chu ho so",
        "ho ten",
        "ho va ten",
        "cong dan",
        "to chuc",
        "ca nhan",
        "doanh nghiep",
        "nguoi dan",
        "nguoi dung ten",
        "khach hang",
    ),
    "IDDOC": (
        "can cuoc cong dan",
        "can cuoc",
        "chung minh nhan dan",
        "chung minh thu",
        "giay to",
        "giay to tuy than",
        "dinh danh",
        "ho chieu",
    ),
    "PHONE": ("dien thoai", "so dien thoai", "di dong", "dien thoai di dong"),
    "ADDRESS": ("dia chi", "noi cu tru", "noi o", "thuong tru"),
    "UNIT": ("don vi", "co quan", "bo phan", "phong ban", "phong", "uy ban nhan dan"),
    "STAFF": ("can bo", "chuyen vien", "cong chuc", "nhan vien", "lanh dao", "nguoi ky"),
    "HOME": ("tai nha", "tai dia chi"),
    "PAY": ("thanh toan", "phi", "le phi", "thu phi"),
    "SYNC": ("dong bo",),
    "NOTE": ("ghi chu",),
    "SOURCE": ("nguon",),
    # words that make a header about something else: a count of late days, a reason, a flag
    "OTHER": (
        "tre han",
        "qua han",
        "som han",
        "dung han",
        "tre",
        "so ngay",
        "ly do",
        "nguyen nhan",
        "noi dung",
        "danh gia",
        "muc do",
        "email",
        "thu dien tu",
        "tong",
        "ty le",
        "stt",
        "so thu tu",
        "thu tu",
        "gia han",
        "tam dung",
        "rut",
        "huy",
        "quyet dinh",
        "van ban",
        "gia tri",
        "kiem tra",
    ),
}

# Words that say nothing about which column it is.
_FILLER_TEXT = """
    cua cho theo tai tren trong vao duoc da la va hoac cac nhung mot bang ve
    he thong phan mem quy dinh thuc te chinh thuc ban dau dau tien cuoi cung moi
    hanh chinh cong quoc gia tinh huyen xa phuong thi tran mot cua lien thong
    du lieu thong tin chi tiet cu the day du mm yyyy hh ss yy lien he don
"""
FILLER = frozenset(_FILLER_TEXT.split())

_PHRASES: list[tuple[tuple[str, ...], str]] = sorted(
    ((tuple(p.split()), c) for c, ps in _CONCEPTS.items() for p in ps),
    key=lambda item: -len(item[0]),
)
# The phrases by their first word, in _PHRASES' order (longest first): only those can
# start at a word, so `concepts` tries a handful instead of every phrase.
_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _concept in _PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _concept))
_VOCABULARY = (
    frozenset(
        w
        for words, _ in _PHRASES
        for w in words
        if len(w) > 1 or w in ("so",)  # single letters would split anything
    )
    | frozenset(w for w in FILLER if len(w) > 1)
    | frozenset(ABBREVIATIONS)
)
_TT_AS_PROC = frozenset({"ma", "ten", "loai"})  # "Mã TT", "Tên TT": thủ tục
_KT_AS_END = frozenset({"xl", "xu", "gq", "giai"})
_TT_AS_ONLINE = frozenset({"nop", "kenh", "thanh", "toan", "dich", "vu", "cong", "qua"})


def _split_run(token: str) -> list[str]:
    """A token of words run together ("ngaygiotiepnhan") as known words, when it splits
    into them entirely; the token itself otherwise."""
    if token in _VOCABULARY or not token.isalpha() or len(token) < 5:
        return [token]
    n = len(token)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - 8), end):
            prev = best[start]
            word = token[start:end]
            if prev is not None and word in _VOCABULARY:
                cand = [*prev, word]
                if best[end] is None or len(cand) < len(best[end] or []):
                    best[end] = cand
    return best[n] or [token]


def _uncamel(text: str) -> str:
    """ "NgayTiepNhan" -> "Ngay Tiep Nhan" (a capital after a small letter starts a word)."""
    out = []
    for i, ch in enumerate(text):
        if i and ch.isupper() and text[i - 1].islower():
            out.append(" ")
        out.append(ch)
    return "".join(out)


def header_words(header: str) -> list[str]:
    """The header's words, folded, with runs split and abbreviations spelled out."""
    text = _uncamel(header)
    raw = [w for token in fold_words(text).split() for w in _split_run(token)]
    # glued digits and letters ("ngay1") are separate words
    raw = [w for token in raw for w in re.findall(r"[a-z]+|\d+", token)]
    words: list[str] = []
    for i, w in enumerate(raw):
        if w == "tt":
            before = raw[i - 1] if i else ""
            after = raw[i + 1] if i + 1 < len(raw) else ""
            if after == "hc" or before in _TT_AS_PROC:
                words += ["thu", "tuc"]
            elif before in _TT_AS_ONLINE:
                words += ["truc", "tuyen"]
            else:
                words += ["trang", "thai"]
        elif w == "hc" and i and raw[i - 1] == "tt":
            continue  # spelled with the "tt" before it
        elif w == "kt" and i + 1 < len(raw) and raw[i + 1] in _KT_AS_END:
            words += ["ket", "thuc"]  # "Ngày KT XL": kết thúc xử lý
        elif w in ABBREVIATIONS:
            words += ABBREVIATIONS[w].split()
        else:
            words.append(w)
    return words


def concepts(header: str) -> tuple[frozenset[str], int]:
    """The concepts a header says, and how many of its words are neither concept nor filler."""
    words = header_words(header)
    found: set[str] = set()
    unknown = 0
    i = 0
    while i < len(words):
        for phrase, concept in _PHRASES_BY_FIRST.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                found.add(concept)
                i += len(phrase)
                break
        else:
            if words[i] not in FILLER and not words[i].isdigit():
                unknown += 1
            i += 1
    return frozenset(found), unknown


def _date_events(c: frozenset[str]) -> set[str]:
    """Which date columns a header with date words speaks of."""
    if "SUPPLEMENT" in c:
        if "DUE" in c:
            return set()  # "Hạn nộp bổ sung": a deadline of the applicant's
        if "REQUEST" in c:
            return {"supplement_requested_at"}
        if c & {"INTAKE", "RECEIVE", "SUBMIT"} or not c & {"DUE", "RETURN", "FINISH"}:
            return {"supplement_received_at"}
        return set()
    if "DUE" in c:  # "Hạn trả kết quả", "Ngày hẹn trả": the due date, whatever follows
        return {"due_at"} | ({"received_at"} if "INTAKE" in c else set())
    events: set[str] = set()
    if "RETURN" in c or (c & {"RECEIVE"} and "RESULT" in c):
        events.add("returned_at")  # "Ngày trả KQ", "Ngày công dân nhận kết quả"
    if "FINISH" in c or ("RESULT" in c and not events):
        events.add("finished_at")  # "Ngày có kết quả", "Ngày kết thúc xử lý"
    if "INTAKE" in c or (c & {"RECEIVE", "SUBMIT"} and "RESULT" not in c):
        events.add("received_at")  # "Thời điểm nhận hồ sơ", "Ngày nộp"
    return events


Concepts = frozenset[str]


def _keys_of(c: Concepts) -> set[str]:
    """The register keys a header's ideas name: a date header by its events, any other by
    the first idea of `_BY_IDEA` it holds, else by what it names (dossier, procedure, ...)."""
    if not c or "OTHER" in c:
        return set()
    if c & {"DATE", "TIME", "DUE"}:
        return _dated_keys(c)
    for idea, rule in _BY_IDEA:
        if idea in c and (keys := rule(c)) is not None:
            return keys
    return _named_keys(c)


def _dated_keys(c: Concepts) -> set[str]:
    """A header with a date, time or due word: the date columns of its events."""
    dated = c & {"DATE", "TIME"}
    if c & {"STAFF", "UNIT", "CHANNEL", "MANNER", "STATUS", "PAY", "SYNC"}:
        return set()
    if "SUPPLEMENT" in c and "TIMES" in c and "DATE" not in c:
        return {"supplement_count"}  # "Số lần YC bổ sung"; "Ngày YC bổ sung lần 1" is a date
    events = _date_events(c)
    if not dated and events != {"due_at"}:
        return set()  # "Tiếp nhận" alone is no date; "Hạn xử lý" is
    if "TIME" in c and "DATE" not in c:  # "Giờ tiếp nhận": the clock of that date
        return {time_key(e) for e in events}
    return events


_MANNER_OF_INTAKE = frozenset({"SUBMIT", "INTAKE", "RECEIVE", "PROCESS", "ONLINE", "POSTAL"})
_ONLINE_FLAG_WORDS = frozenset({"ONLINE", "SUBMIT", "DOSSIER", "INTAKE", "RECEIVE", "SERVICE"})
# The first of these ideas a (date-less) header holds decides it; None lets the next decide.
_BY_IDEA: tuple[tuple[str, Callable[[Concepts], set[str] | None]], ...] = (
    ("SUPPLEMENT", lambda c: {"supplement_count"} if "TIMES" in c else set()),
    ("PAY", lambda c: {"paid_online"} if "ONLINE" in c else set()),
    ("SYNC", lambda c: {"synced"}),
    ("HOME", lambda c: {"at_home"}),
    ("STATUS", lambda c: {"status"}),
    ("CHANNEL", lambda c: set() if c & {"RETURN", "RESULT"} else {"channel"}),
    (
        "MANNER",
        lambda c: {"channel"} if c & _MANNER_OF_INTAKE and not c & {"RETURN", "RESULT"} else set(),
    ),
    # "Nộp trực tuyến", "Hồ sơ trực tuyến": a Có/Không column
    ("ONLINE", lambda c: {ONLINE_FLAG} if c <= _ONLINE_FLAG_WORDS else None),
    ("STAFF", lambda c: set()),  # "Cán bộ tiếp nhận" is a person of the centre
    ("IDDOC", lambda c: {"id_number"}),
    ("PHONE", lambda c: {"phone"}),
    ("ADDRESS", lambda c: {"address"}),
)


def _named_keys(c: Concepts) -> set[str]:
    """What the header names: the dossier, the procedure, the field, the applicant, the
    department; a note ("Ghi chú hệ thống") is none and is kept under its own name."""
    if c & {"DOSSIER", "RECEIPT"} and "CODE" in c and "TIMES" not in c:
        return {"dossier_id", "procedure_code"} if "PROC" in c else {"dossier_id"}
    if "PROC" in c or ("SERVICE" in c and "DOSSIER" not in c and c & {"NAME", "CODE"}):
        return _procedure_keys(c)
    if "FIELD" in c:
        return {"field"}
    if "PERSON" in c:
        return set() if c & {"INTAKE", "PROCESS"} else {"applicant"}
    if "UNIT" in c:
        return {"department"} if c <= {"UNIT", "PROCESS", "INTAKE", "DOSSIER"} else set()
    return set()


def _procedure_keys(c: Concepts) -> set[str]:
    if "FIELD" in c:
        return {"field"}
    if "CODE" in c:
        return {"procedure_code"}
    if "PERSON" in c or "UNIT" in c:
        return set()
    return {"procedure_name"}


# Ideas a note can add that change which date a header means; a note listing values
# ("(Trực tiếp/Trực tuyến/BCCI)", "(Có/Không)") or a format ("(dd/mm/yyyy)") changes nothing.
_NOTE_WORDS = frozenset(
    {"DUE", "RETURN", "RESULT", "FINISH", "INTAKE", "RECEIVE", "SUPPLEMENT", "REQUEST"}
)
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@lru_cache(maxsize=8192)
def meaning_keys(header: str) -> frozenset[str]:
    """As `_meaning_keys`, with a bracketed note ("(dd/mm/yyyy)") read only when the
    header says nothing without it."""
    bare = _BRACKETED.sub(" ", header)
    if _one_persons_step(header) and concepts(header)[0] & {"DATE", "TIME", "DUE"}:
        return frozenset()
    if bare == header or note_matters(header):
        return _meaning_keys(header)
    return _meaning_keys(bare) or _meaning_keys(header)


def note_matters(header: str) -> bool:
    """Does a bracketed note change what a header says? "(dự kiến)" does: "Ngày trả kết
    quả (dự kiến)" is the due date; "(dd/mm/yyyy)", "(Có/Không)", "(*)" do not."""
    notes = " ".join(_BRACKETED.findall(header))
    return bool(notes and concepts(notes)[0] & _NOTE_WORDS)


def _meaning_keys(header: str) -> frozenset[str]:
    """The register keys (or time keys, or the online flag) a header could name by meaning.

    Empty when it names none we know, or says too much we do not know (two words outside
    the vocabulary, or one beside a single idea): better unknown than wrong.
    """
    c, unknown = concepts(header)
    if unknown > 1 or (unknown == 1 and len(c - {"DATE", "TIME"}) < 2):
        return frozenset()
    return frozenset(_keys_of(c))


_DATE_THEN_PERSON = re.compile(r"\b(ngay|thoi gian|thoi diem|gio|han|hen)\b.*\bca nhan\b")


def _one_persons_step(header: str) -> bool:
    """'NgayHenTraCaNhan', 'Ngày tiếp nhận (cá nhân)': *cá nhân* after a date phrase makes
    it one official's step in the portal's data, not the dossier's moment."""
    return bool(_DATE_THEN_PERSON.search(" ".join(header_words(header))))


_EVENT_WORDS = frozenset({"DUE", "RETURN", "RESULT", "FINISH", "PROCESS", "INTAKE", "RECEIVE"})


def speaks_of_events(header: str) -> bool:
    """Does a header mention handling a dossier (hẹn, trả, kết quả, xử lý, tiếp nhận…)?
    "Ngày ký" or "Ngày (Quyết định)" do not: a date of something else."""
    return bool(concepts(header)[0] & _EVENT_WORDS)


def is_bare_time(header: str) -> bool:
    """A header that says only "time of day" ("Giờ", "Giờ phút"): the clock of the date
    column to its left."""
    c, unknown = concepts(header)
    return c == {"TIME"} and not unknown
