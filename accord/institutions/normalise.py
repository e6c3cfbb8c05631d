import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_name(name: str) -> str:
    """Lower-case ASCII words separated by single spaces: 'Universität  Wien' and 'UNIVERSITAT WIEN' match."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    ascii_only = (
        ascii_only.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("ł", "l").replace("đ", "d")
    )
    return _NON_WORD.sub(" ", ascii_only).strip()
