"""A question's first sentence, for its title: a full stop after an abbreviation ("e.g.", "i.e.", "etc.", "vs."), inside
a number ("1.5") or inside a name ("Node.js") does not end it.

No regular expression: one pass over the text, looking back at most one short word at each candidate full stop.
"""

from __future__ import annotations

# Words (lower case, without their last full stop) after which a full stop does not end the sentence.
ABBREVIATIONS = frozenset({
    "e.g", "eg", "i.e", "ie", "vs", "cf", "viz", "approx", "incl", "esp", "resp", "al", "ca", "min", "max", "mr", "mrs",
    "ms", "dr", "prof", "st", "fig", "eq", "sec", "no", "nos", "vol",
})
# ...and these end it only when the next word starts with a capital letter ("lists, sets, etc. Then explain").
AMBIGUOUS = frozenset({"etc", "al", "no", "min", "max", "sec"})
_ENDS = ".?!…"
_CLOSERS = "\"')]}”’»"
_OPENERS = "\"'([{“‘«"
_LONGEST_WORD = 12


def _word_before(text: str, index: int) -> str:
    start = index
    while start > 0 and index - start < _LONGEST_WORD and not text[start - 1].isspace():
        start -= 1
    return text[start:index].lstrip(_OPENERS).lower()


def _continues_after(text: str, index: int, after: int) -> bool:
    """Whether the full stop at `index` (the next word starting at `after`) is inside a sentence."""
    word = _word_before(text, index)
    following = text[after:after + 1]
    if following.islower() or following.isdigit():
        return True  # a sentence starts with a capital: "vs. merge", "approx. 3 ms"
    if word in AMBIGUOUS:
        return False
    if word in ABBREVIATIONS:
        return True
    # initials and dotted abbreviations of single letters: "e.g", "a.k.a", "U.S"
    parts = word.split(".")
    return len(parts) > 1 and all(len(part) == 1 and part.isalpha() for part in parts)


def first_sentence(text: str) -> str:
    """The text up to the end of its first sentence (its punctuation and closing quotes kept) or its first line break,
    stripped."""
    text = text.strip()
    size = len(text)
    for index, char in enumerate(text):
        if char == "\n":
            return text[:index].strip()
        if char not in _ENDS:
            continue
        end = index + 1
        while end < size and (text[end] in _CLOSERS or text[end] in _ENDS):
            end += 1
        if end < size and not text[end].isspace():
            continue  # "1.5", "Node.js", "e.g." inside a word
        after = end
        while after < size and text[after] in " \t":
            after += 1
        if char == "." and after < size and _continues_after(text, index, after):
            continue
        return text[:end].strip()
    return text
