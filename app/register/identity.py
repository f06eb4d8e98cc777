"""Whether two people, or two organizations, are one: the rule the register's save warning, the
import, the package merge and the duplicates screen share.

People: the same ID number is the same person, and two different ID numbers are two people
whatever else they share. Without that, the same name (compared by its ``folded`` key) with the
same mobile, or at the same employer, is the same person. The same mobile under another name is
only "similar" (a shared office phone): worth a warning or a question, never taken as one.

Organizations: the same credit code is one organization, two different codes are two; without
them, the same name (folded: "（鲤城）" and "(鲤城)" are one spelling) is one organization.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from app.core.validation import folded
from db import models

# Reasons, strongest first. SAME are identity; "mobile" is only similar.
SAME = ("id_number", "name_mobile", "name_employer")
SIMILAR = ("mobile",)


@dataclass(frozen=True)
class PersonKey:
    name: str
    id_number: str | None = None
    mobile: str | None = None
    employer: object = None  # an id or uuid: compared as given


def match_person(a: PersonKey, b: PersonKey) -> str | None:
    """Why ``a`` and ``b`` are one person (a key of SAME), or only similar ("mobile"), or None."""
    if a.id_number and b.id_number:
        return "id_number" if a.id_number == b.id_number else None
    same_name = folded(a.name) == folded(b.name)
    if a.mobile and a.mobile == b.mobile:
        return "name_mobile" if same_name else "mobile"
    if same_name and a.employer and a.employer == b.employer:
        return "name_employer"
    return None


def match_organization(name_a: str, uscc_a: str | None, name_b: str, uscc_b: str | None,
                       ) -> str | None:
    """"uscc" or "name" when the two are one organization, else None."""
    if uscc_a and uscc_b:
        return "uscc" if uscc_a == uscc_b else None
    return "name" if folded(name_a) == folded(name_b) else None


_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})


def spellings(name: str) -> list[str]:
    """The ways one name may be stored (as typed, half-width, with Chinese brackets and
    punctuation), to look it up by an index; ``folded`` decides among what they find."""
    plain = unicodedata.normalize("NFKC", name).strip()
    return sorted({name, name.strip(), plain, plain.translate(_FULL_WIDTH), "".join(plain.split())})


def _key(person: models.Person) -> PersonKey:
    return PersonKey(person.name, person.id_number, person.mobile, person.employer_id)


def people_like(key: PersonKey, exclude: int | None = None, strong_only: bool = False,
                ) -> list[tuple[models.Person, str]]:
    """The people ``key`` matches, strongest reason first: by ID number also in the recycle bin
    (it is unique), otherwise live ones only. ``strong_only`` leaves out the merely similar."""
    p = models.Person
    others = p.select().where(p.id != (exclude or 0))
    candidates: dict[int, models.Person] = {}
    if key.id_number:
        candidates.update((r.id, r) for r in others.where(p.id_number == key.id_number))
    live = others.where(p.deleted_at.is_null())
    if key.mobile:
        candidates.update((r.id, r) for r in live.where(p.mobile == key.mobile))
    if key.employer:
        candidates.update((r.id, r) for r in live.where(
            (p.employer == key.employer) & p.name.in_(spellings(key.name))))
    found = []
    for record in candidates.values():
        reason = match_person(key, _key(record))
        if reason is not None and (reason in SAME or not strong_only):
            found.append((record, reason))
    return sorted(found, key=lambda f: ((SAME + SIMILAR).index(f[1]), f[0].id))


def organizations_like(name: str, uscc: str | None, exclude: int | None = None,
                       ) -> list[tuple[models.Organization, str]]:
    """The organizations that are this one: by credit code also in the recycle bin, by name
    live ones."""
    o = models.Organization
    others = o.select().where(o.id != (exclude or 0))
    candidates: dict[int, models.Organization] = {}
    if uscc:
        candidates.update((r.id, r) for r in others.where(o.uscc == uscc))
    candidates.update((r.id, r) for r in others.where(
        o.deleted_at.is_null() & o.name.in_(spellings(name))))
    found = [(r, match_organization(name, uscc, r.name, r.uscc)) for r in candidates.values()]
    return sorted([(r, why) for r, why in found if why],
                  key=lambda f: (f[1] != "uscc", f[0].id))
