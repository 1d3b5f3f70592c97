"""Conditional questions: "show this question only if that earlier answer is ...".

One rule per question (``FormField.show_if_question`` / ``show_if_value``), applied on
the server whatever the browser does: a hidden question is not required and its answer
is not stored. The page's script only hides what the server would ignore; without
JavaScript every question is shown with a note saying when to answer it.
"""

import re

from .keys import key_from_label

_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def split_lines(text):
    """Options written one per line: list of str, word for word (stripped), no empty one.

    "\\r\\n", "\\r" and bare "\\n" all end a line; commas never split ("Oui, tout à
    fait" stays one option, as staff wrote it). Never raises.
    """
    return [line.strip() for line in _LINE_BREAKS.split(text or "") if line.strip()]


def resolve_question(fields, reference):
    """The field a rule names, or None.

    Input: an iterable of FormField (the page's questions) and ``reference``, a label
    (any spacing, case or accents) or a key. Output: the first FormField whose key is
    ``reference`` or whose key is the key of ``reference`` (so "Souhaitez-vous jouer un
    rôle ?" and "souhaitez_vous_jouer_un_role" name the same question); None if empty or
    not found.
    """
    reference = (reference or "").strip()
    if not reference:
        return None
    wanted = {reference, key_from_label(reference)}
    for field in fields:
        if (field.clean_name or field.get_field_clean_name()) in wanted:
            return field
    return None


def matches(answer, value):
    """True when ``answer`` (str, list of str, bool or None) contains ``value`` (str).

    Comparison is word for word after stripping, case-insensitive ("oui" = "Oui"); a list
    matches when one of its items does; a bool matches "Oui"/"Yes"/"True" (or their
    negations for False).
    """
    wanted = (value or "").strip().casefold()
    if answer is None or answer == "" or answer == []:
        return False
    if isinstance(answer, bool):
        return wanted in ({"oui", "yes", "true", "1"} if answer else {"non", "no", "false", "0"})
    if isinstance(answer, (list, tuple)):
        return any(str(item).strip().casefold() == wanted for item in answer)
    return str(answer).strip().casefold() == wanted
