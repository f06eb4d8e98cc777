"""Importing commissioners (one row per appointment) and organizations through the register's
services, so a row passes exactly the checks of the forms.

Rows find their records by ID number, credit code or name (after normalization); a blank cell
keeps what the register holds, so a partial list only adds. Organizations named as sending unit or
served object are created when missing; the people named as team members too.
"""

from __future__ import annotations

from dataclasses import replace

from app.core import validation
from app.core.errors import UserError
from app.core.i18n import _, join_list
from app.exchange.columns import (
    APPOINTMENT_STATUSES,
    GENDERS,
    KINDS,
    LEVELS,
    ORG_TYPES,
    YES_NO,
    Column,
    chosen,
    code,
    coded,
    items,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_month,
    text,
    units,
)
from app.exchange.import_bulk import Known
from app.exchange.import_kind import Importer, note, on_column
from app.exchange.register_rows import (
    ASK,
    appointment_data,
    appointment_key,
    commissioner_head,
    dictionary_id,
    merged,
    organization_id,
    person_data,
    typed_identity,
)
from app.register import commissioners as cs
from app.register import identity, people
from app.register.duplicates import REASONS
from db import models

COMMISSIONER_COLUMNS = (
    Column("kind", "特派员类型", ("类型", "特派员类别"), 10, ("个人", "团队", "法人"),
           chosen("kind", KINDS)),
    Column("name", "姓名/名称", ("姓名", "名称", "特派员姓名", "团队名称", "法人名称"), 16),
    Column("gender", "性别", (), 6, ("男", "女"), chosen("gender", GENDERS)),
    Column("id_number", "身份证号", ("身份证", "身份证号码", "证件号码", "公民身份号码",
                                    "身份证件号码"), 22,
           check=coded("id_number", validation.resident_id), code=True),
    Column("birth_date", "出生年月", ("出生日期", "出生年月日"), 12,
           check=lambda value: parse_month(value, "birth_date")),
    Column("mobile", "手机", ("联系电话", "手机号码", "电话", "手机号", "联系方式", "移动电话"), 14,
           check=coded("mobile", validation.mobile), code=True),
    Column("email", "邮箱", ("电子邮箱", "邮件", "email"), 22,
           check=lambda value: validation.email(text(value)) if text(value) else None),
    Column("leader", "团队负责人", ("负责人", "团队带头人"), 10),
    Column("members", "团队成员", ("成员",), 24),
    Column("employer", "派出单位", ("工作单位", "所在单位", "单位", "派出单位名称"), 28),
    Column("title", "职称", ("技术职称", "专业技术职称"), 14),
    Column("fields", "专业领域", ("研究方向", "行业领域"), 16),
    Column("specialty", "专业特长", ("特长", "专业", "所学专业"), 20),
    Column("level", "层级", ("级别", "特派员层级"), 8, ("国家级", "省级", "市级", "区级"),
           chosen("level", LEVELS)),
    Column("year", "选认年度", ("年度", "选认年份"), 10,
           check=lambda value: parse_int(value, "year", accepted=units("年"))),
    Column("batch", "批次", (), 12),
    Column("doc_number", "文号", ("认定文号", "发文文号"), 20),
    Column("term_start", "服务期起", ("开始日期", "起始日期", "服务开始日期"), 12,
           check=lambda value: parse_date(value, "term_start")),
    Column("term_end", "服务期止", ("结束日期", "截止日期", "服务结束日期"), 12,
           check=lambda value: parse_date(value, "term_end")),
    Column("status", "选认状态", ("状态",), 10, ("已推荐", "已认定", "退出", "终止"),
           chosen("status", APPOINTMENT_STATUSES)),
    Column("served", "服务对象", ("服务单位", "服务企业"), 30),
    Column("streets", "服务街道", ("街道",), 16),
    Column("uscc", "统一社会信用代码", ("信用代码", "社会信用代码"), 22,
           check=coded("uscc", validation.credit_code), code=True),
)

ORGANIZATION_COLUMNS = (
    Column("name", "单位名称", ("名称", "企业名称", "单位"), 30),
    Column("uscc", "统一社会信用代码", ("信用代码", "社会信用代码"), 22,
           check=coded("uscc", validation.credit_code), code=True),
    Column("org_type", "单位类型", ("类型",), 10, tuple(ORG_TYPES)[:5], chosen("org_type", ORG_TYPES)),
    Column("industry_field", "行业领域", ("所属行业", "行业"), 14),
    Column("street", "所属街道", ("街道",), 12),
    Column("address", "地址", ("单位地址", "通讯地址"), 30),
    Column("contact_name", "联系人", (), 10),
    Column("contact_phone", "联系电话", ("电话", "手机"), 14,
           check=lambda value: code(value, "contact_phone"), code=True),
    Column("high_tech", "高新技术企业", ("高企",), 12, ("是", "否"), chosen("high_tech", YES_NO)),
    Column("tech_sme", "科技型中小企业", ("科小",), 14, ("是", "否"), chosen("tech_sme", YES_NO)),
    Column("notes", "备注", (), 20),
)


