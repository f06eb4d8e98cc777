from decimal import Decimal

from app.assessment import rounds


def test_the_default_scheme_reproduces_the_demos_2025_round_computed_by_hand(demo):
    """The demo's 2025 round (finished), five of its rows computed by hand from the demo's own
    rows (read with plain SQL from the demo database: the year's verified logs, the agreements
    and the logs within their terms, the closed demands, and the officer's scores in
    ``assessment_score``), with Quanzhou's default scheme.

    Data items: 服务次数 20 × min(logs / 12, 1); 三方协议 20 × mean over the agreements in force
    with counted targets of mean(min(done / target, 1)), the mean kept to 4 decimals; 满意度
    20 × mean score / 5; 开展对接服务 25 × min(logs / 20, 1); each to a tenth.

    | subject | logs | days | 服务方式 | 服务次数 | 三方协议 | 服务成效 | 满意度 | 加分 | 总分 | 等次 | 经费 |
    | 张伟 (individual) | 9 | 13 | 15* | 15.0 | 20.0 (a) | 25* | 14* | 1* | 90.0 | 优秀 | 1 |
    | 陈雪 (individual) | 0 | 0 | 14* | 0.0 | 2.8 (b) | 21.5* | 18* | 1* | 57.3 | 不合格 | 0 |
    | 泉州师范学院…团队 (team) | 19 | 30 | 11* | 20.0 | 15.9 (c) | 22.5* | 8.0 (d) | — | 77.4 | 合格 | 0 |
    | 黎明职业大学 (legal person) | 23 | 31 | 9.5* | 20.0 | 17.0 (e) | 21.5* | 20* | — | 88.0 | 良好 | 0.5 |

    | workstation | logs | 配套措施 | 对接服务 | 关键问题 | 服务成效 | 满意度 | 总分 | 等次 | 经费 |
    | 火炬电子科技特派员工作站 | 28 (+1 returned) | 19.5* | 25.0 | 20* | 17.5* | 12.5* | 94.5 | 优秀 | 5 |

    (* the officer's score.) (a) one agreement: 19.5 of 10 days, 2 of 1 trainings, 4 of 1
    technologies → 1. (b) agreement 1: 4.5 of 8 days, 0 of 2 technologies → 0.28125;
    agreement 2: nothing of 10 days and 2 trainings → 0; mean 0.140625 → 0.1406 → 2.812.
    (c) 18.5/8 days and 0/2 trainings → 0.5; 16/10 and 2/2 → 1; 11.5/15 and 2/1 → 0.88333…;
    mean 0.79444… → 0.7944 → 15.888. (d) one closed demand, XQ-2025-0001, rated 2 → 8.
    (e) 1 and 14/20 = 0.7 → 0.85. 陈雪 has no verified 2025 log: 不合格 whatever the total.
    """
    rows = {r.name: r for r in rounds.round_rows(2025)}
    got = {name: (rows[name].items, rows[name].total, rows[name].grade, rows[name].funds)
           for name in ("张伟", "陈雪", "泉州师范学院纺织鞋服绿色染整科技特派员团队", "黎明职业大学",
                        "火炬电子科技特派员工作站")}
    d = Decimal
    assert got == {
        "张伟": ({"service_mode": d(15), "service_count": d("15.0"), "agreement": d("20.0"),
                 "results": d(25), "satisfaction": d(14), "bonus": d(1)},
                d("90.0"), "excellent", d(1)),
        "陈雪": ({"service_mode": d(14), "service_count": d("0.0"), "agreement": d("2.8"),
                 "results": d("21.5"), "satisfaction": d(18), "bonus": d(1)},
                d("57.3"), "fail", d(0)),
        "泉州师范学院纺织鞋服绿色染整科技特派员团队": (
            {"service_mode": d(11), "service_count": d("20.0"), "agreement": d("15.9"),
             "results": d("22.5"), "satisfaction": d("8.0")}, d("77.4"), "pass", d(0)),
        "黎明职业大学": ({"service_mode": d("9.5"), "service_count": d("20.0"),
                     "agreement": d("17.0"), "results": d("21.5"), "satisfaction": d(20)},
                    d("88.0"), "good", d("0.5")),
        "火炬电子科技特派员工作站": ({"measures": d("19.5"), "matching": d("25.0"),
                             "key_problems": d(20), "results": d("17.5"),
                             "satisfaction": d("12.5")}, d("94.5"), "excellent", d(5)),
    }
    assert rows["陈雪"].violations == ("No verified service log in 2025: Fail.",)
    state = rounds.round_state(2025)
    assert state.status == "finished" and state.rows_complete == state.rows_total == 47
    assert state.excellent <= state.excellent_cap
    assert [r.name for r in rounds.withdrawal_candidates(2025)] == ["陈雪"]
