"""Client full-text search over the local store: Chinese substrings, pinyin, identifier tails.

Index (migration 0002, SQLite only), derived data that is never replicated:

- ``client_search``: contentless FTS5 (``trigram`` tokenizer), so it keeps an index but no text.
  Rowid = ``client_search_doc.doc``. Columns, all NFKC + lower case:

  ==========  ==============================================================================
  name        legal name
  short_name  short name
  people      names of the client's live contacts
  notes       notes and marketing text, runs of 7+ digits (phones, codes) cut to their last 4
  pinyin      full pinyin and initials of the names (suffixes such as 有限公司 dropped):
              中国银行 -> "zhongguoyinhang zgyh"
  tails       last 6 characters of credit code, ID number and contact phones (a 4-digit query is
              a substring of them)
  grams       1- and 2-character grams of the names, contact names and pinyin initials,
              space-delimited (" 城 中 城中 cz "), so 1-2 character queries are index lookups too
              and two letters find initials ('zg' 中国银行)
  ==========  ==============================================================================

- ``client_search_doc``: one narrow row per live client: ``doc`` (the FTS rowid), ``client_id``
  (unique), name, short name and pinyin keys, used to rank exact and prefix matches first.

Document numbers follow name order: ``rebuild_index`` numbers the documents 1, 2, … by (name,
client id). A client indexed again later (new, renamed, or any indexed text changed, e.g. by a pull) is
numbered from ``LATE_DOCS`` up, outside that order: FTS5 takes a document at a number past all others
cheaply, while writing one back at its old number among the others costs several times more (a pull
of 1,000 changed clients on a 50,000-client book: 1.4-1.7 s against 0.25-0.45 s). So the full-text
index, which returns its matches by number, returns those below ``LATE_DOCS`` in name order, and a
broad query's first page in name order is the first matches it returns plus the late ones, however
many clients match. Once more than ``LATE_LIMIT`` documents are late, ``index_outdated`` says so and
the next start-up renumbers them all (``ensure_index``).

No whole identifier is ever indexed, only tails. Exact phone duplicates are found by narrowing on the
phone's tail in the index, then comparing with ``contact.phones`` (the encrypted source rows).

Queries: NFKC + lower case, split into terms at anything that is not a letter or digit (so quotes,
``*``, parentheses and FTS5 operators never reach MATCH as syntax; every term becomes a quoted
phrase), at most 8 terms, all of which must match. A term of 3+ characters is a trigram substring
match; a 1-2 character term matches a delimited gram (" 城中 ", " zg "); letters also search pinyin;
digits search identifier tails (a whole phone or code is reduced to its last 6 characters).

Ranking: exact name / short name / pinyin key first, then prefix, then contained in a name, then the
rest; bm25 (names weigh most) orders within each tier. A query matching more than ``BROAD_MATCHES``
clients is not ranked but listed in name order (``name_ordered_page``).

Writers keep the index current with ``index_client`` (the client services do); ``ensure_index``
rebuilds it when it was never built or was built by an older ``INDEX_VERSION``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import orjson
import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import Join
from sqlmodel import Session, col

from crm.domain.errors import ValidationError
from crm.domain.models import Client, Contact, LocalSetting
from crm.domain.rules.phone import normalise_phone
from crm.services import bulk
from crm.services.context import Actor


@lru_cache(maxsize=1)
def _pypinyin() -> tuple[Callable[[str], list[str]], Any]:
    """(lazy_pinyin, mmseg segmenter or None), imported on first use: pypinyin loads its phrase dictionary
    on import (~0.3 s), which only index writers need, never a client list or the app's start."""
    from pypinyin import lazy_pinyin

    mmseg: Any
    try:  # pypinyin's own word segmenter: readings are then cached per word (same result as lazy_pinyin)
        from pypinyin.seg.mmseg import seg as mmseg
    except ImportError:  # pragma: no cover - another pypinyin layout
        mmseg = None
    return lazy_pinyin, mmseg


if TYPE_CHECKING:
    from crm.services.clients import ClientRow

#: Bump when what a document holds changes; ``ensure_index`` then rebuilds existing indexes.
#: 2: documents numbered in name order. 3: grams of the pinyin initials.
INDEX_VERSION = 3
#: Documents numbered from here up were indexed after the last rebuild under a new name: outside the
#: name order of the numbers below (SQLite rowids go to 2**63 - 1).
LATE_DOCS = 1 << 40
#: Late documents a broad page reads whole (about 2 ms per 1,000); beyond this many a rebuild is due.
LATE_LIMIT = 5000
SETTING_KEY = "search.index"
#: Alias of the matches subquery joined by ``restrict_to_matches``; ``rank_order`` refers to it.
HIT_ALIAS = "client_search_hit"

