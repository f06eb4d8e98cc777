"""Importing demands and service logs through their services.

A demand is found by its number (XQ-2025-0007), a service log by its date, organization, kind
and commissioners; both are otherwise created. Imported demands start as drafts: their life cycle
is the officer's to run. Commissioners are named as in the lists: a person's name, a team's name
or a legal person's name.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.activities import service_logs
from app.activities.common import commissioner_name, join_commissioner
from app.core.errors import UserError
from app.core.i18n import _
from app.demands import lifecycle as demands
from app.exchange.columns import (
    DEMAND_KINDS,
    SERVICE_KINDS,
    SERVICE_MODES,
    TEN_THOUSAND_YUAN,
    Column,
    chosen,
    items,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    text,
    units,
)
from app.exchange.import_kind import Importer, on_column
from app.exchange.register_rows import ASK, merged, organization_id
from db import models


def _date(key: str):
    return lambda value: parse_date(value, key)


def _number(key: str, accepted, whole: bool = False):
    if whole:
        return lambda value: parse_int(value, key, accepted=accepted)
    return lambda value: parse_decimal(value, key, accepted)


# The counters of a log, with the unit each may be written with (30人).
COUNTERS = {"trainings_held": units("次"), "people_trained": units("人", "人次"),
            "technologies_introduced": units("项"), "new_products": units("个", "项"),
            "problems_solved": units("个", "项"), "jobs_created": units("人")}

DEMAND_COLUMNS = (
    Column("number", "需求编号", ("编号",), 14),
    Column("title", "需求名称", ("需求标题", "标题", "项目名称"), 30),
    Column("organization", "需求单位", ("发布单位", "企业名称", "单位名称"), 28),
    Column("kind", "需求类型", ("类型",), 10, tuple(DEMAND_KINDS), chosen("kind", DEMAND_KINDS)),
    Column("industry_field", "行业领域", ("所属行业", "行业"), 12),
    Column("description", "需求描述", ("需求内容", "内容", "描述"), 40),
    Column("budget", "预算（万元）", ("预算", "预算(万元)", "投入资金（万元）"), 12,
           check=_number("budget", TEN_THOUSAND_YUAN)),
    Column("published_on", "发布日期", (), 12, check=_date("published_on")),
    Column("claim_deadline", "认领截止日期", ("认领截止",), 12, check=_date("claim_deadline")),
    Column("expected_finish", "预期完成日期", ("预期完成",), 12, check=_date("expected_finish")),
    Column("max_accepted", "可接受人数", ("接受人数",), 10,
           check=_number("max_accepted", units("人"), whole=True)),
)

SERVICE_LOG_COLUMNS = (
    Column("date", "服务日期", ("日期",), 12, check=_date("date")),
    Column("commissioners", "特派员", ("科技特派员", "特派员姓名", "姓名"), 20),
    Column("organization", "服务单位", ("服务对象", "单位名称", "企业名称"), 28),
    Column("kind", "服务类型", ("类型",), 10, tuple(SERVICE_KINDS), chosen("kind", SERVICE_KINDS)),
    Column("mode", "服务方式", ("方式",), 8, tuple(SERVICE_MODES), chosen("mode", SERVICE_MODES)),
    Column("days", "服务天数", ("天数",), 8, check=_number("days", units("天"))),
    Column("content", "服务内容", ("内容",), 40),
    *(Column(key, header, aliases, 10, check=_number(key, COUNTERS[key], whole=True))
      for key, header, aliases in (
          ("trainings_held", "举办培训（次）", ("培训次数",)),
          ("people_trained", "培训人数", ()),
          ("technologies_introduced", "引进技术（项）", ("引进技术",)),
          ("new_products", "新产品新品种（个）", ("新产品",)),
          ("problems_solved", "解决问题（个）", ("解决问题",)),
          ("jobs_created", "带动就业（人）", ("带动就业",)))),
    Column("output_value", "产值（万元）", ("产值",), 10,
           check=_number("output_value", TEN_THOUSAND_YUAN)),
)


def _demand_row(values: dict) -> str:
    number = text(values.get("number")).upper()
    org_name = text(values.get("organization"))
    if not org_name:
        raise UserError(_("This field is required."), "organization")
    with on_column("organization"):
        org = organization_id(org_name)
    with on_column("kind"):
        kind = parse_choice(values.get("kind"), DEMAND_KINDS, "kind") or "research"
    field_name = text(values.get("industry_field"))
    fields = demands.DemandInput(
        title=text(values.get("title")), organization_id=org,
        description=text(values.get("description")),
        industry_field=ASK.field_code(field_name, "industry_field") if field_name else None,
        kind=kind,
        budget=parse_decimal(values.get("budget"), "budget", TEN_THOUSAND_YUAN),
        claim_deadline=parse_date(values.get("claim_deadline"), "claim_deadline"),
        expected_finish=parse_date(values.get("expected_finish"), "expected_finish"),
        max_accepted=parse_int(values.get("max_accepted"), "max_accepted", 1, units("人")))
    published = parse_date(values.get("published_on"), "published_on")
    d = models.Demand
    record = d.get_or_none(d.number == number) if number else None
    if record is None:
        changed = demands.create(fields, published or date.today())
        record = d.get_by_id(changed.id)
        if number:
            record.number = number
        record.published_on = published
        record.save()
        return record.title
    stored = demands.DemandInput(
        title=record.title, organization_id=record.organization_id,
        description=record.description, industry_field=record.industry_field, kind=record.kind,
        budget=record.budget, claim_deadline=record.claim_deadline,
        expected_finish=record.expected_finish, max_accepted=record.max_accepted)
    fields, changed = merged(stored, vars(fields))
    if changed:
        demands.edit(record.id, fields)
    if published is not None and published != record.published_on:
        record.published_on = published
        record.save()
    return record.title


def _or_one(days: Decimal | None) -> Decimal:
    return Decimal(1) if days is None else days


def _commissioner_ids(value) -> tuple[int, ...]:
    found = []
    for name in items(value):
        c = models.Commissioner
        ids = [r[0] for r in join_commissioner(c.select(c.id))
               .where(c.deleted_at.is_null() & (commissioner_name() == name)).tuples()]
        if len(ids) != 1:
            raise UserError((_("No commissioner is called {name}.") if not ids else
                             _("Several commissioners are called {name}.")).format(name=name),
                            "commissioners")
        found.append(ids[0])
    if not found:
        raise UserError(_("This field is required."), "commissioners")
    return tuple(found)


def _service_log_row(values: dict) -> str:
    day = parse_date(values.get("date"), "date")
    ids = _commissioner_ids(values.get("commissioners"))
    org_name = text(values.get("organization"))
    if not org_name:
        raise UserError(_("This field is required."), "organization")
    with on_column("organization"):
        org = organization_id(org_name)
    with on_column("kind"):
        kind = parse_choice(values.get("kind"), SERVICE_KINDS, "kind") or "guidance"
    with on_column("mode"):
        mode = parse_choice(values.get("mode"), SERVICE_MODES, "mode") or "offline"
    data = service_logs.LogInput(
        commissioner_ids=ids, organization_id=org, date=day, kind=kind, mode=mode,
        days=_or_one(parse_decimal(values.get("days"), "days", units("天"))),
        content=text(values.get("content")),
        output_value=parse_decimal(values.get("output_value"), "output_value", TEN_THOUSAND_YUAN),
        **{name: parse_int(values.get(name), name, 0, accepted)
           for name, accepted in COUNTERS.items()})
    s, link = models.ServiceLog, models.ServiceLogCommissioner
    same = [r for r in s.live().where((s.date == day) & (s.organization == org) & (s.kind == kind))
            if {x.commissioner_id for x in link.live().where(link.service_log == r.id)} == set(ids)]
    if not same:
        service_logs.save_log(data)
    else:
        cleaned = service_logs.clean(data)
        data, changed = merged(service_logs.get_log(same[0].id).input,
                               {**vars(cleaned), "commissioner_ids": cleaned.commissioner_ids})
        if changed:
            service_logs.save_log(data, same[0].id)
    return f"{day} {org_name}"


IMPORTERS = {
    "demands": Importer(
        "demands", DEMAND_COLUMNS, _demand_row, frozenset({"demand"}),
        {("demand", c.key): c.key for c in DEMAND_COLUMNS},
        {}, lambda v: [(("demand", text(v.get("number"))), tuple(c.key for c in DEMAND_COLUMNS))]
        if text(v.get("number")) else [], lambda v: text(v.get("title"))),
    "service-logs": Importer(
        "service-logs", SERVICE_LOG_COLUMNS, _service_log_row, frozenset({"service_log"}),
        {("service_log", c.key): c.key for c in SERVICE_LOG_COLUMNS},
        {"service_log_commissioner": "commissioners"}, lambda v: [],
        lambda v: text(v.get("content"))[:20]),
}
