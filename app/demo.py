"""Demo data: a deterministic, realistic register of Licheng district (鲤城区), 2023–2026.

``load(seed)`` fills the open database in one change batch of kind "demo". The same seed gives
the same data, and every date is fixed: today in this world is 2026-11-26. The 2024 facts of the
bureau's work report come out exactly: 4 provincial individual commissioners and 1 provincial
team, 15 municipal commissioners, 1 municipal workstation, the four 2024 activities, and the
Shenzhen trip of 8 enterprises with 5 technical and 1 product cooperation intentions. The
served objects have their three-party agreements, and the 2024 and 2025 assessment rounds are
finished (the 2025 summary prints out of the box).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from stdnum.cn import ric, uscc

from app.assessment import figures, rounds, schemes
from app.core import changes
from app.core.changes import Changes
from app.core.errors import UserError
from app.core.i18n import _
from app.data import session
from db import changelog
from db import models as m
from db.database import database

TODAY = date(2026, 11, 26)
ACTOR = "演示数据"

def _rows(text: str) -> list[list[str]]:
    """A table written one record a line, cells separated by "|"."""
    return [line.split("|") for line in text.strip().splitlines()]


# Organizations ------------------------------------------------------------------------------


class OrgSpec(NamedTuple):
    name: str
    type: str
    fields: list[str]  # industry field codes; the first is the organization's own
    street: str  # Licheng street code, "" outside the district
    area: str  # administrative division code inside the credit code
    address: str
    staff: int  # people working there
    domain: str = ""  # e-mail domain of its staff
    high_tech: bool = False


# name | type | fields | street | area | address (in Licheng: after 泉州市鲤城区) | staff | domain
ORGS = [OrgSpec(n, t, f.split(","), s, a, ad, int(k), d, t == "enterprise")
        for n, t, f, s, a, ad, k, d in _rows("""