_BATCH = 5000
_HASH_SIZE = 32 * 1024 * 1024  # FTS5 pending-data limit in bytes (default 1 MiB)
_MAX_TERMS = 8
_MAX_TERM_CHARS = 64
_SIMILAR_CANDIDATES = 200
_SIMILAR_THRESHOLD = 0.5

_WS_RE = re.compile(r"\s+")
# Runs of Chinese characters (CJK unified ideographs and extensions, compatibility ideographs, 〇).
_HAN_RE = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_RUN_RE = re.compile(r"[^\W_]+")  # letters and digits of any script (CJK included)
_ASCII_ALNUM_RE = re.compile(r"[0-9a-z]+")
_LETTERS_RE = re.compile(r"[a-z]+")
_NON_ALNUM_RE = re.compile(r"[^0-9a-z]")
# Letter-digit tokens ('91310101ma1fl0001x') and digit groups with single separators ('138-1234-5678').
_CODE_TOKEN_RE = re.compile(r"[0-9a-z]*[0-9][0-9a-z]*")
_DIGIT_GROUPS_RE = re.compile(r"[0-9](?:[0-9]|[ \-](?=[0-9]))*")
_PHONE_QUERY_RE = re.compile(r"[0-9+()\s\-]+")
# Suffixes that do not tell companies apart (normalised text: full-width brackets are ASCII here).
_NAME_SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限公司", "分公司", "总公司", "公司", "(集团)", "集团",
    "(特殊普通合伙)", "(普通合伙)", "(有限合伙)", "合伙企业",
)

# bm25 weights follow the FTS columns: name, short_name, people, notes, pinyin, tails, grams.
_BM25 = "bm25(client_search, 10.0, 8.0, 4.0, 1.0, 6.0, 5.0, 3.0)"
# CROSS JOIN (SQLite: a join the planner may not reorder) and '+rowid': the FTS match drives the loop
# and each document is looked up from it, never the reverse (which would re-run MATCH once per row).
_HIT_SQL = """
SELECT d.client_id AS client_id, d.name AS sort_name,
       CASE
         WHEN d.name = :search_q OR d.short_name = :search_q
              OR instr(' ' || d.pinyin || ' ', ' ' || :search_q || ' ') > 0 THEN 0
         WHEN substr(d.name, 1, length(:search_q)) = :search_q
              OR substr(d.short_name, 1, length(:search_q)) = :search_q
              OR instr(' ' || d.pinyin, ' ' || :search_q) > 0 THEN 1
         WHEN instr(d.name, :search_q) > 0 OR instr(d.short_name, :search_q) > 0 THEN 2
         ELSE 3
       END * 1000.0 + {relevance} AS score
FROM client_search CROSS JOIN client_search_doc AS d ON d.doc = +client_search.rowid
WHERE client_search MATCH :search_match
"""  # a constant: user input only ever travels as bound parameters
# Within a tier: bm25; for queries of 1-2 character grams only, where bm25 reduces to document length
# (every gram occurs once), the name's length, which says the same for a fraction of the cost.
_HIT_SQL_BM25 = _HIT_SQL.format(relevance=_BM25)
_HIT_SQL_SHORT = _HIT_SQL.format(relevance="length(d.name)")
# The best few matches, ranked on the index's own tables before any client row is read.
_BEST_SQL = "SELECT * FROM ({hit}) ORDER BY score, sort_name, client_id LIMIT :search_best"
_BEST_SQL_BM25 = _BEST_SQL.format(hit=_HIT_SQL_BM25)
_BEST_SQL_SHORT = _BEST_SQL.format(hit=_HIT_SQL_SHORT)
_MATCH_SQL = """
SELECT d.client_id AS client_id
FROM client_search CROSS JOIN client_search_doc AS d ON d.doc = +client_search.rowid
WHERE client_search MATCH :search_match
"""
# The matches with their number (name order below LATE_DOCS) and name. The rowid bound and an
# ORDER BY of the number are the full-text index's own: it returns its matches in that order.
_NAMED_SQL = """
SELECT client_search.rowid AS doc, d.client_id AS client_id, d.name AS sort_name
FROM client_search CROSS JOIN client_search_doc AS d ON d.doc = +client_search.rowid
WHERE client_search MATCH :search_match AND client_search.rowid {bound} :search_late
"""
_NAMED_SQL_ORDERED = _NAMED_SQL.format(bound="<")
_NAMED_SQL_LATE = _NAMED_SQL.format(bound=">=")

Progress = Callable[[int, int], None]


# --- text ---------------------------------------------------------------------------------------


