"""Recommendations: which commissioners in force suit a demand.

Text method: TF-IDF cosine over character bigrams. Chinese has no spaces and no segmenter ships
with the program (jieba would add a dictionary of several MB and its cuts of technical compounds
such as 染整 / 印染废水 are unstable); overlapping character bigrams need no dictionary, match
compound terms whichever way they are cut (功能性面料 shares 面料 with 面料开发), and are the usual
baseline for Chinese retrieval. IDF is computed over the candidates' profiles, so bigrams every
profile shares (技术, 研发) weigh little. Latin words and numbers (PLC, ERP, 3D) are kept whole.

The text score is then adjusted:

- ``FIELD_BONUS`` when the demand's industry field is one of the commissioner's fields;
- ``ENTERPRISE_BONUS`` / ``STREET_BONUS`` for having served the same enterprise (an accepted claim
  on its demands, or a three-party agreement) or the same street (a service street of an
  appointment, or an accepted claim on a demand from that street);
- minus ``LOAD_PENALTY`` per accepted claim on a demand still open, up to ``LOAD_CAP`` of them.

The weights were chosen on the evaluation set in tests/data/matching_eval.json; the field bonus
is small because the field's name is already part of the profile text (a bonus above 0.1 lowered
precision@5 there).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from app.core.status import in_force
from app.demands.lifecycle import OPEN_STATUSES
from app.demands.queries import commissioner_name_sql, join_commissioner_names
from db.models import (
    Appointment,
    Claim,
    Commissioner,
    Demand,
    Dictionary,
    Organization,
    Person,
    ServedObject,
    ServiceStreet,
    TeamMember,
)

FIELD_BONUS = 0.05
ENTERPRISE_BONUS = 0.10
STREET_BONUS = 0.05
LOAD_PENALTY = 0.05
LOAD_CAP = 4
TITLE_WEIGHT = 2  # the demand's title says what it is about; its description adds detail

_RUNS = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")


@dataclass(frozen=True)
class Recommendation:
    commissioner_id: int
    name: str
    score: float
    matched_terms: tuple[str, ...]  # longest runs of the demand's text found in the profile
    field_match: bool
    served_enterprise: bool
    served_street: bool
    load: int  # accepted claims on open demands


def _runs(text: str) -> list[str]:
    return _RUNS.findall(text or "")


def terms(text: str) -> Counter:
    """Character bigrams of the Chinese runs (a lone character stays a unigram), whole Latin words."""
    counts: Counter = Counter()
    for run in _runs(text):
        if run.isascii():
            counts[run.lower()] += 1
        elif len(run) == 1:
            counts[run] += 1
        else:
            counts.update(run[i:i + 2] for i in range(len(run) - 1))
    return counts


def _matched_runs(text: str, shared: set[str]) -> list[str]:
    """The demand's text cut back to the stretches made of shared bigrams: 染色工艺 → 染色工艺
    when all three bigrams are shared, or 染色 and 工艺 when 色工 is not; a stretch found inside
    a longer one is left out."""
    found: list[str] = []
    for run in _runs(text):
        if run.isascii():
            if run.lower() in shared:
                found.append(run)
            continue
        start = None
        for i in range(len(run)):
            inside = i + 1 < len(run) and run[i:i + 2] in shared
            if inside and start is None:
                start = i
            if not inside and start is not None:
                found.append(run[start:i + 1])
                start = None
    unique = list(dict.fromkeys(found))
    return [t for t in unique if not any(t != other and t in other for other in unique)]


def _vector(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    vector = {t: (1 + math.log(n)) * idf.get(t, 0.0) for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items() if v} if norm else {}


def _field_names() -> dict[str, str]:
    return {d.code: d.name for d in Dictionary.select().where(Dictionary.kind == "industry_field")}


def _profiles(ids: list[int], field_names: dict[str, str]) -> dict[int, str]:
    """The text of each commissioner: its people's specialty, expertise and title, its fields."""
    texts: dict[int, list[str]] = {cid: [] for cid in ids}
    people = {}
    for c in Commissioner.select().where(Commissioner.id.in_(ids)):
        texts[c.id] += [c.team_name or "", c.notes,
                        *(field_names.get(f, "") for f in c.industry_fields.split(",") if f)]
        if c.person_id:
            people.setdefault(c.id, []).append(c.person_id)
        if c.organization_id:
            org = Organization.get_by_id(c.organization_id)
            texts[c.id] += [org.name, field_names.get(org.industry_field or "", "")]
    for member in TeamMember.live().where(TeamMember.commissioner.in_(ids)):
        people.setdefault(member.commissioner_id, []).append(member.person_id)
    wanted = {p for persons in people.values() for p in persons}
    by_id = {p.id: p for p in Person.select().where(Person.id.in_(wanted))}
    for cid, persons in people.items():
        for pid in persons:
            p = by_id[pid]
            texts[cid] += [p.specialty, p.expertise, p.title_name,
                           field_names.get(p.industry_field or "", "")]
    return {cid: " ".join(parts) for cid, parts in texts.items()}