福建火炬电子科技股份有限公司|enterprise|electronics|jiangnan|350502|紫华路4号|3|
七星电气股份有限公司|enterprise|equipment|jiangnan|350502|江南高新技术电子信息园区紫山路18号|2|
泉州桑川电气设备有限公司|enterprise|equipment|changtai|350502|常泰路166号|2|
福建毫米电子有限公司|enterprise|electronics|jiangnan|350502|江南高新技术电子信息园区紫华路28号|2|
泉州海天材料科技股份有限公司|enterprise|materials|changtai|350502|常泰街道兴业路9号|2|
鸿星尔克（泉州）体育用品有限公司|enterprise|textile|jinlong|350502|金龙街道金山路88号|2|
福建集力生物科技有限公司|enterprise|biomedicine|jiangnan|350502|江南高新技术电子信息园区紫新路6号|2|
泉州铁通电子设备有限公司|enterprise|electronics|jiangnan|350502|江南高新技术电子信息园区紫山路56号|2|
泉州捷云软件有限公司|enterprise|digital|haibin|350502|温陵北路238号鲤城科技园5楼|2|
华侨大学|university|equipment,materials,electronics,digital,textile||350503|泉州市丰泽区城华北路269号|10|hqu.edu.cn
泉州师范学院|university|textile,materials,food,culture,digital||350503|泉州市丰泽区东海大街398号|8|qztc.edu.cn
黎明职业大学|university|textile,equipment,food,materials||350503|泉州市丰泽区通港西街298号|7|lmu.edu.cn
泉州信息工程学院|university|digital,electronics,equipment||350503|泉州市丰泽区博东路249号|6|qzit.edu.cn
仰恩大学|university|digital,culture,other||350504|泉州市洛江区马甲镇仰恩大学|3|yeu.edu.cn
福建农林大学|university|agriculture,food,biomedicine||350104|福州市仓山区上下店路15号|5|fafu.edu.cn
中国科学院海西研究院泉州装备制造研究所|institute|equipment,electronics,materials||350582|泉州市晋江市三创园智造大道1号|8|fjirsm.ac.cn
福建省农业科学院|institute|agriculture,food,biomedicine||350102|福州市鼓楼区五四路247号|5|faas.cn
深圳大学|university|textile,materials||440305|深圳市南山区南海大道3688号|0|
中国科学院深圳先进技术研究院|institute|materials,digital||440305|深圳市南山区学苑大道1068号|0|
深圳市智纺新材料科技有限公司|enterprise|textile||440306|深圳市宝安区新安街道创业二路38号|0|
泉州市鲤城区科学技术局|government|other|haibin|350502|庄府巷20号|2|
泉州市鲤城区农业农村局|government|agriculture|haibin|350502|庄府巷20号|0|
泉州市鲤城区常泰绿源果蔬专业合作社|cooperative|agriculture|changtai|350502|常泰街道西霞美村|1|
泉州市鲤城区江南鑫农花卉专业合作社|cooperative|agriculture|jiangnan|350502|江南街道亭店社区|1|
泉州市鲤城区浮桥乡韵茶叶专业合作社|cooperative|agriculture,food|fuqiao|350502|浮桥街道王宫社区|1|
""")]
HONGXING = "鸿星尔克（泉州）体育用品有限公司"
SHENZHEN_PARTNERS = ("深圳大学", "中国科学院深圳先进技术研究院", "深圳市智纺新材料科技有限公司")
_BRANDS = ("闽锦鲤盛刺桐清源聚龙泉兴海丝嘉泰鑫源恒丰宏达凯达永和华彩正兴瑞丰德盛源泰东亿新宇博远"
           "鼎信天成中和安泰明辉兴业汇通佳美万润温陵紫云晋鸿荣顺祥泰金鹭宝泉协盛启航领创捷达锐科"
           "科艺信和成益盈泰华晟恒兴丰源福鑫昌盛润泽亿达晨光锦程艾森铭泰优联")
BRANDS = [_BRANDS[i : i + 2] for i in range(0, len(_BRANDS), 2)]
# Generated enterprises take their fields in this rotation (the Shenzhen trip needs textiles).
FIELD_MIX = ("textile", "textile", "textile", "equipment", "equipment", "electronics", "electronics",
             "materials", "food", "digital", "biomedicine", "environment", "culture", "agriculture")
SUFFIXES = {
    "textile": ("纺织科技", "鞋业", "服装织造", "针织", "印染"),
    "equipment": ("机械制造", "智能装备", "精密机械", "自动化设备"),
    "electronics": ("电子科技", "光电科技", "微电子"), "materials": ("新材料科技", "高分子材料", "化工"),
    "biomedicine": ("生物科技", "医疗器械"), "agriculture": ("农业发展", "生态农业"),
    "food": ("食品", "食品工业"), "digital": ("信息技术", "网络科技", "数据科技"),
    "culture": ("文化传播", "文化创意"), "environment": ("环保科技", "节能科技"),
}
STREET_ROADS = {
    "haibin": ("新华北路", "温陵北路", "庄府巷"), "linjiang": ("江滨北路", "新门街"),
    "lizhong": ("中山中路", "新华路"), "kaiyuan": ("西街", "打锡街"), "fuqiao": ("浮桥街", "笋江路"),
    "jiangnan": ("紫华路", "紫山路", "南环路"), "jinlong": ("金山路", "金龙大道"),
    "changtai": ("常泰路", "兴业路"),
}
# Enterprises cluster in the industrial south and west of the district.
ENTERPRISE_STREETS = ("jiangnan", "jiangnan", "jiangnan", "changtai", "changtai", "jinlong",
                      "jinlong", "fuqiao", "haibin", "linjiang", "lizhong", "kaiyuan")
USCC_PREFIX = {"enterprise": "91", "university": "12", "institute": "12", "cooperative": "93",
               "government": "11"}

# People -------------------------------------------------------------------------------------

SURNAMES = "陈陈陈陈林林林黄黄黄张张吴吴王王李李郑蔡蔡刘许洪庄苏杨施谢曾何郭傅颜柯卢朱周叶余骆"
GIVEN = {True: "伟强磊军勇杰涛斌超明辉鹏华峰志建文宏俊新国振锦荣福泉海鸿雄晖毅晨阳",
         False: "芳丽敏静燕婷娟霞玲琳雪慧颖洁萍红梅艳秀晓佳倩莉蓉君瑜惠珊雅"}
# Birthplace area codes and the code of the same place before 1985 (晋江地区); stdnum accepts a
# code only for the years it existed, so the older one, then 鲤城区 and 闽侯县 are tried in turn.
AREAS = {"350502": "352401", "350503": "352401", "350581": "352422", "350582": "352422",
         "350583": "352423", "350521": "352421", "350524": "352424", "350102": "350120"}
AREA_FALLBACKS = ("350502", "350121")
# 138 is left to 张伟 alone.
MOBILE_PREFIXES = [str(n) for n in (*range(130, 138), 139, *range(150, 160), 166, 176, 177,
                                    *range(180, 190), 199) if n not in (134, 154)]
# field: (name, specialties, skills: the expertise texts, whose parts are service topics)
FIELDS = {
    "textile": ("纺织鞋服", ("纺织工程", "服装设计与工程", "轻化工程"), (
        "纺织面料染整工艺、功能性纤维开发", "运动鞋材发泡成型、鞋底耐磨改性",
        "针织物结构设计、无缝针织工艺", "服装智能制造、吊挂生产线规划")),
    "equipment": ("装备制造", ("机械工程", "机械设计制造及其自动化", "控制工程"), (
        "数控机床精度补偿、智能产线集成", "工业机器人应用、机器视觉检测",
        "液压系统设计、设备故障诊断", "石材加工装备设计、刀具寿命优化")),
    "electronics": ("电子信息", ("电子科学与技术", "通信工程", "电气工程"), (
        "多层陶瓷电容器工艺、电子元器件可靠性", "毫米波雷达天线设计、射频电路调试",
        "嵌入式系统开发、物联网终端设计", "电力电子变换、开关电源设计")),
    "materials": ("新材料", ("材料科学与工程", "高分子材料与工程", "无机非金属材料"), (
        "高分子材料改性、EVA发泡材料配方", "特种陶瓷材料制备、粉体烧结工艺",
        "环保胶粘剂研发、功能涂层材料", "复合材料成型、轻量化结构设计")),
    "biomedicine": ("生物医药", ("生物工程", "药学", "生物医学工程"), (
        "微生物发酵工艺、菌种选育", "医疗器械注册检验、质量体系建设",
        "天然产物提取分离、功能成分检测", "酶制剂开发、生物催化工艺")),
    "agriculture": ("现代农业", ("农学", "园艺", "植物保护"), (
        "设施蔬菜栽培、水肥一体化", "茶树病虫害绿色防控、茶叶加工",
        "花卉种苗繁育、组培快繁", "都市农业规划、农产品质量安全")),
    "food": ("食品加工", ("食品科学与工程", "食品质量与安全"), (
        "食品保鲜与包装、货架期延长", "传统糕点工业化生产、配方优化",
        "食品安全检测、HACCP体系", "茶饮料开发、风味物质分析")),
    "digital": ("数字经济", ("计算机科学与技术", "软件工程", "数据科学"), (
        "工业互联网平台、MES系统实施", "大数据分析、机器学习应用",
        "软件工程、信息系统集成", "网络安全、数据治理")),
    "culture": ("文化旅游", ("设计学", "文化产业管理"), (
        "文创产品设计、非遗数字化保护", "木偶头雕刻工艺、传统工艺文创开发", "数字展陈、文旅融合策划")),
    "environment": ("节能环保", ("环境工程", "能源与动力工程"), (
        "印染废水处理、中水回用", "VOCs废气治理、清洁生产审核",
        "工业节能诊断、余热回收", "固废资源化利用、污泥处置")),
    "other": ("其他", ("管理科学与工程", "知识产权"), (
        "科技成果转化、技术经纪", "知识产权布局、专利导航", "企业研发管理、高企申报辅导")),
}
TOPICS = {f: [t for skill in v[2] for t in skill.split("、")] for f, v in FIELDS.items()}
TITLE_MIX = {"university": "senior associate_senior associate_senior intermediate",
             "institute": "senior associate_senior associate_senior intermediate",
             "enterprise": "senior associate_senior associate_senior intermediate intermediate junior none",
             "cooperative": "intermediate junior none", "government": "none"}
# Title names by series, in the order of models.TITLE_LEVELS.
TITLE_NAMES = {"university": ("教授", "副教授", "讲师", "助教", ""),
               "institute": ("研究员", "副研究员", "助理研究员", "研究实习员", ""),
               "engineer": ("正高级工程师", "高级工程师", "工程师", "助理工程师", ""),
               "agronomist": ("农业技术推广研究员", "高级农艺师", "农艺师", "助理农艺师", "")}
TITLE_BIRTH = {"senior": (1962, 1978), "associate_senior": (1966, 1988),
               "intermediate": (1975, 1993), "junior": (1986, 1995), "none": (1968, 1995)}
EDUCATION = {"senior": "doctorate doctorate master", "associate_senior": "doctorate master master",
             "intermediate": "master bachelor", "junior": "bachelor college",
             "none": "bachelor college other"}
POSITIONS = {"university": "专任教师 专任教师 系主任 副院长 实验室主任",
             "institute": "课题组长 研究室主任 工程中心主任 项目负责人",
             "enterprise": "技术总监 研发经理 研发工程师 生产经理 质量经理 总经理",
             "cooperative": "理事长", "government": "科员 股长"}
COLLEGES = {"textile": "纺织与服装学院", "equipment": "机电及自动化学院",
            "electronics": "信息科学与工程学院", "materials": "材料科学与工程学院",
            "biomedicine": "生物医学学院", "agriculture": "农学院", "food": "食品科学学院",
            "digital": "计算机科学与技术学院", "culture": "文化与传播学院",
            "environment": "环境科学与工程学院", "other": "经济与管理学院"}
DEPARTMENTS = {"enterprise": "技术研发中心 技术研发中心 生产技术部 质量管理部 总经理办公室",
               "cooperative": "生产部", "government": "科技人才股"}

# Commissioners, appointments, workstations --------------------------------------------------


class Batch(NamedTuple):
    year: int
    level: str
    name: str
    doc: str
    start: date
    individuals: int  # new individual commissioners
    others: tuple[str, ...] = ()  # team names (TEAMS) and legal persons (organization names)
    reuse: tuple[int, int] = (0, 0)  # (year, n): n provincial individuals of that year again
    exits: tuple[str, ...] = ()  # statuses of the last new individuals
    status: str = "active"


BATCHES = [
    Batch(2023, "provincial", "2023年第一批", "闽科农〔2023〕8号", date(2023, 6, 12), 3),
    Batch(2023, "municipal", "2023年第一批", "泉科〔2023〕21号", date(2023, 7, 3), 8,
          ("泉州师范学院纺织鞋服绿色染整科技特派员团队", "黎明职业大学"), (2023, 1),
          ("withdrawn", "terminated")),
    Batch(2024, "provincial", "2024年第一批", "闽科农〔2024〕5号", date(2024, 5, 20), 4,
          ("华侨大学智能装备与先进制造科技特派员团队",)),
    Batch(2024, "municipal", "2024年第一批", "泉科〔2024〕12号", date(2024, 6, 17), 9,
          ("泉州信息工程学院工业互联网科技特派员团队",)),
    Batch(2024, "municipal", "2024年第二批", "泉科〔2024〕31号", date(2024, 10, 21), 4,
          ("中国科学院海西研究院泉州装备制造研究所",)),
    Batch(2025, "provincial", "2025年第一批", "闽科农〔2025〕3号", date(2025, 5, 8), 3,
          ("福建农林大学都市农业科技特派员团队",)),
    Batch(2025, "municipal", "2025年第一批", "泉科〔2025〕9号", date(2025, 6, 10), 8,
          ("福建省农业科学院",), (2024, 2), ("withdrawn",)),
    Batch(2026, "municipal", "2026年第一批", "", date(2027, 1, 1), 2, status="recommended"),
]
TEAMS = {"泉州师范学院纺织鞋服绿色染整科技特派员团队": ("泉州师范学院", "textile"),
         "华侨大学智能装备与先进制造科技特派员团队": ("华侨大学", "equipment"),
         "泉州信息工程学院工业互联网科技特派员团队": ("泉州信息工程学院", "digital"),
         "福建农林大学都市农业科技特派员团队": ("福建农林大学", "agriculture")}
EXIT_NOTES = {"withdrawn": "因工作调动申请退出，已办理退出手续。",
              "terminated": "2024年度考核不合格，终止选认。"}
# name | level | host | established | recognized | document | status
WORKSTATIONS = _rows("""
火炬电子科技特派员工作站|provincial|福建火炬电子科技股份有限公司|2023-03-15|2023-09-20|闽科农〔2023〕15号|operating
鲤城区纺织鞋服科技特派员工作站|municipal|鸿星尔克（泉州）体育用品有限公司|2023-04-10|2023-11-08|泉科〔2023〕36号|rectifying
海天材料科技特派员工作站|municipal|泉州海天材料科技股份有限公司|2024-03-18|2024-11-12|泉科〔2024〕40号|operating
集力生物科技特派员工作站|municipal|福建集力生物科技有限公司|2025-03-03|2025-10-28|泉科〔2025〕30号|recognized
常泰街道都市农业科技特派员工作站|municipal|泉州市鲤城区常泰绿源果蔬专业合作社|2025-12-01|||planning
""")

# Events -------------------------------------------------------------------------------------

ORGANIZER = "泉州市鲤城区科学技术局"
# kind | title | first day | days | place | co-organizer (2024: the four activities of the report)
EVENTS = _rows("""
joint_meeting|科技特派员联席会议暨人才交流活动|2024-04-18|1|鲤城区科技局三楼会议室|
study_tour|赴洛江区调研学习科技特派员工作|2024-07-10|1|泉州市洛江区|
exchange|科技特派员成果交流推介暨人才沙龙活动|2024-09-12|1|江南高新技术电子信息园区|
matchmaking|纺织鞋服科技人才交流活动和技术对接（深圳）|2024-11-05|3|深圳|
training|2025年科技特派员业务培训会|2025-01-16|1|鲤城区行政中心|
joint_meeting|2025年度科技特派员联席会议|2025-03-20|1|鲤城区科技局三楼会议室|
roadshow|鲤城区科技成果路演展示活动（第一期）|2025-04-24|1|鲤城区科技企业孵化器|
matchmaking|泉州装备制造研究所产学研对接会|2025-05-29|1|泉州装备制造研究所|泉州装备制造研究所
salon|纺织鞋服新材料人才沙龙|2025-06-26|1|鸿星尔克（泉州）展厅|
exchange|科技特派员成果交流推介会（电子信息专场）|2025-08-21|1|福建火炬电子科技股份有限公司|
study_tour|赴晋江市调研学习科技特派员工作站建设|2025-10-16|1|晋江市|
other|科技活动周科技特派员惠企服务集市|2025-11-20|1|西街钟楼广场|
joint_meeting|2026年度科技特派员联席会议|2026-03-19|1|鲤城区科技局三楼会议室|
training|“订单式”需求对接机制专题培训|2026-04-23|1|鲤城区行政中心|
roadshow|鲤城区科技成果路演展示活动（第二期）|2026-06-18|1|鲤城区科技企业孵化器|
matchmaking|华侨大学—鲤城区企业产学研对接会|2026-09-10|1|华侨大学泉州校区|华侨大学
salon|数字经济青年科技人才沙龙|2026-10-22|1|鲤城科技园|
exchange|2026年度科技特派员成果交流推介会|2026-12-10|1|江南高新技术电子信息园区|
training|2027年科技特派员政策宣讲与业务培训|2027-01-14|1|鲤城区行政中心|
""")
SHENZHEN = EVENTS[3][1]
EVENT_SUMMARIES = {
    "joint_meeting": "通报科技特派员工作进展，部署年度重点任务，组织特派员与企业交流人才需求。",
    "exchange": "科技特派员集中推介科技成果，企业代表现场对接，并开展人才沙龙交流。",
    "salon": "围绕行业技术趋势和人才发展开展座谈交流。",
    "study_tour": "实地考察科技特派员工作站和服务企业，学习先进经验做法。",
    "training": "解读科技特派员政策，培训服务日志填报和需求对接流程。",
    "roadshow": "科技成果持有方现场路演，投资机构和企业点评对接。",
    "matchmaking": "组织企业与高校院所开展技术、人才、项目对接。",
    "other": "科技特派员现场提供技术咨询和科普服务。",
}
SPEAKING_KINDS = ("exchange", "salon", "training", "roadshow")
OUTCOME_MIX = {"exchange": ("technical_intention", "product_intention"),
               "roadshow": ("technical_intention", "signed_project"),
               "matchmaking": ("technical_intention", "product_intention", "signed_project"),
               "salon": ("talent_intention",)}
OUTCOME_TEXTS = {"technical_intention": "{org}与{who}就{topic}达成初步技术合作意向",
                 "product_intention": "{org}与{who}就{topic}相关产品达成合作意向",
                 "talent_intention": "{org}与{who}达成{topic}方向人才柔性引进意向",
                 "signed_project": "{org}与{who}签订{topic}产学研合作协议"}
SHENZHEN_OUTCOMES = [
    ("technical_intention", "运动鞋中底超临界发泡工艺联合研发"),
    ("technical_intention", "石墨烯改性功能性纤维在运动面料中的应用"),
    ("technical_intention", "服装智能吊挂与柔性生产线数字化改造"),
    ("technical_intention", "纺织废料再生聚酯纤维制备技术"),
    ("technical_intention", "3D足型扫描与个性化鞋楦设计"),
    ("product_intention", "凉感速干运动T恤系列产品"),
]

# Demands ------------------------------------------------------------------------------------

# field | title | kind | the enterprise's problem
DEMAND_TOPICS = _rows("""
textile|功能性面料抗菌整理工艺优化|process|针织运动面料抗菌整理后耐洗性不足，水洗20次后抑菌率明显下降
textile|运动鞋中底超临界发泡工艺开发|research|现有EVA化学发泡中底回弹率偏低、气味大
textile|印染车间色差在线检测|testing|批次间色差依赖人工目测，返修率高
textile|无缝针织内衣版型数字化设计|research|新品打样周期长，版型调整依赖老师傅经验
textile|鞋服企业智能排产咨询|consulting|多品种小批量订单增多，排产靠表格，交期难保证
equipment|数控加工中心热变形误差补偿|research|精密零件加工连续运行4小时后尺寸漂移超差
equipment|石材切割机锯片寿命提升|process|花岗岩切割锯片磨损快，频繁更换影响产能
equipment|包装生产线机器视觉缺件检测|research|人工抽检漏检率高，客户投诉较多
equipment|液压设备故障预测与健康管理|consulting|关键液压设备突发停机造成较大损失
equipment|智能装备电气设计人才引进|talent|拓展自动化产线业务，缺少电气设计与PLC编程人才
electronics|多层陶瓷电容器烧结工艺改进|process|高容值MLCC产品烧结后开裂比例偏高
electronics|毫米波雷达天线阵列小型化设计|research|车载雷达产品体积需缩小30%且保持探测距离
electronics|电子元器件可靠性试验方法建立|testing|新产品缺少加速寿命试验数据，影响高端客户准入
electronics|铁路无线通信终端电磁兼容整改|testing|终端产品EMC测试辐射骚扰超标
electronics|嵌入式软件开发人员培训|training|新入职研发人员对RTOS和驱动开发不熟悉
materials|高回弹EVA发泡材料配方优化|research|现有配方压缩永久变形偏大，难以满足高端运动鞋要求
materials|水性聚氨酯胶粘剂替代溶剂型胶|research|环保要求趋严，溶剂型胶粘剂需逐步替代
materials|特种陶瓷粉体粒度分布控制|process|粉体团聚导致坯体密度不均
materials|再生橡胶性能快速检测|testing|再生胶批次性能波动大，缺少快速检测手段
materials|新材料企业研发管理咨询|consulting|研发项目多，立项和研发费用归集不规范
biomedicine|益生菌高密度发酵工艺放大|process|发酵工艺放大到500L罐后活菌数下降明显
biomedicine|二类医疗器械注册检验辅导|consulting|首次申报二类医疗器械注册，对检验和体系要求不熟悉
biomedicine|植物提取物功能成分检测方法|testing|产品功能成分含量需建立HPLC定量方法
biomedicine|生物制品冻干保护剂筛选|research|冻干后产品活性保持率不足70%
agriculture|设施蔬菜水肥一体化技术应用|process|大棚蔬菜施肥凭经验，肥料浪费且品质不稳定
agriculture|茶园病虫害绿色防控|consulting|茶园小绿叶蝉危害重，需减少化学农药使用
agriculture|花卉种苗组培快繁技术|research|名优花卉种苗依赖外购，成本高
agriculture|都市休闲农业园区规划|consulting|拟建设亲子采摘园，需要规划和品种布局建议
food|传统糕点货架期延长|research|闽南传统糕点常温货架期仅7天，制约电商销售
food|食品生产HACCP体系建立|consulting|出口客户要求通过HACCP认证
food|茶饮料风味稳定性研究|research|茶饮料储存3个月后出现沉淀和风味劣变
food|食品车间员工食品安全培训|training|新员工多，食品安全意识和操作规范有待加强
digital|服装工厂MES系统实施|consulting|生产数据靠纸质报工，管理层无法实时掌握进度
digital|工业设备数据采集与可视化平台|research|设备品牌多、协议不统一，数据难以集中
digital|基于机器学习的销量预测|research|库存积压与断码并存，需提升需求预测准确率
digital|网络安全等级保护测评整改|testing|信息系统需通过等保二级测评
digital|技术合同认定登记辅导|consulting|对技术合同认定登记流程和税收优惠政策不熟悉
culture|提线木偶文创产品开发|research|传统木偶产品以收藏为主，缺少面向年轻消费者的文创产品
culture|花灯技艺数字化展示|research|拟对花灯制作技艺进行数字化采集和线上展示
culture|西街文旅街区客流数据分析|consulting|需分析西街片区游客来源和消费特征
environment|印染废水深度处理与回用|process|印染废水COD和色度处理成本高，回用率不足30%
environment|涂装车间VOCs治理方案|consulting|VOCs排放需满足新的地方排放标准
environment|空压站节能改造|process|空压机群能耗占全厂用电20%以上
environment|污泥资源化利用技术|research|污水处理污泥处置费用逐年上升
environment|环保设施运维人员培训|training|环保设施运维人员缺乏系统培训
other|高新技术企业申报辅导|consulting|首次申报高新技术企业，研发费用归集和知识产权准备不足
""")
KIND_GOALS = {"research": "与高校院所联合攻关，形成可产业化的技术方案",
              "process": "科技特派员驻厂诊断，优化工艺参数并形成作业指导书",
              "testing": "协助建立检测方法并开展比对试验",
              "talent": "推荐或联合培养相关专业技术人才", "training": "为一线技术人员开展专题培训",
              "consulting": "提供技术咨询和实施路径建议", "other": "提供相应技术服务"}
RESULTS = ("产品合格率由92%提升至97.5%", "形成工艺规程1套，申请发明专利1项",
           "完成样品试制并通过客户验证", "年节约生产成本约35万元", "建立检测方法并通过CMA比对",
           "培训技术骨干28人次", "系统上线运行，生产数据实时可查")
WITHDRAW_REASONS = ("企业调整研发计划，需求暂缓", "企业已通过自主研发解决", "需求内容调整，拟重新发布")
TERMINATE_REASONS = ("企业生产线搬迁，项目中止", "技术路线验证不可行，双方协商终止")
# status, year, how many, and the window of the draft date, chosen so that every later step
# falls before TODAY (published and claimed ones still open, two in_service ones overdue).
DEMAND_PLAN = [
    ("draft", 2026, 3, (10, 20), (11, 24)), ("published", 2026, 5, (9, 20), (10, 24)),
    ("claimed", 2026, 5, (10, 1), (11, 1)), ("in_service", 2025, 2, (9, 1), (11, 30)),
    ("in_service", 2026, 6, (3, 1), (7, 31)), ("awaiting_evaluation", 2026, 4, (2, 1), (5, 31)),
    ("closed", 2025, 9, (1, 10), (9, 30)), ("closed", 2026, 3, (1, 5), (4, 30)),
    ("withdrawn", 2025, 2, (3, 1), (10, 31)), ("withdrawn", 2026, 1, (2, 1), (9, 30)),
    ("expired", 2025, 2, (2, 1), (9, 30)), ("expired", 2026, 1, (2, 1), (8, 31)),
    ("terminated", 2025, 1, (3, 1), (7, 31)), ("terminated", 2026, 1, (1, 5), (4, 30)),
]
MAIN_PATH = ("draft", "published", "claimed", "in_service", "awaiting_evaluation", "closed")
PATHS = {s: MAIN_PATH[: i + 1] for i, s in enumerate(MAIN_PATH)} | {
    "withdrawn": (*MAIN_PATH[:2], "withdrawn"), "expired": (*MAIN_PATH[:2], "expired"),
    "terminated": (*MAIN_PATH[:4], "terminated")}
STEP_DAYS = {"published": (1, 7), "claimed": (3, 15), "in_service": (2, 10),
             "awaiting_evaluation": (60, 120), "closed": (5, 20), "withdrawn": (5, 25),
             "terminated": (40, 110)}

# Service logs and assessments ---------------------------------------------------------------

LOG_TEXTS = {"guidance": "赴{org}开展{topic}技术指导，协助解决生产难题",
             "teaching": "为{org}技术人员讲授“{topic}”专题课程",
             "onsite": "在{org}生产现场排查{topic}相关问题并提出改进措施",
             "consulting": "解答{org}关于{topic}的技术咨询",
             "project_matching": "组织{org}与高校团队开展{topic}项目对接",
             "promotion": "向{org}推介{topic}相关科技成果",
             "research": "走访{org}，调研企业{topic}方面的技术需求",
             "other": "协助{org}整理{topic}相关材料并申报科技项目"}
COUNTERS = {"guidance": {"problems_solved": (1, 3), "technologies_introduced": (0, 1)},
            "teaching": {"trainings_held": (1, 1), "people_trained": (15, 80)},
            "onsite": {"problems_solved": (1, 2)}, "consulting": {"problems_solved": (0, 1)},
            "project_matching": {"technologies_introduced": (0, 1)},
            "promotion": {"technologies_introduced": (1, 2), "new_products": (0, 1)},
            "research": {}, "other": {}}
RETURN_NOTES = ("缺少服务对象签章确认单，请补充", "服务天数与现场照片记录不符，请核实")
ROUND_YEARS = (2024, 2025)
# Verified service days a commissioner reaches in a round's year: enough for any grade, only
# enough to pass, too few.
DAY_PROFILES = ((12, 30), (6, 11), (3, 4))
PROFILE_WEIGHTS = (14, 3, 1)
REMARKS = ("按时提交服务日志，材料齐全", "服务对象反馈良好", "建议加强线上服务", "驻企服务扎实，成效明显",
           "培训覆盖面有待扩大")


@dataclass(frozen=True)
class DemoSummary:
    people: int
    organizations: int
    commissioners: int
    appointments: int
    workstations: int
    demands: int
    claims: int
    events: int
    participants: int
    outcomes: int
    service_logs: int


COUNTED = {"people": m.Person, "organizations": m.Organization, "commissioners": m.Commissioner,
           "appointments": m.Appointment, "workstations": m.Workstation, "demands": m.Demand,
           "claims": m.Claim, "events": m.Event, "participants": m.Participant,
           "outcomes": m.Outcome, "service_logs": m.ServiceLog}
# Removed by ``force``: every editable table but the dictionaries and saved views (referencing
# tables first), then the change log, the record of merged packages and the assessment figures,
# whose data is gone.
CLEARED = (*(t for t in reversed(m.EDITABLE_MODELS) if t not in (m.Dictionary, m.SavedView)),
           m.PackageMerge, m.ChangeLog, m.ChangeBatch, m.AssessmentFigures)


def make_room(force: bool) -> None:
    """Refuse a database that holds data, or with ``force`` empty it (in the caller's
    transaction)."""
    if session.is_empty():
        return
    if not force:
        raise UserError(
            _("The database already holds data; use --force to replace it with demo data."))
    for model in CLEARED:
        model.delete().execute()


def load(seed: int = 1, force: bool = False) -> Changes:
    """Fill the open database with the demo data of Licheng district, in one change batch; the
    detail is the ``DemoSummary`` (what the command line prints)."""
    with database.atomic():
        make_room(force)
        with changelog.batch(_("Load demo data"), kind="demo"):
            _Demo(seed).build()
            loaded = changes.made()
    return replace(loaded, detail=DemoSummary(
        **{name: model.select().count() for name, model in COUNTED.items()}))


# Helpers ------------------------------------------------------------------------------------


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _beijing(day: date, hour: int, minute: int = 0) -> datetime:
    """A Beijing wall-clock time as the naive UTC that every stored timestamp uses."""
    return datetime.combine(day, time(hour, minute)) - timedelta(hours=8)


def _title_name(org_type: str, field: str, level: str) -> str:
    if field == "agriculture" and org_type != "university":
        series = "agronomist"
    else:
        series = org_type if org_type in ("university", "institute") else "engineer"
    return TITLE_NAMES[series][m.TITLE_LEVELS.index(level)]


def _short(name: str) -> str:
    """泉州海天材料科技股份有限公司 → 海天材料科技."""
    for prefix in ("泉州市鲤城区", "泉州", "福建"):
        name = name.removeprefix(prefix)
    return name.removesuffix("有限公司").removesuffix("股份")


def _reason(before: str | None, step: str, assigned: bool, close_reason: str) -> str:
    if step in ("withdrawn", "terminated"):
        return close_reason
    if step == "expired":
        return "认领截止日期已过，无科技特派员认领"
    if step == "in_service" and assigned:
        return "区科技局直接指派科技特派员"
    if before == "claimed" and step == "published":
        return "认领人撤回认领，需求重新开放"
    return ""


def _label(c: m.Commissioner) -> str:
    return c.person.name if c.person_id else c.team_name or c.organization.name


class _Demo:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        streets = m.Dictionary.select().where(m.Dictionary.kind == "street").order_by(m.Dictionary.id)
        self.streets = {d.code: d for d in streets}
        self.orgs: dict[str, m.Organization] = {}
        self.org_fields = {spec.name: spec.fields for spec in ORGS}
        self.fields: dict[int, list[str]] = {}  # commissioner id → field codes
        self.staff: dict[str, list[m.Person]] = {}
        self.used = {"张伟"}  # names, numbers, mobiles and e-mails given (张伟 is given once)
        self.appointments: list[m.Appointment] = []
        self.served: dict[int, list[m.Organization]] = {}  # appointment id → served objects
        self.stations: dict[int, list[tuple]] = {}  # commissioner id → (workstation, from, to)
        self.work: list[tuple] = []  # (demand, accepted commissioners, service start, end)

    def build(self) -> None:
        self.organizations()
        self.commissioners()
        self.workstations()
        for plan in self.demand_plans():
            self.demand(*plan)
        for row in EVENTS:
            self.event(*row)
        self.service_logs()
        self.assessments()

    def between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.r.randint(0, (end - start).days))

    def after(self, day: date, low: int, high: int) -> date:
        return day + timedelta(days=self.r.randint(low, high))

    def unique(self, make) -> str:
        while (value := make()) in self.used:
            pass
        self.used.add(value)
        return value

    def active(self, day: date) -> list[m.Appointment]:
        return [a for a in self.appointments
                if a.status == "active" and a.term_start <= day <= a.term_end]

    def active_commissioners(self, day: date) -> list[m.Commissioner]:
        return list({a.commissioner_id: a.commissioner for a in self.active(day)}.values())

    # Organizations and people

    def organizations(self) -> None:
        r = self.r
        generated = [self.enterprise_spec(i, brand) for i, brand in enumerate(r.sample(BRANDS, 56))]
        specs = (*ORGS, *generated)
        for spec in specs:
            people = [self.person_spec(spec) for _i in range(spec.staff)]
            if spec.name == "华侨大学":  # the one 张伟, for search tests
                people[1] = self.person_spec(spec, "张伟", True, "138")
            code = USCC_PREFIX[spec.type] + spec.area + self.org_code()
            org = m.Organization.create(
                name=spec.name, uscc=code + uscc.calc_check_digit(code), org_type=spec.type,
                industry_field=spec.fields[0], street=self.streets.get(spec.street),
                address=("泉州市鲤城区" if spec.street else "") + spec.address,
                contact_name=people[0]["name"] if people else "",
                contact_phone=people[0]["mobile"] if people else "", high_tech=spec.high_tech,
                tech_sme=spec.type == "enterprise" and (spec.high_tech or r.random() < 0.5))
            self.orgs[spec.name] = org
            self.staff[spec.name] = [m.Person.create(employer=org, **p) for p in people]
        licheng = [self.orgs[spec.name] for spec in specs if spec.street]
        self.enterprises = [o for o in licheng if o.org_type == "enterprise"]
        self.producers = [o for o in licheng if o.org_type in ("enterprise", "cooperative")]
        self.officer = self.staff[ORGANIZER][0]
        self.academics = [p for o in self.orgs.values() if o.org_type in ("university", "institute")
                          for p in self.staff[o.name]]
        self.workers = [p for o in self.enterprises for p in self.staff[o.name]]

    def enterprise_spec(self, i: int, brand: str) -> OrgSpec:
        r = self.r
        field, street = FIELD_MIX[i % len(FIELD_MIX)], r.choice(ENTERPRISE_STREETS)
        place = r.choice(("泉州", "泉州", "福建", "泉州市鲤城区"))
        return OrgSpec(f"{place}{brand}{r.choice(SUFFIXES[field])}有限公司", "enterprise", [field],
                       street, "350502", f"{r.choice(STREET_ROADS[street])}{r.randint(1, 388)}号",
                       staff=1 + (i % 3 == 0), high_tech=r.random() < 0.25)

    def org_code(self) -> str:
        """A GB 11714 organization code: eight digits and their check character."""
        body = "".join(self.r.choices("0123456789", k=8))
        weights = (3, 7, 9, 10, 5, 8, 4, 2)
        check = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
        return body + {10: "X", 11: "0"}.get(check, str(check))

    def person_spec(self, org: OrgSpec, name=None, male=None, prefix=None) -> dict:
        r = self.r
        male = r.random() < 0.7 if male is None else male
        name = name or self.unique(
            lambda: r.choice(SURNAMES) + "".join(r.sample(GIVEN[male], r.choice((1, 2, 2)))))
        field, level = r.choice(org.fields), r.choice(TITLE_MIX[org.type].split())
        birth = date(r.randint(*TITLE_BIRTH[level]), 1, 1) + timedelta(days=r.randint(0, 364))
        pinyin = m.pinyin_keys(name)[0]
        if org.domain:
            email = self.unique(lambda: f"{pinyin}{r.choice(('', r.randint(1, 99)))}@{org.domain}")
        else:
            email = self.unique(lambda: f"{r.randint(10**7, 3 * 10**9)}@qq.com" if r.random() < 0.4
                                else f"{pinyin}{r.randint(1, 999)}@{r.choice(('163.com', '126.com'))}")
        if org.type in ("university", "institute"):
            department = COLLEGES[field] if org.type == "university" else f"{FIELDS[field][0]}研究中心"
        else:
            department = r.choice(DEPARTMENTS[org.type].split())
        return dict(
            name=name, gender="male" if male else "female", birth_date=birth,
            id_number=self.unique(lambda: self.resident_id(birth, male)),
            mobile=self.unique(lambda: (prefix or r.choice(MOBILE_PREFIXES)) + f"{r.randrange(10**8):08d}"),
            email=email, department=department, position=r.choice(POSITIONS[org.type].split()),
            title_level=level, title_name=_title_name(org.type, field, level),
            education=r.choice(EDUCATION[level].split()), specialty=r.choice(FIELDS[field][1]),
            expertise=r.choice(FIELDS[field][2]), industry_field=field)

    def resident_id(self, birth: date, male: bool) -> str:
        """An 18-digit resident ID; odd sequence digit for men."""
        born_in = self.r.choice((*AREAS, "350502", "350502"))
        for area in (born_in, AREAS[born_in], *AREA_FALLBACKS):
            sequence = f"{self.r.randrange(100):02d}{self.r.choice('13579' if male else '02468')}"
            body = f"{area}{birth:%Y%m%d}{sequence}"
            number = body + ric.calc_check_digit(body + "0")
            if ric.is_valid(number):
                return number
        raise AssertionError(f"no area code is valid for {birth}")

    # Commissioners, appointments and workstations

    def commissioners(self) -> None:
        r = self.r
        senior = ("senior", "associate_senior")
        academics = [p for p in self.academics if p.title_level in senior]
        pool = r.sample(academics, min(32, len(academics)))
        pool += r.sample([p for p in self.workers if p.title_level in senior], 44 - len(pool))
        r.shuffle(pool)
        self.pool = iter(pool)
        by_batch: dict[tuple[int, str], list[m.Commissioner]] = {}
        for b in BATCHES:
            new = [self.individual() for _i in range(b.individuals)]
            by_batch.setdefault((b.year, b.level), []).extend(new)
            reused = by_batch[b.reuse[0], "provincial"][: b.reuse[1]] if b.reuse[1] else []
            others = [self.team(n, b.start) if n in TEAMS else self.legal_person(n) for n in b.others]
            exits = dict(zip((c.id for c in reversed(new)), reversed(b.exits), strict=False))
            for c in (*reused, *new, *others):
                self.appoint(c, b, exits.get(c.id, b.status))

    def commissioner(self, fields: list[str], **values) -> m.Commissioner:
        mode = self.r.choice(("periodic", "periodic", "online_offline", "resident"))
        c = m.Commissioner.create(industry_fields=",".join(fields), service_mode=mode, **values)
        self.fields[c.id] = fields
        return c

    def individual(self) -> m.Commissioner:
        p = next(self.pool)
        fields = [p.industry_field]
        if self.r.random() < 0.4:  # another field of the employer's
            fields.append(self.r.choice(self.org_fields.get(p.employer.name, FIELD_MIX)))
        return self.commissioner(list(dict.fromkeys(fields)), kind="individual", person=p)

    def team(self, name: str, start: date) -> m.Commissioner:
        org, field = TEAMS[name]
        people = sorted(self.r.sample(self.staff[org], self.r.randint(3, 5)),
                        key=lambda p: m.TITLE_LEVELS.index(p.title_level))
        c = self.commissioner([field], kind="team", team_name=name)
        for i, p in enumerate(people):
            m.TeamMember.create(commissioner=c, person=p, role="member" if i else "leader",
                                joined_on=start)
        return c

    def legal_person(self, name: str) -> m.Commissioner:
        org = self.orgs[name]
        return self.commissioner(self.org_fields[name], kind="legal_person", organization=org)

    def appoint(self, c: m.Commissioner, b: Batch, status: str) -> None:
        r = self.r
        a = m.Appointment.create(
            commissioner=c, level=b.level, year=b.year, batch=b.name, doc_number=b.doc,
            term_start=b.start, term_end=date(b.year + 2, 12, 31), status=status,
            notes=EXIT_NOTES.get(status, ""))
        pool = [o for o in self.enterprises if o.industry_field in self.fields[c.id]] or self.enterprises
        orgs = r.sample(pool, min(len(pool), r.choice((1, 2, 2, 3) if c.kind == "individual" else (2, 3))))
        for org in orgs:
            signed = None if status == "recommended" else self.after(b.start, 10, 45)
            m.ServedObject.create(appointment=a, organization=org, agreement_date=signed)
        streets = [o.street_id for o in orgs if o.street_id]
        if r.random() < 0.3 or not streets:
            streets.append(r.choice(list(self.streets.values())).id)
        for street in dict.fromkeys(streets):
            m.ServiceStreet.create(appointment=a, street=street)
        self.appointments.append(a)
        self.served[a.id] = orgs

    def workstations(self) -> None:
        r = self.r
        for name, level, host_name, established, recognized, doc, status in WORKSTATIONS:
            host, since = self.orgs[host_name], _day(recognized or established)
            active = [a for a in self.active(since) if a.commissioner.kind == "individual"]
            matching = [a for a in active if host.industry_field in self.fields[a.commissioner_id]]
            members = {a.commissioner_id: a for a in matching + r.sample(active, len(active))}
            members = list(members.values())[: r.randint(2, 4)]
            ws = m.Workstation.create(
                name=name, level=level, host=host, street=host.street_id, address=host.address,
                established_on=_day(established), recognized_on=_day(recognized), doc_number=doc,
                head=next((a for a in members if a.term_end > TODAY), members[0]).commissioner.person,
                status=status)
            for a in members:
                left = a.term_end if a.term_end < TODAY else None
                m.WorkstationMember.create(workstation=ws, commissioner=a.commissioner_id,
                                           from_date=since, to_date=left)
                self.stations.setdefault(a.commissioner_id, []).append((ws, since, left))

    # Demands

    def demand_plans(self):
        """(number, draft date, status, path, assigned, topic) in the order they were drafted."""
        r = self.r
        topics = r.sample(DEMAND_TOPICS, sum(row[2] for row in DEMAND_PLAN))
        plans = []
        for status, year, count, first, last in DEMAND_PLAN:
            for i in range(count):
                path = list(PATHS[status])
                assigned = i == 0 and status in ("in_service", "closed")  # the officer assigned
                if assigned:
                    path.remove("claimed")
                if i == 0 and status == "published":  # its only claim was withdrawn
                    path += ["claimed", "published"]
                drafted = self.between(date(year, *first), date(year, *last))
                plans.append((drafted, status, path, assigned, topics.pop()))
        seqs: dict[int, int] = {}
        for drafted, *plan in sorted(plans, key=lambda plan: plan[0]):
            seqs[drafted.year] = seqs.get(drafted.year, 0) + 1
            yield (f"XQ-{drafted.year}-{seqs[drafted.year]:04d}", drafted, *plan)

    def demand(self, number, drafted, status, path, assigned, topic) -> None:
        r = self.r
        field, title, kind, problem = topic
        steps, day, deadline = [(None, "draft", drafted)], drafted, None
        for before, step in itertools.pairwise(path):
            if step == "expired":
                day = deadline + timedelta(days=1)
            else:
                reopened = before == "claimed" and step == "published"
                day = self.after(day, *((2, 10) if reopened else STEP_DAYS[step]))
            if step == "published" and deadline is None:
                open_now = status in ("published", "claimed")
                deadline = self.after(TODAY, 15, 75) if open_now else self.after(day, 30, 60)
            steps.append((before, step, day))
        on = {}
        for _before, step, day in reversed(steps):
            on[step] = day  # the first time each status was reached
        begun, done = on.get("in_service"), on.get("awaiting_evaluation")
        if status == "in_service":  # those of 2025 are overdue
            finish = self.after(begun, 180, 270) if begun.year == 2025 else self.after(TODAY, 20, 200)
        else:
            finish = self.after(begun or on.get("published", drafted), 120, 240)
        satisfaction = r.choices(m.SATISFACTIONS, weights=(3, 2, 1))[0]
        score = {"satisfied": r.randint(4, 5), "basically_satisfied": 3}.get(satisfaction, r.randint(1, 2))
        reasons = {"withdrawn": WITHDRAW_REASONS, "terminated": TERMINATE_REASONS}
        close_reason = r.choice(reasons[status]) if status in reasons else ""
        closed = status == "closed"
        d = m.Demand.create(
            number=number, title=title, description=f"{problem}。希望{KIND_GOALS[kind]}。",
            organization=r.choice([o for o in self.producers if o.industry_field == field]
                                  or self.enterprises),
            industry_field=field, kind=kind,
            budget=Decimal(r.choice((2, 3, 5, 8, 10, 15, 20, 30))) if r.random() < 0.6 else None,
            published_on=on.get("published"), claim_deadline=deadline, expected_finish=finish,
            max_accepted=2 if begun and r.random() < 0.2 else 1,
            source="assigned" if assigned else "claimed", status=status, close_reason=close_reason,
            finished_on=done, result_summary=f"完成{title}，{r.choice(RESULTS)}。" if done else "",
            satisfaction=satisfaction if closed else None, satisfaction_score=score if closed else None)
        for before, step, day in steps:
            m.DemandTransition.create(
                demand=d, from_status=before, to_status=step, actor=ACTOR,
                at=_beijing(day, r.randint(9, 17), r.choice((0, 15, 30, 45))),
                reason=_reason(before, step, assigned, close_reason))
        self.claims(d, steps[-1][2], on, assigned)

    def claims(self, d: m.Demand, last_step: date, on: dict, assigned: bool) -> None:
        r = self.r
        first, begun = on.get("claimed") or on.get("in_service"), on.get("in_service")
        if first is None:
            return
        active = self.active_commissioners(first)
        matching = [c for c in active if d.industry_field in self.fields[c.id]]
        rest = [c for c in active if c not in matching]
        if begun:
            extra = 0 if assigned else r.choice((0, 0, 1, 2))
            statuses, decided = ["accepted"] * d.max_accepted + ["rejected"] * extra, begun
        elif d.status == "claimed":
            statuses, decided = ["pending"] * r.randint(1, 2), None
        else:  # claimed, then withdrawn by the claimant
            statuses, decided = ["withdrawn"], last_step
        people = r.sample(matching, len(matching)) + r.sample(rest, len(rest))
        for i, (c, status) in enumerate(zip(people, statuses, strict=False)):
            m.Claim.create(
                demand=d, commissioner=c, status=status, decided_on=decided,
                claimed_on=first if i == 0 else self.between(first, decided or TODAY - timedelta(1)),
                plan=f"结合{r.choice(TOPICS[d.industry_field])}方面经验，分阶段开展调研、方案设计和现场实施。",
                source="assigned" if assigned else "claimed",
                decision_note="已有科技特派员承接，感谢参与" if status == "rejected" else "")
        if begun:
            end = on.get("awaiting_evaluation") or on.get("terminated") or TODAY - timedelta(1)
            self.work.append((d, people[: d.max_accepted], begun, end))

    # Events

    def event(self, kind, title, first_day, days, place, co_organizer) -> None:
        r = self.r
        day, upcoming, shenzhen = _day(first_day), _day(first_day) > TODAY, title == SHENZHEN
        start = _beijing(day, 8 if kind == "study_tour" else 9, 30)
        ev = m.Event.create(
            kind=kind, title=title, starts_at=start, place=place,
            ends_at=_beijing(day + timedelta(days=int(days) - 1), 17, 30),
            organizer="、".join(filter(None, (ORGANIZER, co_organizer))), summary=EVENT_SUMMARIES[kind])
        active = self.active_commissioners(day)
        if shenzhen:
            textiles = [o for o in self.enterprises if o.industry_field in ("textile", "materials")]
            orgs = [self.orgs[HONGXING], *r.sample([o for o in textiles if o.name != HONGXING], 7)]
            active = [c for c in active if "textile" in self.fields[c.id]] or active
        else:
            orgs = r.sample(self.enterprises, r.randint(3, 8))
        speaking = kind in SPEAKING_KINDS
        comms = r.sample(active, min(len(active), r.randint(3, 7)))
        persons = r.sample(self.workers, r.randint(1, 3))

        def join(sure=False, walk_in=False, role="attendee", **who) -> bool:
            status = ("invited" if upcoming else "attended" if sure or walk_in or shenzhen
                      else r.choices(m.PARTICIPANT_STATUSES, weights=(4, 8, 80, 8))[0])
            came = status == "attended"
            m.Participant.create(
                event=ev, status=status, role=role, walk_in=walk_in, **who,
                checked_in_at=start + timedelta(minutes=r.randint(-30, 15)) if came else None,
                checked_in_by=self.officer.name if came else "")
            return came

        join(sure=True, role="organizer", person=self.officer)
        came_c = [c for i, c in enumerate(comms)
                  if join(role="speaker" if speaking and i == 0 else "attendee", commissioner=c)]
        came_o = [o for o in orgs if join(organization=o)]
        for p in persons:
            join(person=p)
        for p in r.sample(self.academics, r.randint(1, 2)) if speaking else ():
            join(role="guest", person=p)
        if not (upcoming or shenzhen) and r.random() < 0.3:
            join(walk_in=True, person=r.choice([p for p in self.workers if p not in persons]))
        if shenzhen:  # the product intention is 鸿星尔克's; each technical one another's
            for i, (outcome, topic) in enumerate(SHENZHEN_OUTCOMES):
                org = came_o[0] if outcome == "product_intention" else came_o[1 + i]
                self.outcome(outcome, topic, org, self.orgs[SHENZHEN_PARTNERS[i % 3]], event=ev)
        elif day.year >= 2025 and not upcoming and kind in OUTCOME_MIX and came_o and came_c:
            for _i in range(r.randint(1, 3)):
                org = r.choice(came_o)
                self.outcome(r.choice(OUTCOME_MIX[kind]), r.choice(TOPICS[org.industry_field]), org,
                             r.choice(came_c), event=ev,
                             signed=min(self.after(day, 10, 60), TODAY - timedelta(1)))

    def outcome(self, kind, topic, org, partner, signed=None, **links) -> None:
        """An outcome between an organization and a partner organization or commissioner."""
        is_org = isinstance(partner, m.Organization)
        text = OUTCOME_TEXTS[kind].format(org=org.name, topic=topic,
                                          who=partner.name if is_org else _label(partner))
        o = m.Outcome.create(kind=kind, description=text, **links,
                             signed_on=signed if kind == "signed_project" else None)
        m.OutcomeParty.create(outcome=o, organization=org)
        m.OutcomeParty.create(outcome=o, **{"organization" if is_org else "commissioner": partner})

    # Service logs and assessments

    def service_logs(self, total: int = 200) -> None:
        r = self.r
        count = 0
        for d, comms, begun, end in self.work:
            for _i in range(r.randint(1, 3)):
                self.log(self.between(begun, end), comms, d.organization,
                         r.choice(("guidance", "onsite", "consulting")), demand=d)
                count += 1
            if d.status == "closed" and r.random() < 0.3:
                self.outcome("signed_project", d.title, d.organization, comms[0], demand=d,
                             signed=d.finished_on)
        while count < total:
            day = self.between(date(2024, 1, 8), TODAY - timedelta(1))
            if not (appointments := self.active(day)):
                continue
            a = r.choice(appointments)
            comms = list({c.id: c for c in (a.commissioner, r.choice(appointments).commissioner)
                          }.values())[: 2 if r.random() < 0.2 else 1]
            org, ws = r.choice(self.served[a.id]), None
            for station, since, left in self.stations.get(a.commissioner_id, []):
                if station.recognized_on and since <= day <= (left or TODAY) and r.random() < 0.5:
                    org, ws = station.host, station
            self.log(day, comms, org, r.choice(m.SERVICE_KINDS), workstation=ws)
            count += 1

    def log(self, day: date, comms, org, kind: str, **links) -> m.ServiceLog:
        r = self.r
        if day < date(2026, 9, 1):  # older logs are verified; a few still wait for papers
            verification = r.choices(("approved", "returned"), weights=(94, 6))[0]
        else:
            verification = r.choices(("pending", "approved", "returned"), weights=(60, 32, 8))[0]
        topic = r.choice(TOPICS[org.industry_field or "other"])
        entry = m.ServiceLog.create(
            organization=org, date=day, kind=kind, **links,
            **{name: r.randint(*span) for name, span in COUNTERS[kind].items()},
            days=Decimal(r.choice(("0.5", "1", "1", "1", "1.5", "2", "3"))),
            mode="online" if kind == "consulting" or r.random() < 0.1 else "offline",
            content=LOG_TEXTS[kind].format(org=_short(org.name), topic=topic) + "。",
            jobs_created=r.choice((0, 0, 0, 0, 0, 1, 2)),
            output_value=Decimal(r.randrange(50, 3000, 5)).scaleb(-1) if r.random() < 0.2 else None,
            verification=verification,
            verification_note=r.choice(RETURN_NOTES) if verification == "returned" else "")
        for c in comms:
            m.ServiceLogCommissioner.create(service_log=entry, commissioner=c)
        return entry

    # Agreements and the assessment rounds

    def assessments(self) -> None:
        """Three-party agreements for the served objects, the year's service of those in force
        in 2024 and 2025, and both years' assessment rounds, scored and finished as the officer
        would: a commissioner who served too little two years running is listed for withdrawal."""
        self.agreements()
        self.laggard = self.least_served()
        for year in ROUND_YEARS:
            self.round_logs(year)
        for year in ROUND_YEARS:
            self.assessment_round(year)

    def agreements(self) -> None:
        r = self.r
        so = m.ServedObject
        for served in so.select().order_by(so.id):
            a = served.appointment
            status = ("signed" if a.status == "recommended" else "terminated"
                      if a.status in ("withdrawn", "terminated") else "completed"
                      if a.term_end < TODAY else "in_progress")
            days, trainings = r.choice((8, 10, 12, 15, 20)), r.choice((None, 1, 2))
            technologies = r.choice((None, None, 1, 2))
            text = f"每年到企业开展技术服务不少于{days}天"
            text += f"，举办技术培训{trainings}次" if trainings else ""
            text += f"，引进推广新技术{technologies}项" if technologies else ""
            m.Agreement.create(
                commissioner=a.commissioner_id, organization=served.organization_id,
                signed_on=served.agreement_date, term_start=a.term_start, term_end=a.term_end,
                targets_text=text + "。", target_service_days=Decimal(days),
                target_trainings=None if trainings is None else Decimal(trainings),
                target_technologies=None if technologies is None else Decimal(technologies),
                status=status)

    def in_force(self, year: int) -> dict[int, m.Appointment]:
        """Commissioner id → an active appointment whose term overlaps the year."""
        start, end = date(year, 1, 1), date(year, 12, 31)
        return {a.commissioner_id: a for a in reversed(self.appointments)
                if a.status == "active" and a.term_start <= end and a.term_end >= start}

    def least_served(self) -> int | None:
        """The commissioner in force both years with the fewest days below 5 in each: it gets
        no more service, and fails twice."""
        found = [figures.commissioner_figures(year) for year in ROUND_YEARS]
        both = set(self.in_force(ROUND_YEARS[0])) & set(self.in_force(ROUND_YEARS[1]))
        days = {c: [f[c].service_days if c in f else Decimal(0) for f in found] for c in both}
        weak = sorted((sum(d), c) for c, d in days.items() if max(d) < 5)
        return weak[0][1] if weak else None

    def round_logs(self, year: int) -> None:
        """Service logs until each commissioner in force reaches the verified days of its
        profile: most enough for any grade, some only enough to pass, a few too few."""
        r = self.r
        have = figures.commissioner_figures(year)
        last = min(date(year, 12, 31), TODAY - timedelta(1))
        # A log is found again (an import of the exported list) by its day, organization, kind
        # and commissioners: no two alike.
        link = m.ServiceLogCommissioner
        taken = {(day, org, kind, commissioner) for day, org, kind, commissioner in
                 m.ServiceLog.select(m.ServiceLog.date, m.ServiceLog.organization,
                                     m.ServiceLog.kind, link.commissioner)
                 .join(link, on=(link.service_log == m.ServiceLog.id)).tuples()}
        for commissioner, a in sorted(self.in_force(year).items()):
            if commissioner == self.laggard:
                continue
            low, high = r.choices(DAY_PROFILES, weights=PROFILE_WEIGHTS)[0]
            target = Decimal(r.randint(low, high))
            done = have[commissioner].service_days if commissioner in have else Decimal(0)
            while done < target:
                day = self.between(max(date(year, 1, 1), a.term_start), last)
                org, links = r.choice(self.served[a.id]), {}
                for station, since, left in self.stations.get(commissioner, []):
                    if station.recognized_on and since <= day <= (left or TODAY) and r.random() < 0.4:
                        org, links = station.host, {"workstation": station}
                kind = r.choice(m.SERVICE_KINDS)
                if (day, org.id, kind, commissioner) in taken:
                    continue
                taken.add((day, org.id, kind, commissioner))
                entry = self.log(day, [a.commissioner], org, kind, **links)
                if entry.verification == "approved":
                    done += entry.days

    def assessment_round(self, year: int) -> None:
        """Open the year's round, score what the data leaves to the officer, keep to the quota
        of 优秀 and finish it."""
        r = self.r
        rounds.open_round(year)
        for row in rounds.round_rows(year):
            scheme = schemes.scheme_for(year, row.subject_type)
            scores = {}
            for item in scheme.items:
                if item.bonus:
                    bonus = r.choice((0, 0, 0, 1, 2, 3))
                    scores[item.code] = str(bonus) if bonus else ""
                elif row.items[item.code] is None:  # manual, or no figure to score from
                    halves = int(item.max_points * 2)  # 65 % to full marks, in half points
                    scores[item.code] = str(Decimal(r.randint(halves * 13 // 20, halves)) / 2)
            rounds.set_scores(row.assessment_id, scores,
                              r.choice(REMARKS) if r.random() < 0.3 else "")
        for kind in schemes.SUBJECT_TYPES:
            while rounds.quota_problems(year, rows := rounds.round_rows(year, kind)):
                self.lower_below_excellent(year, min(
                    (row for row in rows if row.grade == "excellent"),
                    key=lambda row: (row.total, row.assessment_id)))
        rounds.finish_round(year)

    def lower_below_excellent(self, year: int, row) -> None:
        """Take points off the items, the officer's first, until the total is just under
        优秀's floor."""
        scheme = schemes.scheme_for(year, row.subject_type)
        excess = row.total - dict(scheme.grade_floors)["excellent"] + 1
        scores = {}
        for item in sorted(scheme.items, key=lambda item: item.source != "manual"):
            if excess > 0 and row.items[item.code]:
                taken = min(excess, row.items[item.code])
                scores[item.code] = str(row.items[item.code] - taken)
                excess -= taken
        rounds.set_scores(row.assessment_id, scores, row.remarks)