def normalise(text: str | None) -> str:
    """NFKC, lower case, single spaces: how documents are stored and queries compared."""
    # str.split() splits at exactly the characters r"\s" matches: the same as collapsing them with a regex
    # and stripping, at a fraction of the cost (a rebuild normalises some 400,000 texts).
    return " ".join(unicodedata.normalize("NFKC", text or "").lower().split())


@lru_cache(maxsize=1 << 16)
def _word_pinyin(word: str) -> tuple[str, ...]:
    """Toneless readings of one segmented word (polyphones resolved by pypinyin's phrase data)."""
    out = []
    for syllable in _pypinyin()[0](word):
        ascii_only = "".join(_ASCII_ALNUM_RE.findall(syllable.lower()))
        if ascii_only:
            out.append(ascii_only)
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of a normalised name: '中国银行' -> ('zhongguoyinhang', 'zgyh').

    Heteronyms off: each character takes its reading in context (银行 yinhang, 重庆 chongqing).
    Latin letters and digits are kept whole in both ('ibm中国' -> 'ibmzhongguo', 'ibmzg').
    """
    full: list[str] = []
    initials: list[str] = []
    pos = 0

    def other(chunk: str) -> None:
        for word in _ASCII_ALNUM_RE.findall(chunk):
            full.append(word)
            initials.append(word)

    mmseg = _pypinyin()[1]
    for match in _HAN_RE.finditer(text):
        other(text[pos:match.start()])
        run = match.group()
        for word in (mmseg.cut(run) if mmseg is not None else (run,)):
            for syllable in _word_pinyin(word):
                full.append(syllable)
                initials.append(syllable[0])
        pos = match.end()
    other(text[pos:])
    return "".join(full), "".join(initials)


def strip_suffixes(text: str) -> str:
    """A normalised name without trailing 有限公司 / 股份有限公司 / (集团) / 分公司…"""
    changed = True
    while changed:
        changed = False
        for suffix in _NAME_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)].rstrip()
                changed = True
    return text


def core_name(name: str) -> str:
    """Letters and digits of a company name without its suffixes: '城中科技(集团)有限公司' -> '城中科技'."""
    text = normalise(name)
    return "".join(_RUN_RE.findall(strip_suffixes(text))) or "".join(_RUN_RE.findall(text))


def phone_key(phone: str) -> str:
    """Digits of a phone's subscriber number, extension dropped: '0755-2345678-123' -> '07552345678'."""
    try:
        normalised = normalise_phone(phone)
    except ValidationError:
        text = unicodedata.normalize("NFKC", phone or "")
        return "".join(ch for ch in text if ch.isascii() and ch.isdigit())
    parts = normalised.split("-")
    if parts[0].startswith("0") and len(parts) >= 2:  # landline: area + local number
        return parts[0] + parts[1]
    return "".join(parts)


def _redact_match(match: re.Match[str]) -> str:
    text = match.group()
    if sum(ch.isdigit() for ch in text) < 7:
        return text
    return "*" + _NON_ALNUM_RE.sub("", text)[-4:]


def redact_numbers(text: str) -> str:
    """Cut phone numbers, codes and other runs of 7+ digits in free text to '*' + their last 4."""
    return _DIGIT_GROUPS_RE.sub(_redact_match, _CODE_TOKEN_RE.sub(_redact_match, text))


# --- documents ----------------------------------------------------------------------------------


_CLIENT_TABLE: sa.Table = Client.__table__  # type: ignore[attr-defined]
_CLIENT_COLUMNS = (
    col(Client.id), col(Client.legal_name), col(Client.short_name), col(Client.uscc), col(Client.id_number),
    col(Client.notes), col(Client.marketing_objective), col(Client.entry_point), col(Client.progress),
    col(Client.open_issues),
)

#: The columns a client's document is built from, and those of its contacts: a change to any other
#: column leaves the document as it is (a sync pull re-indexes only when one of these changed).
CLIENT_DOCUMENT_COLUMNS = frozenset(column.name for column in _CLIENT_COLUMNS) | {"deleted"}
CONTACT_DOCUMENT_COLUMNS = frozenset({"client_id", "name", "phones", "deleted"})


def document_client(entity: str, entity_id: str, client_id: Any) -> str | None:
    """The client whose document a row is part of: a client's own, a contact's client's; None for rows
    of any other entity (and a contact without a client)."""
    if entity == "client":
        return entity_id
    return str(client_id) if entity == "contact" and client_id else None


def _add_grams(text: str, into: set[str]) -> None:
    for run in _RUN_RE.findall(text):
        into.update(run)
        into.update(run[i:i + 2] for i in range(len(run) - 1))