def _loads(ids: list[int]) -> Counter:
    query = (Claim.select(Claim.commissioner).join(Demand)
             .where(Claim.commissioner.in_(ids) & (Claim.status == "accepted")
                    & Claim.deleted_at.is_null() & Demand.status.in_(OPEN_STATUSES)))
    return Counter(c.commissioner_id for c in query)


def _served(demand: Demand, ids: list[int]) -> tuple[set[int], set[int]]:
    """Commissioners who served the demand's enterprise, and those who served its street."""
    org = demand.organization
    accepted = (Claim.select(Claim.commissioner, Organization.id, Organization.street)
                .join(Demand).join(Organization)
                .where(Claim.commissioner.in_(ids) & (Claim.status == "accepted")
                       & Claim.deleted_at.is_null() & (Demand.id != demand.id)).tuples())
    enterprise, street = set(), set()
    for cid, org_id, street_id in accepted:
        if org_id == org.id:
            enterprise.add(cid)
        if street_id is not None and street_id == org.street_id:
            street.add(cid)
    agreements = (ServedObject.select(Appointment.commissioner).join(Appointment)
                  .where(Appointment.commissioner.in_(ids) & (ServedObject.organization == org.id)
                         & ServedObject.deleted_at.is_null()).tuples())
    enterprise |= {cid for (cid,) in agreements}
    if org.street_id is not None:
        streets = (ServiceStreet.select(Appointment.commissioner).join(Appointment)
                   .where(Appointment.commissioner.in_(ids) & (ServiceStreet.street == org.street_id)
                          & ServiceStreet.deleted_at.is_null()).tuples())
        street |= {cid for (cid,) in streets}
    return enterprise, street


def recommend(demand_id: int, today: date, limit: int = 10) -> list[Recommendation]:
    """The commissioners in force today who suit the demand best, best first; those who already
    claimed it (pending or accepted) are left out."""
    demand = Demand.get_by_id(demand_id)
    name, leader, legal = commissioner_name_sql()
    taken = Claim.select(Claim.commissioner).where(
        (Claim.demand == demand_id) & Claim.status.in_(("pending", "accepted"))
        & Claim.deleted_at.is_null())
    names = dict(join_commissioner_names(Commissioner.select(Commissioner.id, name), leader, legal).where(
        Commissioner.deleted_at.is_null() & Commissioner.id.not_in(taken)
        & Commissioner.id.in_(Appointment.select(Appointment.commissioner).where(in_force(today)))
    ).tuples())
    if not names:
        return []
    ids = list(names)
    field_names = _field_names()
    profiles = {cid: terms(text) for cid, text in _profiles(ids, field_names).items()}
    frequency = Counter(t for counts in profiles.values() for t in counts)
    idf = {t: math.log((1 + len(ids)) / (1 + n)) + 1 for t, n in frequency.items()}
    field_text = field_names.get(demand.industry_field or "", "")
    demand_text = " ".join([demand.title] * TITLE_WEIGHT + [demand.description, field_text])
    query = _vector(terms(demand_text), idf)
    loads = _loads(ids)
    enterprise, street = _served(demand, ids)
    fields_of = {c.id: set(c.industry_fields.split(","))
                 for c in Commissioner.select(Commissioner.id, Commissioner.industry_fields)
                 .where(Commissioner.id.in_(ids))}
    ranked = []
    for cid in ids:
        profile = _vector(profiles[cid], idf)
        shared = set(query) & set(profile)
        field_match = bool(demand.industry_field) and demand.industry_field in fields_of[cid]
        score = (sum(query[t] * profile[t] for t in shared)
                 + FIELD_BONUS * field_match
                 + ENTERPRISE_BONUS * (cid in enterprise)
                 + STREET_BONUS * (cid in street)
                 - LOAD_PENALTY * min(loads[cid], LOAD_CAP))
        matched = tuple(_matched_runs(f"{demand.title} {demand.description}", shared))
        ranked.append(Recommendation(cid, names[cid], round(score, 4), matched, field_match,
                                     cid in enterprise, cid in street, loads[cid]))
    ranked.sort(key=lambda r: (-r.score, r.name, r.commissioner_id))
    return ranked[:limit]
