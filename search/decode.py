"""Turn fetched bytes into text.

Korean pages are still served as EUC-KR/CP949 often enough that guessing wrong turns every
Hangul syllable into mojibake, so the order is: a byte-order mark, the charset the server or
the page declares (EUC-KR read as its superset CP949), then statistical detection
(charset-normalizer), then UTF-8 with replacement. Valid multi-byte UTF-8 beats a legacy
declaration: on extraction-gold, pages re-encoded to UTF-8 but still declaring ``iso-8859-1``
otherwise came out as ``fÃ¼r``.

A declared label is only used when it names a real text encoding of the WHATWG Encoding
Standard (:data:`TEXT_ENCODINGS`): Python also "decodes" with ``rot13``, ``zlib_codec``,
``base64`` or ``unicode_escape``, which a hostile page could name to raise or to garble its text.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels that browsers treat as supersets: decoding with the superset never loses text.
_SUPERSETS = {"euc-kr": "cp949", "ks_c_5601-1987": "cp949", "euckr": "cp949", "iso-8859-1": "cp1252",
              "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "gb2312": "gb18030",
              "gbk": "gb18030"}


# The encodings of the WHATWG Encoding Standard (what browsers decode), by Python codec name;
# any label Python knows for one of them is accepted ("ks_c_5601-1987", "latin1", "sjis"…).
TEXT_ENCODINGS = frozenset(
    codecs.lookup(name).name
    for name in (
        "utf-8", "utf-16-le", "utf-16-be", "utf-16", "cp866", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5",
        "iso8859-6", "iso8859-7", "iso8859-8", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15",
        "iso8859-16", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "cp874", "cp1250", "cp1251", "cp1252",
        "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "gbk", "gb18030", "big5", "big5hkscs",
        "euc-jp", "iso2022-jp", "shift_jis", "cp932", "euc-kr", "cp949", "latin-1", "ascii",
    )
)


def text_codec(label: str | None) -> str | None:
    """The Python codec of a declared charset label (browser supersets applied), or None when
    the label is unknown or not a text encoding (``rot13``, ``zlib_codec``, ``base64``…)."""
    if not label:
        return None
    label = label.strip().lower()
    label = _SUPERSETS.get(label, label)
    try:
        codec = codecs.lookup(label).name
    except (LookupError, ValueError, TypeError):
        return None
    return codec if codec in TEXT_ENCODINGS else None


def decode_html(data: bytes | str, encoding: str | None = None) -> str:
    """Decode a page: BOM, declared charset (``encoding`` = HTTP header, then meta), detection.

    One exception to trusting the declaration: bytes that are valid UTF-8 *and* contain
    multi-byte sequences are UTF-8 whatever a legacy label says (re-encoded pages keep their
    old ``iso-8859-1`` meta; legacy text is practically never valid UTF-8 by chance).
    """
    if isinstance(data, str):
        return data
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace")
    if not data.isascii():
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    for declared in (encoding, _meta_charset(data)):
        text = _try_decode(data, declared)
        if text is not None:
            return text
    if data.isascii():
        return data.decode("ascii")
    best = from_bytes(data[:200_000]).best()
    if best is not None:
        text = _try_decode(data, best.encoding)
        if text is not None:
            return text
    return data.decode("utf-8", errors="replace")


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None


def _try_decode(data: bytes, label: str | None) -> str | None:
    """Decode with a declared label; ``None`` when the label is unknown or clearly wrong."""
    codec = text_codec(label)
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeError:
        # A page that says UTF-8 but holds a few broken bytes is still mostly UTF-8; a page
        # that says Latin-1 but is really UTF-8 is common too: prefer the declaration only if
        # it decodes, else let detection decide.
        if codec == "utf-8":
            text = data.decode("utf-8", errors="replace")
            if text.count("\ufffd") < max(3, len(text) // 1000):
                return text
        return None