def _add_initial_grams(initials: str, into: set[str]) -> None:
    """The 1- and 2-letter runs of pinyin initials ('zgyh': z g y h zg gy yh): what two letters typed
    for a name mean, where the trigram index needs three."""
    into.update(initials)
    into.update(initials[i:i + 2] for i in range(len(initials) - 1))


def _add_tails(value: str | None, into: dict[str, None]) -> None:
    """The last 6 characters of an identifier (its last 4 for a value of 5-6); never more. A query
    for the last 4 or 5 is a substring of the last 6, so it matches too."""
    compact = _NON_ALNUM_RE.sub("", normalise(value))
    if len(compact) > 6:
        into[compact[-6:]] = None
    elif len(compact) > 4:
        into[compact[-4:]] = None


@dataclass(frozen=True)
class Document:
    client_id: str
    name: str
    short_name: str
    keys: str  # pinyin keys of both names, for the rank tiers
    fts: tuple[str, ...]  # name, short_name, people, notes, pinyin, tails, grams


def build_document(row: Sequence[Any], contacts: Sequence[tuple[str, Sequence[str]]]) -> Document:
    """The search document of one client row (``_CLIENT_COLUMNS``) and its live contacts (name, phones)."""
    client_id, legal, short, uscc, id_number, *texts = row
    name, short_name = normalise(legal), normalise(short)
    people = " ".join(dict.fromkeys(n for n in (normalise(c[0]) for c in contacts) if n))
    notes = redact_numbers(normalise(" ".join(t for t in texts if t)))

    grams: set[str] = set()
    stem = strip_suffixes(name)
    _add_grams(stem, grams)
    full, initials = pinyin_keys(stem)
    _add_initial_grams(initials, grams)
    keys = [full, initials]
    indexed_pinyin = [full, initials]
    if short_name:
        _add_grams(short_name, grams)
        short_full, short_initials = pinyin_keys(short_name)
        keys += [short_full, short_initials]
        if short_full not in full:  # a short name cut from the legal name adds nothing to search
            indexed_pinyin += [short_full, short_initials]
            _add_initial_grams(short_initials, grams)
    _add_grams(people, grams)

    tails: dict[str, None] = {}
    _add_tails(uscc, tails)
    _add_tails(id_number, tails)
    for _contact, phones in contacts:
        for phone in phones or ():
            _add_tails(phone_key(phone), tails)
    return Document(
        client_id=client_id, name=name, short_name=short_name,
        keys=" ".join(dict.fromkeys(k for k in keys if k)),
        fts=(name, short_name, people, notes, " ".join(dict.fromkeys(k for k in indexed_pinyin if k)),
             " ".join(tails), f" {' '.join(sorted(grams))} " if grams else ""),
    )


def _has_index(conn: sa.Connection) -> bool:
    if conn.dialect.name != "sqlite":
        return False
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'client_search'").first()
    return found is not None


_INSERT_DOC = ("INSERT INTO client_search_doc (doc, client_id, name, short_name, pinyin) "
               "VALUES (?, ?, ?, ?, ?)")
