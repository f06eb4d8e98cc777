"""Finding records that are probably one: the people and organizations ``app.register.identity`` takes
for one, the same mobile under two names, the same person or organization behind two
commissioners, and similar names — at the same employer for people (the same pinyin, or close by
rapidfuzz), anywhere for organizations. Two people with different ID numbers are never offered:
they are two people.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from app.core.i18n import N_, _
from app.core.validation import normalize
from app.register import identity
from app.register.commissioners import display_name
from db import models

REASONS = {
    "id_number": N_("same ID number"),
    "uscc": N_("same credit code"),
    "mobile": N_("same mobile number"),
    "name_mobile": N_("same name and mobile number"),
    "name_employer": N_("same name and employer"),
    "pinyin": N_("same name in pinyin, same employer"),
    "similar": N_("similar names, same employer"),
    "similar_name": N_("similar names"),
    "person": N_("same person"),
    "organization": N_("same organization"),
    "team_name": N_("same team name"),
}
PERSON_SIMILARITY = 85
SHARED_MOBILE = 90  # the same mobile under two names: often an office's shared phone
ORGANIZATION_SIMILARITY = 92
# Words every company name has: they make unrelated names look alike.
_COMMON = re.compile(r"(股份)?有限(责任)?公司|集团|科技|泉州市?|福建省?|鲤城区")


@dataclass(frozen=True)
class DuplicatePair:
    entity: str
    first_id: int
    first_name: str
    second_id: int
    second_name: str
    reason: str  # a key of REASONS
    score: int  # 100 for an exact match

    @property
    def reason_label(self) -> str:
        return _(REASONS[self.reason])


def _same(entity, rows, reason, key) -> list[DuplicatePair]:
    groups = defaultdict(list)
    for row in rows:
        value = key(row)
        if value:
            groups[value].append(row)
    return [DuplicatePair(entity, a.id, _label(entity, a), b.id, _label(entity, b), reason, 100)
            for group in groups.values() for a, b in combinations(group, 2)]


def _label(entity: str, record) -> str:
    return display_name(record) if entity == "commissioner" else record.name


def people() -> list[DuplicatePair]:
    rows = list(models.Person.live().order_by(models.Person.id))
    found = _same("person", rows, "id_number", lambda p: p.id_number)
    by_mobile, by_employer = defaultdict(list), defaultdict(list)
    for p in rows:
        if p.mobile:
            by_mobile[p.mobile].append(p)
        if p.employer_id:
            by_employer[p.employer_id].append(p)
    for group in (*by_mobile.values(), *by_employer.values()):
        for a, b in combinations(group, 2):
            if a.id_number and b.id_number:
                continue  # the same number is found above; different numbers are two people
            reason = identity.match_person(_key(a), _key(b))
            if reason is not None:
                score = 100 if reason in identity.SAME else SHARED_MOBILE
                found.append(DuplicatePair("person", a.id, a.name, b.id, b.name, reason, score))
                continue
            if a.employer_id != b.employer_id:
                continue
            if a.name_pinyin and a.name_pinyin == b.name_pinyin:
                found.append(DuplicatePair("person", a.id, a.name, b.id, b.name, "pinyin", 100))
                continue
            score = int(fuzz.ratio(normalize(a.name), normalize(b.name)))
            if score >= PERSON_SIMILARITY:
                found.append(DuplicatePair("person", a.id, a.name, b.id, b.name, "similar", score))
    return _first_reason(found)


def _key(person: models.Person) -> identity.PersonKey:
    return identity.PersonKey(person.name, person.id_number, person.mobile, person.employer_id)


def organizations() -> list[DuplicatePair]:
    rows = list(models.Organization.live().order_by(models.Organization.id))
    found = _same("organization", rows, "uscc", lambda o: o.uscc)
    cores = [(o, _COMMON.sub("", normalize(o.name)).replace("(", "").replace(")", ""))
             for o in rows]
    for (a, core_a), (b, core_b) in combinations(cores, 2):
        if not core_a or not core_b or (a.uscc and b.uscc):
            continue  # two credit codes: the same one is found above, two are two organizations
        score = int(fuzz.ratio(core_a, core_b))
        if score >= ORGANIZATION_SIMILARITY:
            found.append(DuplicatePair("organization", a.id, a.name, b.id, b.name,
                                       "similar_name", score))
    return _first_reason(found)


def commissioners() -> list[DuplicatePair]:
    c = models.Commissioner
    rows = list(c.live().order_by(c.id))
    found = _same("commissioner", [r for r in rows if r.kind == "individual"], "person",
                  lambda r: r.person_id)
    found += _same("commissioner", [r for r in rows if r.kind == "legal_person"], "organization",
                   lambda r: r.organization_id)
    found += _same("commissioner", [r for r in rows if r.kind == "team"], "team_name",
                   lambda r: normalize(r.team_name))
    return _first_reason(found)


def _first_reason(found: list[DuplicatePair]) -> list[DuplicatePair]:
    """One line per pair: the strongest reason (exact matches come first)."""
    seen, result = set(), []
    for pair in sorted(found, key=lambda p: -p.score):
        key = (pair.entity, min(pair.first_id, pair.second_id), max(pair.first_id, pair.second_id))
        if key not in seen:
            seen.add(key)
            result.append(pair)
    return result


FINDERS = {"person": people, "organization": organizations, "commissioner": commissioners}


def find(entity: str) -> list[DuplicatePair]:
    return FINDERS[entity]()
