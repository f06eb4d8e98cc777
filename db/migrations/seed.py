"""The dictionaries a new database starts with (all editable afterwards).

Written by the migration of the version that introduced them, so every database of one version
starts from the same lists.
"""

from __future__ import annotations

import peewee

from db.fields import new_uuid, utcnow

# (kind, code, Chinese name, English name)
VERSION_1 = [
    *(
        ("street", code, zh, en)
        for code, zh, en in (
            ("haibin", "海滨街道", "Haibin Subdistrict"),
            ("linjiang", "临江街道", "Linjiang Subdistrict"),
            ("lizhong", "鲤中街道", "Lizhong Subdistrict"),
            ("kaiyuan", "开元街道", "Kaiyuan Subdistrict"),
            ("fuqiao", "浮桥街道", "Fuqiao Subdistrict"),
            ("jiangnan", "江南街道", "Jiangnan Subdistrict"),
            ("jinlong", "金龙街道", "Jinlong Subdistrict"),
            ("changtai", "常泰街道", "Changtai Subdistrict"),
        )
    ),
    *(
        ("industry_field", code, zh, en)
        for code, zh, en in (
            ("textile", "纺织鞋服", "Textiles and footwear"),
            ("equipment", "装备制造", "Equipment manufacturing"),
            ("electronics", "电子信息", "Electronics and IT"),
            ("materials", "新材料", "New materials"),
            ("biomedicine", "生物医药", "Biomedicine"),
            ("agriculture", "现代农业", "Modern agriculture"),
            ("food", "食品加工", "Food processing"),
            ("digital", "数字经济", "Digital economy"),
            ("culture", "文化旅游", "Culture and tourism"),
            ("environment", "节能环保", "Energy saving and environment"),
            ("other", "其他", "Other"),
        )
    ),
    *(
        ("title", code, zh, en)
        for code, zh, en in (
            ("professor", "教授", "Professor"),
            ("associate_professor", "副教授", "Associate professor"),
            ("lecturer", "讲师", "Lecturer"),
            ("researcher", "研究员", "Research fellow"),
            ("associate_researcher", "副研究员", "Associate research fellow"),
            ("senior_engineer_prof", "正高级工程师", "Professorate senior engineer"),
            ("senior_engineer", "高级工程师", "Senior engineer"),
            ("engineer", "工程师", "Engineer"),
            ("assistant_engineer", "助理工程师", "Assistant engineer"),
            ("senior_agronomist", "高级农艺师", "Senior agronomist"),
            ("agronomist", "农艺师", "Agronomist"),
        )
    ),
    *(
        ("event_kind", code, zh, en)
        for code, zh, en in (
            ("joint_meeting", "联席会议", "Joint meeting"),
            ("exchange", "成果交流推介", "Achievement exchange"),
            ("salon", "人才沙龙", "Talent salon"),
            ("study_tour", "调研学习", "Study tour"),
            ("training", "培训", "Training"),
            ("roadshow", "路演", "Roadshow"),
            ("matchmaking", "产学研对接", "Industry-research matchmaking"),
            ("other", "其他", "Other"),
        )
    ),
    *(
        ("org_type", code, zh, en)
        for code, zh, en in (
            ("enterprise", "企业", "Enterprise"),
            ("university", "高等院校", "University"),
            ("institute", "科研院所", "Research institute"),
            ("cooperative", "农民专业合作社", "Cooperative"),
            ("government", "机关事业单位", "Government body"),
            ("other", "其他", "Other"),
        )
    ),
    *(
        ("education", code, zh, en)
        for code, zh, en in (
            ("doctorate", "博士研究生", "Doctorate"),
            ("master", "硕士研究生", "Master's degree"),
            ("bachelor", "大学本科", "Bachelor's degree"),
            ("college", "大学专科", "College diploma"),
            ("other", "其他", "Other"),
        )
    ),
]


def insert_dictionaries(db: peewee.Database, version: int) -> None:
    rows = {1: VERSION_1}[version]
    now = utcnow().isoformat(sep=" ")
    p = db.param
    sql = (
        'INSERT INTO "dictionary" ("uuid", "created_at", "updated_at", "kind", "code", "name", '
        f'"name_en", "sort_order") VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})'
    )
    for order, (kind, code, zh, en) in enumerate(rows):
        db.execute_sql(sql, (new_uuid(), now, now, kind, code, zh, en, order))