# Lookups -------------------------------------------------------------------------------------


def _find_person(name: str, id_number: str | None, mobile: str, employer: int | None):
    """The register's person the row is, by ``app.register.identity``'s rule; refused when the row
    would be either of two people."""
    found = identity.people_like(identity.PersonKey(name, id_number, mobile, employer),
                                 strong_only=True)
    by_number = [record for record, reason in found if reason == "id_number"]
    if by_number and by_number[0].deleted_at is not None:
        raise UserError(_("{name} is in the recycle bin; restore it first.").format(
            name=by_number[0].name), "id_number")
    if by_number:
        return by_number[0]
    if len(found) > 1:
        raise UserError(_("The row fits several people of the register: {names}; add the ID "
                          "number to tell which.").format(names=join_list(
                              f"{r.name} ({_(REASONS[reason])})" for r, reason in found)),
                        "name")
    if found:
        record, reason = found[0]
        note(_("taken as the register's {name} ({reason})").format(
            name=record.name, reason=_(REASONS[reason])))
        return record
    return None


def person_identity(values: dict) -> tuple[str | None, str]:
    """The row's ID number and mobile, checked."""
    id_text, mobile = typed_identity(values)
    with on_column("id_number"):
        id_number = validation.resident_id(id_text).number if id_text else None
    with on_column("mobile"):
        mobile = validation.mobile(mobile) if mobile else ""
    return id_number, mobile


def _save_person(values: dict, name: str, employer: int | None) -> int:
    """The row's person (an individual or a team's leader), found or created, then updated with
    the row's non-blank cells."""
    typed = person_identity(values)
    record = _find_person(name, *typed, employer)
    data = people.get_person(record.id) if record else people.PersonData()
    data, changed = person_data(values, data, name, typed, employer)
    if record is not None and not changed:
        return record.id
    return people.save_person(data, allow_similar=True).id


def _member_id(name: str, team: models.Commissioner | None, employer: int | None) -> int:
    """A member named in the row: already in the team, else the one person of that name at the
    team's unit or in the register, else a new person."""
    p, tm = models.Person, models.TeamMember
    if team is not None:
        found = (p.live().join(tm, on=tm.person == p.id)
                 .where((tm.commissioner == team.id) & (p.name == name)).first())
        if found is not None:
            return found.id
    same_unit = list(p.live().where((p.name == name) & (p.employer == employer)).limit(2)) \
        if employer else []
    anywhere = list(p.live().where(p.name == name).limit(2))
    for candidates in (same_unit, anywhere):
        if len(candidates) == 1:
            return candidates[0].id
    return people.save_person(people.PersonData(name=name, employer_id=employer),
                              allow_similar=True).id


# Commissioners -------------------------------------------------------------------------------


def _commissioner(values: dict) -> int:
    kind, name, fields = commissioner_head(values, ASK)
    c = models.Commissioner
    if kind == "legal_person":
        with on_column("uscc"):
            org = organization_id(name, code(values.get("uscc"), "uscc"))
        record = c.live().where((c.kind == kind) & (c.organization == org)).first()
        data = cs.CommissionerData(kind=kind, organization_id=org)
    else:
        employer_name = text(values.get("employer"))
        with on_column("employer"):
            employer = organization_id(employer_name) if employer_name else None
        if kind == "individual":
            person = _save_person(values, name, employer)
            record = c.live().where((c.kind == kind) & (c.person == person)).first()
            data = cs.CommissionerData(kind=kind, person_id=person)
        else:
            leader = text(values.get("leader"))
            if not leader:
                raise UserError(_("This field is required."), "leader")
            record = c.live().where((c.kind == kind) & (c.team_name == name)).first()
            data = cs.CommissionerData(kind=kind, team_name=name)
            with on_column("leader"):
                data = replace(data, person_id=_save_person(values, leader, employer))
            names = [n for n in items(values.get("members")) if n != leader]
            if names:
                known = {m.person_id: m for m in
                         (cs.get_commissioner(record.id).members if record else ())}
                with on_column("members"):
                    ids = [_member_id(n, record, employer) for n in names]
                data = replace(data, members=tuple(
                    known.get(i) or cs.MemberData(i) for i in ids))
    if fields is not None:
        data = replace(data, industry_fields=fields)
    if record is not None:
        kept = cs.get_commissioner(record.id)
        data, changed = merged(kept, {"person_id": data.person_id, "members": data.members,
                                      "industry_fields": data.industry_fields})
        if not changed:
            return record.id
    with on_column("name"):
        return cs.save_commissioner(data, allow_similar=True).id


