"""Generated plans of many shapes: sizes, scripts, very long tokens and empty sections.

Every text field of a generated plan is written in one script, so a deck
built from it shows how that script is measured, wrapped and laid out. The
plans are deterministic: the same arguments always give the same plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from slidegen.config import Config
from slidegen.plan.model import Plan


@dataclass(frozen=True)
class Words:
    """The vocabulary a generated plan is written in."""

    names: tuple[str, ...]
    titles: tuple[str, ...]
    sentences: tuple[str, ...]
    activities: tuple[str, ...]
    risks: tuple[str, ...]
    roles: tuple[str, ...] = ()
    """Stakeholder roles in this script (empty: the default English roles)."""
    drivers: tuple[str, ...] = ()
    """Value drivers in this script (empty: the default English drivers)."""
    customer: str = "Northwind Freight"
    connective: str = " "
    """What joins a name and a number ('Dana 3'): scripts without spaces use none."""


LATIN = Words(
    names=("Dana Whitfield", "Raj Patel", "Mei Chen", "Oliver Grant", "Sofia Marin", "Ben Adeyemi"),
    titles=("VP Engineering", "Director, Platform Engineering", "CISO", "Release Manager"),
    sentences=(
        "Owns the platform consolidation initiative and reports progress to the CTO monthly.",
        "Wants a single vendor story before the budget is locked.",
        "Ran the tooling at a previous company and sponsors the proof of value.",
        "Chairs the weekly change advisory board and worries about automated deployments.",
        "Needs help quantifying the savings for the business case.",
    ),
    activities=(
        "Technical discovery workshop",
        "Value stream assessment",
        "Executive alignment with VP Engineering",
        "Proof of value kickoff on the dispatcher app",
        "Security scanning deep dive with the CISO",
    ),
    risks=(
        "Security review may slip the decision past the quarter",
        "Procurement insists on a multi-year price hold",
        "Jenkins plugins without a migration path",
    ),
)

ARABIC = Words(
    names=("ليلى حداد", "عمر الفاروق", "سارة منصور", "يوسف خليل", "نور الهدى", "كريم عبد الله"),
    titles=("نائب الرئيس للهندسة", "مدير المنصة", "رئيس أمن المعلومات", "مدير الإصدارات"),
    sentences=(
        "يقود مبادرة توحيد المنصة ويرفع التقارير إلى المدير التقني كل شهر.",
        "يريد قصة مورد واحد قبل إقفال الميزانية.",
        "أدار الأدوات في شركته السابقة ويرعى إثبات القيمة.",
        "يترأس مجلس التغيير الأسبوعي ويقلق من النشر الآلي عبر CI/CD.",
        "يحتاج إلى مساعدة في تقدير الوفورات لدراسة الجدوى.",
    ),
    activities=("ورشة الاكتشاف التقني", "تقييم تدفق القيمة", "مواءمة تنفيذية", "بدء إثبات القيمة"),
    risks=("قد تؤخر المراجعة الأمنية القرار", "تصر المشتريات على تثبيت السعر", "إضافات بلا مسار"),
    roles=("بطل", "مؤثر", "المشتري الاقتصادي", "بطل تقني", "صانع القرار", "مدرب", "مستخدم"),
    drivers=("زيادة الكفاءة التشغيلية", "تقديم منتجات أفضل أسرع", "تقليل المخاطر الأمنية"),
    customer="شركة الشحن الشمالية",
)

HEBREW = Words(
    names=("דנה כהן", "יוסי לוי", "מיכל אברהם", "אבי מזרחי", "נועה פרץ", "עומר ביטון"),
    titles=("סמנכ״ל הנדסה", "מנהל פלטפורמה", "ה-CISO של החברה", "מנהל שחרורים"),
    sentences=(
        "מוביל את איחוד הפלטפורמה ומדווח ל-CTO מדי חודש.",
        "רוצה סיפור של ספק אחד לפני נעילת התקציב.",
        "הפעיל את הכלים בחברה הקודמת ותומך בהוכחת הערך.",
        "עומד בראש ועדת השינויים השבועית וחושש מפריסות אוטומטיות.",
        "צריך עזרה בכימות החיסכון עבור התיק העסקי.",
    ),
    activities=("סדנת גילוי טכנית", "הערכת זרם ערך", "יישור קו מול ההנהלה", "פתיחת הוכחת ערך"),
    risks=("סקירת האבטחה עלולה לעכב את ההחלטה", "הרכש דורש הקפאת מחיר", "תוספים ללא מסלול"),
    roles=("אלוף", "משפיע", "קונה כלכלי", "אלוף טכני", "מקבל החלטות", "מאמן", "משתמש"),
    drivers=("הגדלת יעילות תפעולית", "מוצרים טובים יותר מהר יותר", "הפחתת סיכוני אבטחה"),
    customer="נורת׳ווינד משלוחים",
)

CHINESE = Words(
    names=("王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊"),
    titles=("工程副总裁", "平台工程总监", "首席信息安全官", "发布经理"),
    sentences=(
        "负责平台整合计划，每月向首席技术官汇报进展。",
        "希望在预算锁定之前获得单一供应商方案。",
        "曾在上一家公司运行该工具，并支持价值验证。",
        "主持每周变更咨询委员会，担心自动化部署绕过控制。",
        "需要帮助量化业务案例中的节省。",
    ),
    activities=("技术发现研讨会", "价值流评估", "与工程副总裁的高层对齐", "价值验证启动"),
    risks=("安全审查可能推迟决策", "采购坚持多年价格锁定", "部分插件没有迁移路径"),
    roles=("支持者", "影响者", "经济买家", "技术支持者", "决策者", "教练", "用户"),
    drivers=("提高运营效率", "更快交付更好的产品", "降低安全与合规风险"),
    customer="北风货运",
    connective="",
)

JAPANESE = Words(
    names=("佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健太", "伊藤 さくら", "渡辺 翔"),
    titles=("エンジニアリング担当副社長", "プラットフォーム部長", "最高情報セキュリティ責任者"),
    sentences=(
        "プラットフォーム統合を主導し、毎月CTOに進捗を報告しています。",
        "予算確定前に単一ベンダーの説明を求めています。",
        "前職でこのツールを運用しており、価値実証を支援しています。",
        "週次の変更諮問委員会の議長で、自動デプロイを懸念しています。",
    ),
    activities=("技術ディスカバリーワークショップ", "バリューストリーム評価", "価値実証の開始"),
    risks=("セキュリティレビューが決定を遅らせる可能性", "調達が複数年の価格固定を要求"),
    roles=("チャンピオン", "インフルエンサー", "経済的購買者", "技術チャンピオン", "意思決定者"),
    drivers=("運用効率の向上", "より良い製品をより速く", "セキュリティリスクの低減"),
    customer="ノースウィンド運輸",
    connective="",
)

KOREAN = Words(
    names=("김민준", "이서연", "박지훈", "최수빈", "정예린", "강도윤"),
    titles=("엔지니어링 부사장", "플랫폼 엔지니어링 이사", "정보보호 최고책임자", "릴리스 관리자"),
    sentences=(
        "플랫폼 통합 이니셔티브를 이끌고 매달 CTO에게 진행 상황을 보고합니다.",
        "예산이 확정되기 전에 단일 공급업체 전략을 원합니다.",
        "이전 회사에서 도구를 운영했고 가치 검증을 후원합니다.",
        "주간 변경 자문 위원회를 주재하며 자동 배포를 걱정합니다.",
    ),
    activities=("기술 발견 워크숍", "가치 흐름 평가", "경영진 정렬 회의", "가치 검증 시작"),
    risks=("보안 검토로 결정이 지연될 수 있음", "구매 부서가 다년 가격 고정을 요구함"),
    roles=("챔피언", "영향력자", "경제적 구매자", "기술 챔피언", "의사 결정자", "코치", "사용자"),
    drivers=("운영 효율성 향상", "더 나은 제품을 더 빠르게", "보안 및 규정 준수 위험 감소"),
    customer="노스윈드 화물",
)

EMOJI = Words(
    names=("Dana 🚀 Whitfield", "Raj 🎯 Patel", "Mei 🌏 Chen", "Oliver 🔒 Grant", "Sofia ✅ Marin"),
    titles=("VP Engineering 🏗️", "Director 👩‍💻 Platform", "CISO 🛡️", "Release Manager 📦"),
    sentences=(
        "Owns the consolidation 🚀 and reports to the CTO monthly 📈.",
        "Wants one vendor 🤝 before the budget is locked 🔐.",
        "Sponsors the proof of value 🎉 and drafted the Jenkins exit plan 🧹.",
        "Worries that automated deployments 🤖 bypass the change board 🧑‍⚖️.",
    ),
    activities=("Discovery workshop 🔍", "Value stream assessment 📊", "Exec alignment 🤝"),
    risks=("Security review ⏳ may slip the decision", "Procurement 💰 wants a price hold"),
    customer="Northwind Freight 🚚",
)

LONG_TOKENS = Words(
    names=(
        "dana.whitfield@platform-engineering.northwind-freight.example.com",
        "svc_account_platform_consolidation_migration_owner",
        "Raj Patel",
    ),
    titles=(
        "com.northwind.freight.platform.engineering.director",
        "https://wiki.example.com/display/PLATFORM/Org+Chart?section=engineering&team=core",
    ),
    sentences=(
        "See https://confluence.northwind-freight.example.com/display/PLATFORM/Jenkins-Retirement"
        "-Plan?version=42&view=full for the plan.",
        "Config lives in org.northwind.dispatch.pipeline.templates.shared_library_v2.",
        "Tracks /var/lib/jenkins/jobs/dispatcher-app/builds/lastSuccessfulBuild/archive.",
        "Short sentence here.",
    ),
    activities=(
        "Migrate github.com/northwind-freight/dispatcher-app-monorepo-legacy-services",
        "Review SECURITY_SCANNING_CONFIGURATION_OVERRIDE_FOR_ALL_PROJECTS",
    ),
    risks=(
        "Dependency com.example.internal.legacy.authentication.provider.v1 has no successor",
        "https://jira.example.com/browse/PLAT-12345?focusedCommentId=987654&page=comment",
    ),
    customer="northwind-freight-international-logistics-holdings.example.com",
)

SCRIPTS: dict[str, Words] = {
    "latin": LATIN,
    "arabic": ARABIC,
    "hebrew": HEBREW,
    "chinese": CHINESE,
    "japanese": JAPANESE,
    "korean": KOREAN,
    "emoji": EMOJI,
    "long_tokens": LONG_TOKENS,
}

START = dt.date(2026, 9, 1)
TODAY = dt.date(2026, 11, 26)
"""The day generated decks are built on: some activities are past, some ahead."""


def _pick(values: tuple[str, ...], index: int) -> str:
    return values[index % len(values)]


def _numbered(words: Words, value: str, index: int) -> str:
    return f"{value}{words.connective}{index + 1}"


def _notes(words: Words, index: int) -> str:
    """Return one to three sentences, by `index`."""
    count = index % 3 + 1
    return " ".join(_pick(words.sentences, index + offset) for offset in range(count))


def plan_config(script: str = "latin") -> Config:
    """Return a configuration whose roles and value drivers are in `script`."""
    words = SCRIPTS[script]
    data: dict[str, Any] = {}
    if words.roles:
        data["stakeholder_roles"] = list(words.roles)
        data["required_roles"] = list(words.roles[:2])
    if words.drivers:
        data["value_drivers"] = list(words.drivers)
    return Config.model_validate(data)


def generated_plan(
    script: str = "latin",
    *,
    stakeholders: int = 60,
    activities: int = 80,
    risks: int = 40,
    empty: tuple[str, ...] = (),
    config: Config | None = None,
) -> Plan:
    """Return a plan written in `script` with lists of the given lengths.

    Sections named in `empty` (business_outcomes, architecture, stakeholders,
    win_plan, risks) are left empty.
    """
    words = SCRIPTS[script]
    config = config or plan_config(script)
    roles = list(config.stakeholder_roles)
    drivers = list(config.value_drivers)
    relationships = ("strong", "good", "neutral", "weak", "none")
    statuses = ("done", "in_progress", "planned", "cancelled")
    levels = ("high", "medium", "low")
    data: dict[str, Any] = {
        "customer": words.customer,
        "opportunity": {"name": f"{words.customer} · {_pick(words.activities, 0)}"},
        "prepared_by": {"name": words.names[0]},
        "account_team": [
            {"name": _pick(words.names, i), "role": _pick(words.titles, i)} for i in range(3)
        ],
        "date": TODAY.isoformat(),
        "business_outcomes": {
            "needs": [
                {"need": _notes(words, i), "metric": _pick(words.sentences, i + 1)}
                for i in range(4)
            ],
            "mappings": [
                {
                    "feature": _pick(words.activities, i),
                    "initiative": _pick(words.risks, i),
                    "value_driver": _pick(tuple(drivers), i),
                }
                for i in range(6)
            ],
        },
        "architecture": {
            "current": {
                "summary": _notes(words, 2),
                "zones": [{"id": "dc", "name": _pick(words.titles, 0)}],
                "components": [
                    {
                        "id": f"c{i}",
                        "name": _pick(words.activities, i),
                        "zone": "dc",
                        "pain_points": [_pick(words.sentences, i)] if i == 0 else [],
                    }
                    for i in range(3)
                ],
                "connections": [{"from": "c0", "to": "c1", "label": _pick(words.titles, 1)}],
            },
            "proposed": {
                "summary": _notes(words, 1),
                "components": [
                    {"id": f"p{i}", "name": _pick(words.risks, i), "status": "new"}
                    for i in range(2)
                ],
                "connections": [{"from": "p0", "to": "p1"}],
            },
        },
        "stakeholders": [
            {
                "name": _numbered(words, _pick(words.names, i), i),
                "title": _pick(words.titles, i),
                "role": _pick(tuple(roles), i),
                "relationship": _pick(relationships, i),
                "owner": _pick(words.names, i + 1) if i % 4 else None,
                "notes": _notes(words, i),
            }
            for i in range(stakeholders)
        ],
        "win_plan": [
            {
                "activity": _numbered(words, _pick(words.activities, i), i),
                "date": (START + dt.timedelta(days=3 * i)).isoformat(),
                "audience": _pick(words.names, i + 2),
                "status": _pick(statuses, i // 7),
                "owner": _pick(words.names, i),
                "notes": _notes(words, i + 1),
            }
            for i in range(activities)
        ],
        "risks": [
            {
                "id": f"R{i + 1:03d}",
                "risk": _pick(words.risks, i),
                "impact": _pick(levels, i),
                "likelihood": _pick(levels, i // 3),
                "mitigation": _notes(words, i + 2),
                "owner": _pick(words.names, i + 3),
                "status": _pick(("open", "mitigating", "closed"), i // 5),
            }
            for i in range(risks)
        ],
    }
    for section in empty:
        data[section] = {} if section in ("business_outcomes", "architecture") else []
    return Plan.model_validate(data, context={"config": config})