_INSERT_FTS = ("INSERT INTO client_search (rowid, name, short_name, people, notes, pinyin, tails, grams) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
# The same, for a whole batch in one statement: the rows as one JSON array of arrays (text).
_INSERT_DOC_ARRAY = ("INSERT INTO client_search_doc (doc, client_id, name, short_name, pinyin) "
                     "SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 "
                     "FROM json_each(?)")
_INSERT_FTS_ARRAY = ("INSERT INTO client_search "
                     "(rowid, name, short_name, people, notes, pinyin, tails, grams) "
                     "SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, "
                     "value ->> 6, value ->> 7 FROM json_each(?)")


#: The document numbers of indexed clients (the FTS rowids) and the names they were numbered for.
_INDEXED = sa.table("client_search_doc", sa.column("doc", sa.Integer), sa.column("client_id", sa.String),
                    sa.column("name", sa.String))


def _client_rows(conn: sa.Connection,
                 client_ids: Sequence[str] | None) -> tuple[list[Any], dict[str, list[Any]]]:
    """The live client rows (``_CLIENT_COLUMNS``, by id) and their live contacts (name, phones) by client:
    all of them, or those of ``client_ids`` (a few queries per 500 ids, whatever their number)."""
    # Driver rows: the texts need no conversion, and the phones (JSON) are parsed here with orjson.
    clients = sa.select(*_CLIENT_COLUMNS).where(col(Client.deleted).is_(False))
    contacts = (sa.select(col(Contact.client_id), col(Contact.name),
                          sa.type_coerce(col(Contact.phones), sa.Text))
                .where(col(Contact.deleted).is_(False)))
    by_client: dict[str, list[Any]] = defaultdict(list)
    loads = orjson.loads
    if client_ids is None:
        for cid, name, phones in conn.execute(contacts):
            by_client[cid].append((name, loads(phones) if phones else phones))
        return list(conn.execute(clients.order_by(col(Client.id)))), by_client
    rows: list[Any] = []
    for part in _chunks(client_ids):
        for cid, name, phones in conn.execute(contacts.where(col(Contact.client_id).in_(part))):
            by_client[cid].append((name, loads(phones) if phones else phones))
        rows.extend(conn.execute(clients.where(col(Client.id).in_(part))))
    rows.sort(key=lambda row: row[0])
    return rows, by_client


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    """IN lists well below SQLite's limit on bound parameters."""
    return (items[start:start + size] for start in range(0, len(items), size))


def index_client(session: Session, client_id: str) -> None:
    """Re-index one client from its row and its live contacts; a deleted or missing client leaves the
    index. Flushes first. A no-op where the store has no search index (e.g. the PostgreSQL ledger)."""
    index_clients(session, [client_id])


def index_clients(session: Session, client_ids: Iterable[str]) -> None:
    """Re-index several clients (e.g. the clients and contacts a sync pull page touched) as a set: their
    rows and contacts read by a few IN queries, old documents dropped and new ones inserted with
    executemany, so the work follows the number of clients, never the size of the store. A deleted or
    missing client leaves the index. Flushes first; a no-op where the store has no search index."""
    ids = list(dict.fromkeys(client_ids))
    if not ids:
        return
    conn = session.connection()
    if not _has_index(conn):
        return
    session.flush()
    rows, contacts = _client_rows(conn, ids)
    numbers: list[tuple[int]] = []
    for part in _chunks(ids):
        numbers.extend((doc,) for doc in conn.execute(
            sa.select(_INDEXED.c.doc).where(_INDEXED.c.client_id.in_(part))).scalars())
    if numbers:
        conn.exec_driver_sql("DELETE FROM client_search WHERE rowid = ?", numbers)
        conn.exec_driver_sql("DELETE FROM client_search_doc WHERE doc = ?", numbers)
    if not rows:
        return
    docs = [build_document(tuple(row), contacts.get(row[0], ())) for row in rows]
    # Every document written here takes the next late number (module docstring).
    top = int(conn.exec_driver_sql("SELECT coalesce(max(doc), 0) FROM client_search_doc").scalar() or 0)
    numbered = list(zip(itertools.count(max(top, LATE_DOCS - 1) + 1), docs, strict=False))
    conn.exec_driver_sql(_INSERT_DOC, [(n, d.client_id, d.name, d.short_name, d.keys) for n, d in numbered])
    conn.exec_driver_sql(_INSERT_FTS, [(n, *d.fts) for n, d in numbered])


def rebuild_index(*, session: Session, progress: Progress | None = None) -> int:
    """Rebuild the whole index from the client and contact rows; returns the number of clients indexed.

    Documents are built in batches on a helper thread and inserted a batch per statement (see below).
    ``progress(done, total)`` is called after each batch. Flushes, never commits.
    """
    conn = session.connection()
    if not _has_index(conn):
        return 0
    session.flush()
    rows, contacts = _client_rows(conn, None)
    # Numbered in name order (the key ``build_document`` stores as the name), ties by client id.
    rows.sort(key=lambda row: (normalise(row[1]), row[0]))
    total = len(rows)
    conn.exec_driver_sql("INSERT INTO client_search (client_search) VALUES ('delete-all')")
    # Buffer more of the bulk load in memory before FTS5 writes a segment: fewer merges later.
    conn.exec_driver_sql("INSERT INTO client_search (client_search, rank) VALUES ('hashsize', ?)",
                         (_HASH_SIZE,))
    conn.exec_driver_sql("DELETE FROM client_search_doc")
    # The documents (Python: normalising, pinyin) are built on a helper thread while SQLite indexes the
    # previous batch (C, trigrams). Each batch reaches SQLite as ONE statement over a JSON array, so the
    # driver lets go of the GIL for the whole batch; with executemany it takes the GIL back after every
    # row and the two threads mostly waited for each other. On the bench's 50,000 clients: 7.2-8.4 s one
    # thread after the other, 5.4-6.1 s side by side.
    batches = _document_batches(rows, contacts)
    try:
        for done, doc_rows, fts_rows in batches:
            conn.exec_driver_sql(_INSERT_DOC_ARRAY, (doc_rows,))
            conn.exec_driver_sql(_INSERT_FTS_ARRAY, (fts_rows,))
            if progress is not None:
                progress(done, total)
    finally:
        batches.close()
    if progress is not None and total == 0:
        progress(0, 0)
    # On the connection that did a bulk load, FTS5 deletes were later slow: a pull's 1,000 took 0.22 s
    # instead of 0.01 s when another connection had checkpointed the WAL in between (the cause inside
    # FTS5 not pinned down; bench/bench_sync_client.py). The pool replaces it at its next checkout.
    conn.connection.invalidate(soft=True)
    setting = session.get(LocalSetting, SETTING_KEY)
    value = {"version": INDEX_VERSION, "documents": total}
    if setting is None:
        session.add(LocalSetting(key=SETTING_KEY, value=value))
    else:
        setting.value = value
        session.add(setting)
    session.flush()
    return total


def _document_batches(rows: Sequence[Any],
                      contacts: dict[str, list[Any]]) -> Generator[tuple[int, str, str], None, None]:
    """The documents of ``rows`` (numbered from 1 in their order) in batches built on a helper thread, at
    most two batches ahead (``bulk.ahead``): (documents so far, `client_search_doc` rows, `client_search`
    rows), the rows as JSON arrays for ``_INSERT_DOC_ARRAY`` / ``_INSERT_FTS_ARRAY``."""

    def build() -> Iterator[tuple[int, str, str]]:
        no_contacts: tuple[Any, ...] = ()
        for start in range(0, len(rows), _BATCH):
            docs = [build_document(row, contacts.get(row[0], no_contacts))
                    for row in rows[start:start + _BATCH]]
            numbered = list(enumerate(docs, start + 1))
            doc_rows = [(n, d.client_id, d.name, d.short_name, d.keys) for n, d in numbered]
            yield (start + len(docs), orjson.dumps(doc_rows).decode(),
                   orjson.dumps([(n, *d.fts) for n, d in numbered]).decode())

    return bulk.ahead(build(), depth=2, name="search-documents")


def index_outdated(*, session: Session) -> bool:
    """True when the index was never built here, was built by an older INDEX_VERSION, or holds more than
    LATE_LIMIT documents out of name order."""
    if not _has_index(session.connection()):
        return False
    setting = session.get(LocalSetting, SETTING_KEY)
    value = setting.value if setting is not None else None
    if not (isinstance(value, dict) and value.get("version") == INDEX_VERSION):
        return True
    late = session.connection().exec_driver_sql(
        "SELECT count(*) FROM client_search_doc WHERE doc >= ?", (LATE_DOCS,)).scalar()
    return int(late or 0) > LATE_LIMIT


def ensure_index(*, session: Session, progress: Progress | None = None) -> bool:
    """Rebuild the index if `index_outdated`; call after opening a workspace and after a sync
    bootstrap. Returns True when it rebuilt."""
    if not index_outdated(session=session):
        return False
    rebuild_index(session=session, progress=progress)
    return True


# --- queries ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchQuery:
    match: str  # FTS5 MATCH expression; every term a quoted phrase
    text: str  # normalised query, compared with the names for the rank tiers
    grams_only: bool = False  # every term is 1-2 characters long


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _term(term: str) -> str:
    if len(term) <= 2:
        return "{grams} : " + _phrase(f" {term} ")
    if _ASCII_ALNUM_RE.fullmatch(term) and any(ch.isdigit() for ch in term):
        if len(term) > 6:  # a whole code or number: only its tail is indexed
            return "{tails} : " + _phrase(term[-6:])
        return "{name short_name tails} : " + _phrase(term)
    if _LETTERS_RE.fullmatch(term):
        return "{name short_name people notes pinyin} : " + _phrase(term)
    return "{name short_name people notes} : " + _phrase(term)


def parse_query(text: str) -> SearchQuery | None:
    """The MATCH expression for what a user typed, or None when nothing searchable is left."""
    norm = normalise(text)[: _MAX_TERMS * (_MAX_TERM_CHARS + 1)]
    if not norm:
        return None
    if _PHONE_QUERY_RE.fullmatch(norm) and sum(ch.isdigit() for ch in norm) >= 7:
        # A phone or other number typed with separators ('021-6123 4567') is one identifier.
        tail = phone_key(norm)[-6:]
        return SearchQuery(match="{tails} : " + _phrase(tail), text=tail)
    terms = list(dict.fromkeys(t[:_MAX_TERM_CHARS] for t in _RUN_RE.findall(norm)))[:_MAX_TERMS]
    if not terms:
        return None
    return SearchQuery(match=" AND ".join(_term(t) for t in terms), text=" ".join(terms),
                       grams_only=all(len(t) <= 2 for t in terms))


def restrict_to_matches(stmt: Any, query: SearchQuery, *, scored: bool = True,
                        best: int | None = None) -> Any:
    """Join a ``select(Client)...`` statement to the clients matching ``query``, with the relevance score
    that ``rank_order()`` orders by (unless not ``scored``: a count needs no score). With ``best``, to the
    ``best`` highest-ranked matches only, whatever their scope: ranked on the index's tables alone, so
    only those few clients are read.

    The query travels as named parameters (``bound_values``), so the statement also serves any other
    query of the same shape (``grams_only``) executed with that query's values."""
    if scored:
        if best is None:
            sql = _HIT_SQL_SHORT if query.grams_only else _HIT_SQL_BM25
        else:
            sql = _BEST_SQL_SHORT if query.grams_only else _BEST_SQL_BM25
        hit = (sa.text(sql).bindparams(**bound_values(query, best=best))
               .columns(client_id=sa.String, sort_name=sa.String, score=sa.Float).subquery(HIT_ALIAS))
    else:
        hit = (sa.text(_MATCH_SQL).bindparams(search_match=query.match)
               .columns(client_id=sa.String).subquery(HIT_ALIAS))
    # The matches drive the join: without statistics SQLite would rather scan the actor's scope through
    # its index (guessing ten rows) and run the full-text query once for every client in it.
    return stmt.select_from(_CrossJoin(hit, _CLIENT_TABLE, hit.c.client_id == col(Client.id)))


def bound_values(query: SearchQuery, *, best: int | None = None) -> dict[str, Any]:
    """The parameters that put ``query`` into a statement built by ``restrict_to_matches`` or
    ``name_ordered_page`` for another query of its shape."""
    values: dict[str, Any] = {"search_match": query.match, "search_q": query.text}
    if best is not None:
        values["search_best"] = best
    return values


def name_ordered_page(stmt: Any, query: SearchQuery, *, offset: int, limit: int) -> Any:
    """A page, in name order, of the rows of ``stmt`` (a select of columns over ``client``, its scope and
    filters applied; no order or limit) whose client matches ``query``: for broad queries, not ranked.

    The numbered matches are read in number order, which is name order below ``LATE_DOCS``, and the
    scan stops at the page's end: the first page of '有限公司' (most of the clients) reads some 60
    matches, not all of them. The late matches, few, are read whole and merged in. The page travels as
    the parameters ``page_offset``, ``page_limit`` and ``page_end`` (their sum), the query as
    ``bound_values``."""
    arms = []
    for sql in (_NAMED_SQL_ORDERED, _NAMED_SQL_LATE):
        hit = (sa.text(sql).bindparams(search_match=query.match, search_late=LATE_DOCS)
               .columns(doc=sa.Integer, client_id=sa.String, sort_name=sa.String).subquery(HIT_ALIAS))
        arm = (stmt.add_columns(hit.c.sort_name, hit.c.client_id.label("sort_id"))
               .select_from(_CrossJoin(hit, _CLIENT_TABLE, hit.c.client_id == col(Client.id))))
        if sql is _NAMED_SQL_ORDERED:
            arm = arm.order_by(hit.c.doc).limit(sa.bindparam("page_end", offset + limit, type_=sa.Integer))
        arms.append(sa.select(arm.subquery()))
    page = sa.union_all(*arms).subquery("client_search_page")
    columns = list(page.c)
    return (sa.select(*columns[:-2]).order_by(columns[-2], columns[-1])
            .offset(sa.bindparam("page_offset", offset, type_=sa.Integer))
            .limit(sa.bindparam("page_limit", limit, type_=sa.Integer)))


class _CrossJoin(Join):
    """An inner join rendered as SQLite's CROSS JOIN, whose left side the planner always loops over first."""

    inherit_cache = True


@compiles(_CrossJoin)
def _compile_cross_join(join: _CrossJoin, compiler: Any, from_linter: Any = None, asfrom: bool = False,
                        **kw: Any) -> str:
    if from_linter is not None:  # as Join does: the two sides are related, not a cartesian product
        from_linter.edges.update(itertools.product(_originals(join.left), _originals(join.right)))
    left = join.left._compiler_dispatch(compiler, asfrom=True, from_linter=from_linter, **kw)
    right = join.right._compiler_dispatch(compiler, asfrom=True, from_linter=from_linter, **kw)
    assert join.onclause is not None
    onclause = join.onclause._compiler_dispatch(compiler, from_linter=from_linter, **kw)
    return f"{left} CROSS JOIN {right} ON {onclause}"


def _originals(selectable: Any) -> list[Any]:
    out = []
    for element in selectable._from_objects:
        while getattr(element, "_is_clone_of", None) is not None:
            element = element._is_clone_of
        out.append(element)
    return out


def rank_order() -> list[Any]:
    """Order by these (ascending) after ``restrict_to_matches``: exact, then prefix name matches, then bm25,
    then name; the same order with and without ``best``."""
    return [sa.literal_column(f"{HIT_ALIAS}.{name}") for name in ("score", "sort_name", "client_id")]


#: A query matching more clients than this is "broad": its list is served in name order (see
#: ``name_ordered_page``) because ranking every match costs time in proportion to the matches.
BROAD_MATCHES = 1000


def count_matches(session: Session, text: str, *, at_most: int) -> int:
    """How many indexed clients (any scope) match ``text``, counting no further than ``at_most``: cheap
    (the full-text index alone, stopped early), so it can choose a query plan on every keystroke."""
    query = parse_query(text)
    if query is None or not _has_index(session.connection()):
        return 0
    session.flush()
    found = session.connection().exec_driver_sql(
        "SELECT count(*) FROM (SELECT rowid FROM client_search WHERE client_search MATCH ? LIMIT ?)",
        (query.match, at_most)).scalar()
    return int(found or 0)


def search_clients(*, session: Session, actor: Actor, text: str, limit: int = 50) -> list[ClientRow]:
    """The clients in the actor's scope matching ``text``, best first."""
    from crm.services.clients import ClientFilter, list_clients

    return list_clients(session=session, actor=actor, filters=ClientFilter(text=text), limit=limit)


def clients_with_phone(session: Session, phone: str) -> list[str]:
    """Ids of live clients with a live contact whose phone is exactly ``phone`` (once normalised).

    The index narrows on the phone's tail; the match is then checked against ``contact.phones``.
    """
    conn = session.connection()
    if not _has_index(conn):
        return []
    try:
        normalised = normalise_phone(phone)
    except ValidationError:
        return []
    session.flush()
    rows = conn.exec_driver_sql(
        """
        SELECT DISTINCT contact.client_id
        FROM contact JOIN client ON client.id = contact.client_id, json_each(contact.phones) AS ph
        WHERE contact.client_id IN (
                SELECT d.client_id
                FROM client_search CROSS JOIN client_search_doc AS d ON d.doc = +client_search.rowid
                WHERE client_search MATCH ?)
          AND contact.deleted = 0 AND client.deleted = 0 AND ph.value = ?
        ORDER BY contact.client_id
        """,
        ("{tails} : " + _phrase(phone_key(normalised)[-6:]), normalised),
    )
    return [r[0] for r in rows]


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def name_similarity(a: str, b: str) -> float:
    """1.0 for the same core name; otherwise the Jaccard overlap of the cores' character bigrams."""
    core_a, core_b = core_name(a), core_name(b)
    if not core_a or not core_b:
        return 0.0
    if core_a == core_b:
        return 1.0
    grams_a, grams_b = _bigrams(core_a), _bigrams(core_b)
    return len(grams_a & grams_b) / len(grams_a | grams_b)


def similar_names(session: Session, name: str, limit: int = 10) -> list[str]:
    """Ids of live clients whose legal or short name is likely the same company as ``name``, most similar
    first: the same name once suffixes such as 有限公司 / 股份有限公司 / (集团) are dropped, or a large
    overlap of the remaining characters. Not scoped: the caller filters by the actor's scope."""
    conn = session.connection()
    if not _has_index(conn):
        return []
    core = core_name(name)
    if not core:
        return []
    if len(core) >= 3:
        trigrams = list(dict.fromkeys(core[i:i + 3] for i in range(len(core) - 2)))[:16]
        match = "{name short_name} : (" + " OR ".join(_phrase(t) for t in trigrams) + ")"
    else:
        match = "{grams} : " + _phrase(f" {core} ")
    session.flush()
    rows = conn.exec_driver_sql(
        f"""
        SELECT d.client_id, d.name, d.short_name
        FROM client_search CROSS JOIN client_search_doc AS d ON d.doc = +client_search.rowid
        WHERE client_search MATCH ? ORDER BY {_BM25} LIMIT ?
        """,  # noqa: S608 - constant text
        (match, _SIMILAR_CANDIDATES),
    ).all()
    scored = []
    for client_id, cand_name, cand_short in rows:
        score = max(name_similarity(core, cand_name),
                    name_similarity(core, cand_short) if cand_short else 0.0)
        if score >= _SIMILAR_THRESHOLD:
            scored.append((-score, cand_name, client_id))
    scored.sort()
    return [client_id for _score, _name, client_id in scored[:limit]]