def _appointment(values: dict, commissioner: int) -> None:
    key = appointment_key(values)
    if key is None:
        return
    a = models.Appointment
    record = a.live().where((a.commissioner == commissioner) & (a.level == key[0])
                            & (a.year == key[1])).first()
    data = (next(x for x in cs.appointments_of(commissioner) if x.id == record.id) if record
            else cs.AppointmentData(commissioner_id=commissioner))
    data, changed = appointment_data(values, data, key, ASK)
    if record is None or changed:
        cs.save_appointment(data)


def _commissioner_row(values: dict) -> str:
    _appointment(values, _commissioner(values))
    return text(values.get("name"))


def _commissioner_identities(values: dict) -> list[tuple[tuple, tuple[str, ...]]]:
    kind = text(values.get("kind")) or "个人"
    key = (kind, validation.compact(text(values.get("uscc" if KINDS.get(kind) == "legal_person"
                                                    else "id_number")))
           or validation.folded(text(values.get("name"))))
    found = [(key, ("name", "gender", "mobile", "email", "employer", "title", "fields",
                    "specialty", "leader", "members", "id_number", "uscc"))]
    if text(values.get("level")) or text(values.get("year")):
        found.append(((*key, text(values.get("level")), text(values.get("year"))),
                      ("batch", "doc_number", "term_start", "term_end", "status", "served",
                       "streets")))
    return found


# Organizations -------------------------------------------------------------------------------


def _organization_row(values: dict) -> str:
    name = text(values.get("name"))
    if not name:
        raise UserError(_("This field is required."), "name")
    with on_column("uscc"):
        uscc = code(values.get("uscc"), "uscc")
        uscc = validation.credit_code(uscc) if uscc else None
    found = identity.organizations_like(name, uscc)
    record = found[0][0] if found else None
    if record is not None and record.deleted_at is not None:
        raise UserError(_("{name} is in the recycle bin; restore it first.").format(
            name=record.name), "uscc")
    data = people.get_organization(record.id) if record else people.OrganizationData()
    updates: dict = {"name": name, "uscc": uscc}
    for key in ("address", "contact_name", "notes"):
        updates[key] = text(values.get(key))
    with on_column("contact_phone"):
        updates["contact_phone"] = code(values.get("contact_phone"), "contact_phone")
    with on_column("org_type"):
        updates["org_type"] = parse_choice(values.get("org_type"), ORG_TYPES, "org_type")
    for key in ("high_tech", "tech_sme"):
        with on_column(key):
            updates[key] = parse_bool(values.get(key), key)
    if text(values.get("industry_field")):
        updates["industry_field"] = models.Dictionary.get_by_id(dictionary_id(
            "industry_field", text(values.get("industry_field")), "industry_field")).code
    if text(values.get("street")):
        updates["street_id"] = dictionary_id("street", text(values.get("street")), "street")
    data, changed = merged(data, updates)
    if record is None or changed:
        people.save_organization(data, allow_similar=True)
    return name


def _organization_identities(values: dict) -> list[tuple[tuple, tuple[str, ...]]]:
    key = validation.compact(text(values.get("uscc"))) or validation.folded(text(values.get("name")))
    return [(("organization", key), tuple(c.key for c in ORGANIZATION_COLUMNS))]


_PERSON_FIELDS = {("person", f): k for f, k in (
    ("name", "name"), ("gender", "gender"), ("id_number", "id_number"), ("birth_date", "id_number"),
    ("mobile", "mobile"), ("email", "email"), ("employer", "employer"), ("title_name", "title"),
    ("specialty", "specialty"))}

IMPORTERS = {
    "commissioners": Importer(
        "commissioners", COMMISSIONER_COLUMNS, _commissioner_row,
        frozenset({"commissioner", "appointment"}),
        {**_PERSON_FIELDS, ("commissioner", "industry_fields"): "fields",
         ("commissioner", "team_name"): "name",
         **{("appointment", f): f for f in ("level", "year", "batch", "doc_number", "term_start",
                                            "term_end", "status")},
         ("served_object", "agreement_date"): "served"},
        {"team_member": "members", "served_object": "served", "service_street": "streets",
         "organization": "employer"},
        _commissioner_identities, lambda values: text(values.get("name")), Known),
    "organizations": Importer(
        "organizations", ORGANIZATION_COLUMNS, _organization_row, frozenset({"organization"}),
        {("organization", "street"): "street",
         **{("organization", c.key): c.key for c in ORGANIZATION_COLUMNS}},
        {}, _organization_identities, lambda values: text(values.get("name"))),
}
