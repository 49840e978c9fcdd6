"""The sample blog's posts, written for this project (no text copied from anywhere).

The content is shaped for search tests: Korean posts carry inflected forms (``트럼프의``,
``트럼프는``, ``대통령은``, ``만났다``) and both ``북미정상회담`` and ``북미 정상 회담``; English
posts mention ``coffee``, ``search``, ``index``, ``Python`` and ``election``; tags are shared
across posts so facet counts are interesting; one post has a hostile title and body.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

BLOG_TITLE = "느린 아카이브 Slow Archive"
BLOG_OWNER = "김하늘"


@dataclass(frozen=True, slots=True)
class Post:
    """One blog post as the author wrote it; ``published`` is ISO 8601 in Asia/Seoul (+09:00)."""

    id: int
    title: str
    author: str
    published: str
    category: str
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]
    comments: tuple[tuple[str, str], ...] = ()
    slug: str | None = None

    @property
    def path(self) -> str:
        """The URL path Tistory gives the post: ``/entry/<encoded slug>`` or ``/<id>``."""
        return f"/entry/{quote(self.slug)}" if self.slug else f"/{self.id}"


POSTS: tuple[Post, ...] = (
    # ---- 정치/국제 -------------------------------------------------------------------------
    Post(
        id=101,
        title="트럼프의 두 번째 임기, 동맹 정책은 어디로 가나",
        author="김하늘",
        published="2024-01-15T09:12:00+09:00",
        category="정치/국제",
        tags=("트럼프", "미국", "외교", "동맹"),
        paragraphs=(
            "새해 첫 주부터 워싱턴발 뉴스가 쏟아졌다. 트럼프의 선거 캠프는 동맹국이 방위비를 더 내야 한다는"
            " 주장을 다시 꺼냈고, 서울의 외교 라인은 바로 계산기를 두드리기 시작했다. 익숙한 장면이지만"
            " 이번에는 분위기가 조금 다르다.",
            "첫 임기 때와 달리 참모진이 훨씬 단단하게 꾸려져 있다는 평가가 많다. 트럼프는 충성도를"
            " 최우선으로 보고 사람을 고른다는 이야기가 돌고, 그렇다면 정책이 말 그대로 집행될 가능성도 높다."
            " 동맹을 비용으로만 보는 시각이 문서로 굳어질 수 있다는 뜻이다.",
            "물론 선거는 아직 한참 남았다. 여론조사는 흔들리고 경제 지표도 변수다. 다만 한국 입장에서는 어느"
            " 쪽이 이기든 방위비, 관세, 반도체 보조금이라는 세 가지 숙제를 미리 정리해 둘 필요가 있다.",
            "이 블로그에서는 앞으로 몇 달 동안 미국 대선 관련 글을 꾸준히 정리해 볼 생각이다. 기사"
            " 링크보다는 흐름을 적어 두는 것이 목적이다.",
        ),
        comments=(
            ("지나가던 행인", "방위비 얘기는 매번 나오네요. 정리 감사합니다."),
            ("외교덕후", "관세 부분도 따로 한 편 써 주세요!"),
        ),
    ),
    Post(
        id=102,
        title="Reading the 2024 US election polls without losing your mind",
        author="Jamie Park",
        published="2024-03-02T21:40:00+09:00",
        category="정치/국제",
        tags=("election", "미국", "polls", "data"),
        paragraphs=(
            "Every morning my feed offers a new poll that supposedly changes everything about the election."
            " Most of them change nothing. A single survey of eight hundred likely voters carries a margin"
            " of error of roughly three points, which is larger than most of the swings people get excited"
            " about.",
            "What helps is to look at averages and at the direction of movement over several weeks. I keep a"
            " small spreadsheet with the date, the pollster, the sample size and the headline numbers."
            " Plotting a rolling mean is enough to see whether something real is happening.",
            "State polls matter more than national ones because of the electoral college, and they are also"
            " noisier because they are run less often. A quiet month in a swing state usually means nobody"
            " paid for a survey, not that opinion froze.",
            "None of this predicts the result. It just keeps me from refreshing the page every hour, which"
            " is probably the best thing a data habit can do for a person during an election year.",
        ),
    ),
    Post(
        id=103,
        title="북미정상회담 이후 6년, 무엇이 남았나",
        author="김하늘",
        published="2024-06-12T22:05:00+09:00",
        category="정치/국제",
        tags=("북미 정상회담", "트럼프", "북한", "외교", "싱가포르"),
        paragraphs=(
            "2018년 6월 싱가포르에서 열린 북미정상회담을 기억하는 사람이 많을 것이다. 두 정상이 처음으로"
            " 만났다는 사실만으로도 당시에는 세계가 떠들썩했다. 그 뒤로 벌써 6년이 흘렀다.",
            "당시 공동성명은 짧았고 구체적인 일정이 빠져 있었다. 트럼프 대통령은 회담 직후 기자회견에서 큰"
            " 성과를 강조했지만, 비핵화의 정의와 순서를 두고 양측의 해석은 처음부터 달랐다. 하노이에서"
            " 협상이 멈춘 이유도 결국 그 간극이었다.",
            "돌아보면 정상 간의 개인적인 신뢰에 너무 많은 것을 걸었다는 평가가 설득력이 있다. 실무 협상이"
            " 뒷받침되지 않은 합의는 정권이 바뀌거나 분위기가 식으면 쉽게 흔들린다.",
            "다시 대화가 열린다면 이번에는 작은 단계부터 확인하는 방식이어야 한다는 의견이 많다. 사진 한"
            " 장보다 검증 가능한 약속 하나가 더 오래 남는다.",
        ),
        comments=(("평화를원해", "싱가포르 회담 날 생중계 보던 기억이 나네요."),),
    ),
    Post(
        id=104,
        title="대통령은 왜 다시 판문점을 택했을까: 북미 정상 회담 가능성 점검",
        author="오지훈",
        published="2025-02-20T08:30:00+09:00",
        category="정치/국제",
        tags=("북미 정상회담", "트럼프", "북한", "판문점"),
        paragraphs=(
            "워싱턴에서 다시 북미 정상 회담 이야기가 나오고 있다. 트럼프 대통령은 취임 직후 인터뷰에서 북한"
            " 지도자와 다시 만날 수 있다고 말했고, 외교가에서는 장소로 판문점이 거론된다.",
            "판문점은 상징성이 크다. 2019년 여름 두 정상이 예고 없이 만났던 곳이기도 하다. 당시 대통령은"
            " 군사분계선을 넘어 몇 걸음을 걸었고, 그 장면은 짧았지만 강한 인상을 남겼다.",
            "하지만 상징만으로 협상이 진전되지는 않는다. 제재 완화의 범위, 핵시설 신고의 순서, 검증 방식"
            " 같은 문제는 여전히 그대로다. 한국 정부가 어떤 역할을 맡을지도 분명하지 않다.",
            "결국 관건은 실무 협상팀이 얼마나 일찍 꾸려지느냐다. 회담 날짜보다 실무 접촉 소식에 더 주목해야"
            " 하는 이유가 여기에 있다.",
        ),
    ),
    Post(
        id=105,
        title="관세 전쟁 2라운드, 한국 수출 기업이 준비할 것들",
        author="오지훈",
        published="2025-05-08T19:20:00+09:00",
        category="정치/국제",
        tags=("트럼프", "관세", "미국", "수출", "경제"),
        paragraphs=(
            "트럼프는 선거 기간 내내 보편 관세를 약속했고, 취임 후 그 약속을 하나씩 행정명령으로 옮기고"
            " 있다. 한국 기업들은 이번에도 예외를 받을 수 있을지 촉각을 곤두세우고 있다.",
            "철강과 자동차는 이미 한 차례 겪어 본 분야라 대응 매뉴얼이 있다. 문제는 배터리와 반도체처럼 미국"
            " 현지 투자가 큰 업종이다. 보조금과 관세가 동시에 움직이면 투자 계산 자체가 달라진다.",
            "중소 수출 기업은 원산지 증명과 공급망 서류부터 정리해 두는 것이 좋다. 관세율이 바뀌는 속도보다"
            " 서류를 갖추는 속도가 느리면 그 차이가 곧 손실이 된다.",
            "정부 협상 결과를 기다리는 동안에도 할 수 있는 일은 많다. 환율과 물류비까지 묶어서 시나리오를 세"
            " 가지 정도 만들어 두기를 권한다.",
        ),
        comments=(("수출초보", "원산지 증명 부분 정말 도움됐습니다."),),
    ),
    Post(
        id=106,
        title="What a summit photo does and does not tell you",
        author="Jamie Park",
        published="2025-09-14T11:05:00+09:00",
        category="정치/국제",
        tags=("외교", "미국", "media", "북미 정상회담"),
        paragraphs=(
            "Summit photographs are built to be shared. Two leaders, two flags, a handshake held a second"
            " longer than necessary. The picture tells you that a meeting happened and that both sides"
            " wanted it to look friendly. It tells you very little about what was agreed.",
            "When I read coverage of a summit now, I look for three things: whether a joint statement"
            " exists, whether it names dates, and whether working-level talks are scheduled. If all three"
            " are missing, the event was mostly a stage.",
            "That is not always bad. Stages can lower tension and buy time. But an archive of news from past"
            " summits shows how often the follow-up never arrived, and searching that archive is a humbling"
            " exercise for anyone who believed the headlines.",
        ),
    ),
    Post(
        id=107,
        title="미국 중간선거를 1년 앞두고 보는 세 가지 지표",
        author="김하늘",
        published="2025-11-03T07:45:00+09:00",
        category="정치/국제",
        tags=("미국", "선거", "election", "트럼프"),
        paragraphs=(
            "미국 중간선거가 1년 앞으로 다가왔다. 집권당이 중간선거에서 고전하는 것은 오래된 공식이지만,"
            " 이번에는 트럼프의 지지층 결집력이 그 공식을 얼마나 비틀지가 관심사다.",
            "첫 번째 지표는 대통령 지지율이다. 40퍼센트 초반에 머물면 하원 다수당이 바뀔 가능성이 커진다. 두"
            " 번째는 물가, 특히 휘발유와 식료품 가격이다. 유권자는 통계보다 장바구니로 경제를 느낀다.",
            "세 번째는 경선 결과다. 어떤 후보가 공천을 받느냐에 따라 본선 경쟁력이 크게 달라진다. 극단적인"
            " 후보가 많이 이기면 상대 당에게 유리해지는 경우가 적지 않았다.",
            "한국 뉴스에서는 잘 다루지 않지만 주지사 선거도 중요하다. 다음 대선의 선거 관리를 누가 맡느냐가"
            " 여기서 정해지기 때문이다.",
        ),
        comments=(
            ("정치초보", "주지사 선거가 그렇게 중요한 줄 몰랐어요."),
            ("Sam", "Good summary, the gas price point is spot on."),
        ),
    ),
    # ---- 정치/국내 -------------------------------------------------------------------------
    Post(
        id=108,
        title="총선 D-30, 공약집을 직접 읽어 보았다",
        author="김하늘",
        published="2024-03-11T23:10:00+09:00",
        category="정치/국내",
        tags=("총선", "선거", "정책", "공약"),
        paragraphs=(
            "총선을 한 달 앞두고 주요 정당의 공약집을 처음부터 끝까지 읽어 보았다. 뉴스에서 한 줄로 요약된"
            " 공약과 실제 문서의 내용이 꽤 다르다는 것을 알게 되었다.",
            "가장 눈에 띈 것은 재원 계획이 빠진 공약이 많다는 점이다. 무엇을 하겠다는 문장은 길지만 돈을"
            " 어디서 마련할지는 한두 줄로 끝난다. 숫자가 없는 공약은 나중에 평가하기도 어렵다.",
            "주거와 저출생 공약은 두 당이 비슷한 단어를 쓰는데 방향은 정반대인 경우가 있었다. 같은"
            " 지원이라는 단어가 한쪽에서는 현금을, 다른 쪽에서는 세금 감면을 뜻했다.",
            "공약집은 각 당 홈페이지에서 누구나 내려받을 수 있다. 관심 있는 분야 두세 개만 골라 비교해 보는"
            " 것을 추천한다. 생각보다 재미있다.",
        ),
    ),
    Post(
        id=109,
        title="국회 예산 심사, 뉴스가 말해주지 않는 일정표",
        author="오지훈",
        published="2024-11-20T18:30:00+09:00",
        category="정치/국내",
        tags=("국회", "예산", "정책"),
        paragraphs=(
            "매년 11월이면 국회 예산 심사 뉴스가 쏟아진다. 그런데 기사만 보면 예산이 언제 어떤 절차로"
            " 확정되는지 알기 어렵다. 그래서 일정표를 정리해 보았다.",
            "정부안은 9월 초에 국회로 넘어온다. 상임위원회 예비 심사를 거쳐 예산결산특별위원회가 종합 심사를"
            " 하고, 마지막에 소위원회에서 증액과 감액이 결정된다. 법정 처리 시한은 12월 2일이다.",
            "문제는 소위원회 논의가 대부분 비공개라는 점이다. 어떤 사업이 왜 늘고 줄었는지 회의록으로"
            " 확인하기 어렵다. 시민단체들이 매년 투명성을 요구하는 이유다.",
            "올해도 시한을 넘길 가능성이 높다는 관측이 나온다. 지역 사업 예산을 둘러싼 줄다리기가 길어지고"
            " 있기 때문이다. 처리 결과가 나오면 달라진 항목을 따로 정리해서 올릴 예정이니 관심 있는 분들은"
            " 기다려 주시길 바란다.",
        ),
        comments=(("세금내는사람", "소위원회 비공개는 정말 바뀌어야 합니다."),),
    ),
    Post(
        id=110,
        title="대통령은 담화에서 무엇을 말하지 않았나",
        author="김하늘",
        published="2025-01-09T20:00:00+09:00",
        category="정치/국내",
        tags=("대통령", "정책", "담화"),
        paragraphs=(
            "어젯밤 대통령은 신년 담화에서 경제 회복과 규제 완화를 여러 번 강조했다. 연설문 전문을 다시 읽어"
            " 보니 말한 것만큼이나 말하지 않은 것이 눈에 들어왔다.",
            "연금 개혁은 한 문장으로 지나갔고 구체적인 일정은 없었다. 지방 소멸이나 의료 인력 문제도 거의"
            " 언급되지 않았다. 지난해 가장 논쟁이 컸던 주제들이 빠진 셈이다.",
            "담화는 원래 듣기 좋은 말을 모아 놓은 글이라는 반론도 있다. 하지만 국정 우선순위를 가장 분명하게"
            " 보여주는 문서이기도 하다. 빠진 주제는 올해 뒤로 밀린다고 봐도 무리가 없다.",
            "연설문을 주제별로 검색해 보면 단어 빈도만으로도 흐름이 보인다. 다음 글에서는 지난 5년 치 담화를"
            " 비교해 볼 생각이다.",
        ),
    ),
    Post(
        id=111,
        title="지방선거를 앞둔 우리 동네 이야기",
        author="오지훈",
        published="2025-12-14T10:25:00+09:00",
        category="정치/국내",
        tags=("지방선거", "선거", "서울", "동네"),
        paragraphs=(
            "내년 지방선거를 앞두고 동네 분위기가 조금씩 달라지고 있다. 지하철역 앞에 현수막이 늘었고,"
            " 주말마다 명함을 나눠 주는 사람들이 보인다.",
            "구청장과 시의원 후보들이 가장 많이 이야기하는 것은 재개발과 주차 문제다. 놀랍게도 공원과 도서관"
            " 이야기는 거의 없다. 주민 설명회에 가 보니 질문도 대부분 집값과 관련된 것이었다.",
            "지방선거는 투표율이 낮아서 조직이 있는 후보가 유리하다. 그래서 오히려 한 표의 무게가 크다. 우리"
            " 구 예산이 어디에 쓰이는지 한 번쯤 찾아보는 것도 좋겠다.",
            "다음에는 구청 예산서를 직접 열어 보고 항목별로 정리해 볼 예정이다. 숫자로 보면 후보들의 공약이"
            " 현실적인지 조금 더 분명하게 보일 것이다.",
        ),
        comments=(("옆동네주민", "저희 동네도 재개발 얘기뿐이에요."),),
    ),
    Post(
        id=112,
        title="How Korean local elections actually work",
        author="Jamie Park",
        published="2026-02-05T16:50:00+09:00",
        category="정치/국내",
        tags=("지방선거", "election", "Korea", "politics"),
        paragraphs=(
            "Friends abroad often ask how Korean local elections work, usually after seeing photos of"
            " campaign trucks with loudspeakers. On a single day every four years, voters choose mayors,"
            " governors, district heads, council members and school superintendents.",
            "That means a voter can receive seven ballots in one visit to the polling station. Party"
            " affiliation helps candidates for the larger offices, while superintendent candidates are not"
            " allowed to run under a party label at all, which makes those races surprisingly hard to"
            " follow.",
            "Turnout tends to sit near sixty percent, lower than in a presidential election. Early voting on"
            " the Friday and Saturday before election day has become popular, and the results are counted"
            " and published overnight with remarkable speed.",
        ),
    ),
    Post(
        id=113,
        title="정당 현수막 규제, 무엇이 바뀌었나",
        author="김하늘",
        published="2026-07-22T13:15:00+09:00",
        category="정치/국내",
        tags=("정책", "선거", "현수막"),
        paragraphs=(
            "거리마다 걸려 있던 정당 현수막이 눈에 띄게 줄었다. 옥외광고물법 개정안이 시행되면서 설치 장소와"
            " 개수, 게시 기간에 제한이 생겼기 때문이다.",
            "개정 전에는 정당 현수막이 사실상 규제 밖에 있었다. 교차로마다 서로를 비난하는 문구가 걸려"
            " 운전자의 시야를 가린다는 민원이 끊이지 않았다. 주민들의 불만이 법 개정으로 이어진 드문 사례다.",
            "정당들은 표현의 자유가 위축된다고 반발했다. 반면 지방자치단체는 단속 근거가 생겨 환영하는"
            " 분위기다. 선거 기간에는 여전히 예외가 적용된다.",
            "현수막이 사라진 자리에는 이제 온라인 광고가 늘고 있다. 규제가 공간을 옮겨 다니는 셈이다. 온라인"
            " 정치 광고를 어떻게 다룰지는 다음 국회의 숙제로 남았다.",
        ),
    ),
    # ---- 경제/부동산 -----------------------------------------------------------------------
    Post(
        id=114,
        title="전세 계약 전에 꼭 확인할 다섯 가지",
        author="오지훈",
        published="2024-02-18T15:30:00+09:00",
        category="경제/부동산",
        tags=("부동산", "전세", "체크리스트", "서울"),
        paragraphs=(
            "전세 사기 뉴스가 이어지면서 계약을 앞둔 친구들이 자주 물어본다. 그래서 내가 직접 계약하면서"
            " 확인한 다섯 가지를 정리했다.",
            "첫째, 등기부등본을 계약 당일에 다시 떼어 본다. 둘째, 선순위 채권과 보증금을 합친 금액이 매매"
            " 시세의 70퍼센트를 넘지 않는지 본다. 셋째, 집주인의 세금 체납 여부를 확인한다.",
            "넷째, 전세보증보험 가입이 가능한 집인지 미리 알아본다. 보험이 거절되는 집은 그 자체로 경고"
            " 신호다. 다섯째, 잔금 날 바로 전입신고를 하고 확정일자를 받는다.",
            "귀찮아 보여도 전부 하루면 끝나는 일이다. 보증금은 대부분의 사람에게 전 재산이라는 점을 잊지"
            " 말자. 확인한 내용은 사진으로 남겨 두면 나중에 분쟁이 생겼을 때 도움이 된다.",
        ),
        comments=(
            ("이사준비중", "체납 확인은 생각도 못 했네요. 감사합니다!"),
            ("부동산공부", "보증보험 거절되면 정말 피해야 합니다."),
        ),
    ),
    Post(
        id=115,
        title="금리 인하 신호와 아파트 거래량",
        author="오지훈",
        published="2024-08-27T08:05:00+09:00",
        category="경제/부동산",
        tags=("부동산", "금리", "아파트", "경제"),
        paragraphs=(
            "한국은행이 금리 인하 신호를 보내자 서울 아파트 거래량이 빠르게 늘었다. 실거래가 공개 시스템을"
            " 보면 지난달 거래 건수가 1년 전보다 눈에 띄게 많다.",
            "거래량은 가격보다 먼저 움직이는 경우가 많다. 매수자가 늘면 호가가 오르고, 몇 달 뒤 실거래가에"
            " 반영된다. 그래서 시장 분위기를 볼 때는 가격보다 거래량을 먼저 본다.",
            "다만 지역별 차이가 크다. 강남과 용산은 신고가가 나오는 반면 외곽 지역은 여전히 조용하다. 평균"
            " 숫자만 보면 이런 양극화를 놓치기 쉽다.",
            "대출 규제가 함께 바뀌는지도 지켜봐야 한다. 금리가 내려도 대출 한도가 묶이면 효과는 제한적이다."
            " 다음 달 통계가 나오면 지역별 거래량을 다시 비교해 보겠다.",
        ),
    ),
    Post(
        id=116,
        title="Why everyone in Seoul talks about jeonse",
        author="Jamie Park",
        published="2025-03-16T12:40:00+09:00",
        category="경제/부동산",
        tags=("부동산", "전세", "Korea", "housing"),
        paragraphs=(
            "Jeonse is the Korean rental system where a tenant hands the landlord a large lump-sum deposit,"
            " often half the value of the flat, and pays no monthly rent. At the end of the contract the"
            " whole deposit comes back. Visitors usually find it baffling.",
            "It worked for decades because landlords could invest the deposit and earn interest or buy"
            " another property. When rates were high and prices kept rising, everybody seemed to win.",
            "The system wobbles when prices fall. A landlord who spent the deposit on another flat may be"
            " unable to return it, and a wave of fraud cases in recent years turned that risk into national"
            " news. Deposit insurance has become a standard part of the conversation.",
            "Monthly rent is slowly gaining ground, especially among younger tenants who would rather keep"
            " their savings liquid. Still, ask any office worker in Seoul and you will hear a jeonse story.",
        ),
    ),
    Post(
        id=117,
        title="청약 가점 계산, 헷갈리는 부분만 모았다",
        author="김하늘",
        published="2025-06-30T21:55:00+09:00",
        category="경제/부동산",
        tags=("부동산", "청약", "체크리스트"),
        paragraphs=(
            "청약 가점은 무주택 기간, 부양가족 수, 청약통장 가입 기간 세 가지로 계산한다. 만점은 84점이다."
            " 공식은 단순한데 막상 계산하면 헷갈리는 부분이 많다.",
            "무주택 기간은 만 30세부터 센다. 단, 30세 이전에 결혼했다면 혼인신고일부터 계산한다."
            " 부양가족에는 배우자와 자녀가 들어가고, 부모님은 3년 이상 같은 주민등록에 있어야 인정된다.",
            "가장 많이 실수하는 부분은 소형 저가 주택이다. 일정 기준 이하의 집을 가지고 있으면 무주택으로"
            " 보기도 하는데, 기준이 공고마다 조금씩 다르다.",
            "결국 모집 공고문을 꼼꼼히 읽는 수밖에 없다. 가점이 애매하면 청약홈의 모의 계산 기능을 꼭 써"
            " 보자. 당첨 후에 가점 오류가 발견되면 당첨이 취소될 수 있으니 더욱 신중해야 한다.",
        ),
    ),
    Post(
        id=118,
        title="재건축 초과이익 환수제, 쉽게 풀어 보기",
        author="오지훈",
        published="2026-01-12T09:35:00+09:00",
        category="경제/부동산",
        tags=("부동산", "재건축", "정책", "세금"),
        paragraphs=(
            "재건축 초과이익 환수제는 재건축으로 집값이 크게 오르면 그 이익의 일부를 부담금으로 걷는 제도다."
            " 이름이 길어서 어렵게 느껴지지만 원리는 단순하다.",
            "추진위원회가 만들어진 시점의 집값과 준공 시점의 집값을 비교하고, 그 사이의 정상적인 상승분과"
            " 공사비 등을 뺀다. 남은 금액이 일정 수준을 넘으면 구간별로 부담금이 매겨진다.",
            "최근 개정으로 면제 기준이 올라가고 1주택 장기 보유자에 대한 감면이 생겼다. 그래서 부담금이 크게"
            " 줄어드는 단지가 많아졌다.",
            "그래도 재건축 사업성은 공사비와 금리에 더 크게 좌우된다. 부담금만 보고 투자를 결정하는 것은"
            " 위험하다. 조합원 분담금이 얼마나 될지를 먼저 따져 보는 것이 순서다. 총회 자료를 꼼꼼히 읽어"
            " 보길 권한다.",
        ),
    ),
    Post(
        id=119,
        title="부동산 뉴스 검색으로 본 10년의 키워드",
        author="김하늘",
        published="2026-04-25T17:20:00+09:00",
        category="경제/부동산",
        tags=("부동산", "검색", "data", "뉴스"),
        paragraphs=(
            "지난 10년 동안의 부동산 기사 제목을 모아 검색해 보았다. 연도별로 가장 자주 나온 단어를 세어"
            " 보니 시장의 분위기가 그대로 드러났다.",
            "집값이 오르던 시기에는 갭투자, 영끌, 신고가 같은 단어가 넘쳤다. 금리가 오르자 역전세, 깡통전세,"
            " 급매가 그 자리를 차지했다. 단어만 봐도 사람들이 무엇을 걱정했는지 알 수 있다.",
            "재미있는 것은 정책 이름이다. 대책이 발표될 때마다 기사에 짧게 등장했다가 석 달이면 사라졌다."
            " 시장은 정책보다 금리에 더 오래 반응했다.",
            "이런 분석은 뉴스 아카이브가 있어야 가능하다. 기사들을 한곳에 모아 두고 검색할 수 있게 만드는"
            " 것이 생각보다 큰 힘이 된다.",
        ),
        comments=(("데이터좋아", "영끌에서 역전세로 가는 흐름이 딱 보이네요."),),
    ),
    # ---- Tech/Python -----------------------------------------------------------------------
    Post(
        id=120,
        title="Python virtual environments, the boring way",
        author="Jamie Park",
        published="2024-01-28T14:10:00+09:00",
        category="Tech/Python",
        tags=("Python", "venv", "tutorial", "tooling"),
        paragraphs=(
            "Every few months someone asks me which Python environment tool to use, and my answer stays"
            " boring: the built-in venv module. It ships with Python, it is documented, and it does one job.",
            "Create one per project with python -m venv .venv, activate it or call .venv/bin/python"
            " directly, and install from a pinned requirements file. Calling the interpreter by path is"
            " underrated because it makes scripts and cron jobs behave exactly like your shell.",
            "When a project grows, a lock file and a tool that resolves dependencies start to pay off. Until"
            " then, fewer moving parts mean fewer surprises when you come back to the code a year later.",
            "The one rule I never break: never install packages into the system Python. That road ends with"
            " a broken package manager and a long evening.",
        ),
        comments=(("devnull", "Calling .venv/bin/python directly saved me so many cron headaches."),),
    ),
    Post(
        id=121,
        title="파이썬 가상환경 정리: venv 하나면 충분하다",
        author="오지훈",
        published="2024-05-19T22:45:00+09:00",
        category="Tech/Python",
        tags=("Python", "venv", "파이썬", "tutorial"),
        paragraphs=(
            "파이썬을 처음 배우는 후배가 가상환경 도구가 너무 많아서 무엇을 써야 할지 모르겠다고 했다. 내"
            " 대답은 간단했다. 표준 라이브러리의 venv 하나면 충분하다.",
            "프로젝트 폴더에서 python -m venv .venv 를 실행하면 끝이다. 활성화가 번거로우면 .venv/bin/python"
            " 을 직접 불러도 된다. 패키지는 requirements.txt 에 버전을 고정해서 설치한다.",
            "가상환경을 쓰는 이유는 프로젝트마다 라이브러리 버전이 다르기 때문이다. 한 프로젝트에서"
            " 업그레이드한 패키지가 다른 프로젝트를 망가뜨리는 일을 막아 준다.",
            "도구는 나중에 필요할 때 바꿔도 늦지 않다. 처음에는 원리를 이해하는 것이 더 중요하다. 가상환경"
            " 폴더는 git 에 올리지 말고 .gitignore 에 꼭 추가해 두자. 다른 컴퓨터에서는 requirements.txt 로"
            " 다시 만들면 된다.",
        ),
        slug="파이썬-가상환경-정리",
    ),
    Post(
        id=122,
        title="Writing a tiny inverted index in Python",
        author="Jamie Park",
        published="2024-09-07T10:30:00+09:00",
        category="Tech/Python",
        tags=("Python", "search", "index", "tutorial"),
        paragraphs=(
            "An inverted index maps each term to the documents that contain it. It is the data structure"
            " behind almost every search engine, and a toy version fits in about thirty lines of Python.",
            "Start with a dictionary from term to a set of document ids. Tokenise each document by"
            " lowercasing and splitting on non-letters, then add the id to the set of every token. A query"
            " with several words becomes an intersection of sets.",
            "Ranking is the next step. Count how often a term occurs in each document, weigh rare terms more"
            " than common ones, and sort. That is the core idea of TF-IDF and, with a few refinements, of"
            " BM25.",
            "The toy breaks down on Korean text, where a simple split leaves particles attached to nouns."
            " That problem deserves its own post.",
        ),
        slug="inverted-index-basics",
    ),
    Post(
        id=123,
        title="Python으로 한국어 형태소 분석기 비교해 보기",
        author="오지훈",
        published="2025-01-25T16:00:00+09:00",
        category="Tech/Python",
        tags=("Python", "한국어", "형태소 분석", "search", "검색"),
        paragraphs=(
            "한국어 검색을 만들다 보면 제일 먼저 부딪히는 문제가 조사다. 트럼프는, 트럼프의, 트럼프를 이"
            " 모두 같은 사람을 가리키지만 공백으로만 자르면 서로 다른 단어가 된다.",
            "그래서 Python 에서 쓸 수 있는 형태소 분석기 몇 가지를 같은 문장으로 비교해 보았다. 속도, 설치"
            " 난이도, 신조어 처리, 복합명사 분해를 기준으로 삼았다.",
            "결과는 예상대로 장단점이 뚜렷했다. 사전이 큰 분석기는 정확하지만 설치가 무겁고, 가벼운 분석기는"
            " 빠르지만 북미정상회담 같은 복합명사를 통째로 남기는 경우가 많았다.",
            "형태소 분석 대신 문자 n-gram 으로 색인하는 방법도 있다. 색인 크기는 커지지만 어떤 입력이 와도"
            " 최소한의 검색 결과를 보장한다는 장점이 있다. Index size versus recall, the usual trade-off.",
        ),
        comments=(
            ("nlp러", "n-gram 방식도 꽤 쓸 만하죠. 비교표 공유 부탁드려요."),
            ("검색초보", "조사 문제 때문에 고생 중이었는데 도움 됐습니다."),
        ),
    ),
    Post(
        id=124,
        title="Type hints that actually caught bugs",
        author="Jamie Park",
        published="2025-07-11T09:50:00+09:00",
        category="Tech/Python",
        tags=("Python", "typing", "tooling"),
        paragraphs=(
            "I resisted type hints in Python for years because they looked like paperwork. What changed my"
            " mind was a list of real bugs that a type checker found in a codebase I thought was solid.",
            "The most common one was a function that returned None on an error path while every caller"
            " assumed a string. The second was a dictionary whose values were sometimes lists and sometimes"
            " single items, depending on how many results a search returned.",
            "Neither bug was exotic. Both would have shown up eventually in production, probably at night."
            " Annotating the public functions first gave most of the benefit for a fraction of the effort.",
            "My current rule is simple: hints on everything public, a checker in continuous integration, and"
            " no arguing with it on Fridays.",
        ),
    ),
    Post(
        id=125,
        title="파이썬 asyncio 로 크롤러 만들 때 주의할 점",
        author="오지훈",
        published="2025-10-19T23:30:00+09:00",
        category="Tech/Python",
        tags=("Python", "파이썬", "크롤러", "asyncio"),
        paragraphs=(
            "asyncio 로 크롤러를 만들면 적은 스레드로 많은 요청을 동시에 보낼 수 있다. 하지만 속도에 취하면"
            " 상대 서버에 폐를 끼치기 쉽다.",
            "가장 먼저 할 일은 robots.txt 를 읽고 지키는 것이다. 그다음은 호스트별 동시 요청 수와 요청"
            " 간격을 제한하는 것이다. 세마포어 하나와 짧은 대기 시간만으로도 충분하다.",
            "조건부 요청도 잊지 말자. 이전에 받은 ETag 와 Last-Modified 값을 저장해 두었다가 다시 보내면,"
            " 바뀌지 않은 페이지는 304 응답으로 끝난다. 서버도 편하고 내 대역폭도 아낀다.",
            "마지막으로 사이트맵을 먼저 보는 습관을 들이자. 링크를 따라 헤매는 것보다 훨씬 빠르고 정확하다.",
        ),
    ),
    Post(
        id=126,
        title="Profiling a slow Python script in ten minutes",
        author="Jamie Park",
        published="2026-03-08T20:15:00+09:00",
        category="Tech/Python",
        tags=("Python", "performance", "tooling", "tutorial"),
        paragraphs=(
            "A colleague's report script took forty minutes to run and nobody knew why. Before rewriting"
            " anything, we spent ten minutes with the standard profiler, and the answer was embarrassing.",
            "Running python -m cProfile -s cumulative on the script showed that almost all the time went"
            " into one helper that parsed the same date strings again and again inside a loop. Caching the"
            " parsed values cut the run to under two minutes.",
            "The lesson is old but worth repeating: measure first. Guesses about performance are wrong more"
            " often than they are right, even for experienced people.",
            "For longer-running services a sampling profiler that attaches to a live process is gentler, but"
            " for a script on your laptop the built-in tools are enough.",
        ),
    ),
    # ---- Tech/Search -----------------------------------------------------------------------
    Post(
        id=127,
        title="BM25 explained with a coffee analogy",
        author="Jamie Park",
        published="2024-04-04T08:20:00+09:00",
        category="Tech/Search",
        tags=("search", "BM25", "ranking", "coffee"),
        paragraphs=(
            "Imagine searching a pile of café reviews for the word coffee. Every review mentions coffee, so"
            " the word tells you almost nothing. Searching for cortado is different: few reviews use it, so"
            " a match is meaningful. That is inverse document frequency.",
            "Now imagine one review says coffee forty times. Is it forty times more relevant than a review"
            " that says it twice? Probably not. BM25 saturates term frequency, so the first few mentions"
            " count a lot and later ones count less.",
            "Finally, long reviews mention everything eventually. BM25 normalises by document length, so a"
            " short review that mentions cortado once can outrank a rambling essay.",
            "Those three ideas, rarity, saturation and length, are most of what makes a search index rank"
            " well out of the box.",
        ),
        comments=(("barista_k", "Best explanation of saturation I have read."),),
    ),
    Post(
        id=128,
        title="검색 엔진에서 한국어 조사를 다루는 세 가지 방법",
        author="김하늘",
        published="2024-07-21T19:40:00+09:00",
        category="Tech/Search",
        tags=("검색", "한국어", "search", "형태소 분석"),
        paragraphs=(
            "영어는 공백으로 단어를 나누면 대부분 해결되지만 한국어는 그렇지 않다. 대통령은, 대통령이,"
            " 대통령의 처럼 명사 뒤에 조사가 붙기 때문이다. 검색 엔진은 이 문제를 어떻게든 풀어야 한다.",
            "첫 번째 방법은 형태소 분석기로 명사만 뽑아 색인하는 것이다. 정확하지만 사전에 없는 신조어에"
            " 약하다. 두 번째 방법은 자주 쓰이는 조사 목록을 만들어 단어 끝에서 잘라내는 것이다. 단순하지만"
            " 의외로 효과가 좋다.",
            "세 번째 방법은 문자 단위 n-gram 이다. 두 글자씩 겹치게 잘라 색인하면 조사든 복합명사든 상관없이"
            " 부분 일치가 가능하다. 대신 엉뚱한 문서가 섞이기 쉬워서 순위 조정이 중요하다.",
            "실제 서비스에서는 이 방법들을 섞어 쓰는 경우가 많다. 정답은 데이터와 사용자에 따라 달라진다.",
        ),
        comments=(("형태소", "조사 목록 방식이 생각보다 잘 된다는 데 동의합니다."),),
    ),
    Post(
        id=129,
        title="Faceted search: counting what you cannot see",
        author="Jamie Park",
        published="2024-12-02T13:05:00+09:00",
        category="Tech/Search",
        tags=("search", "facets", "index", "UX"),
        paragraphs=(
            "Facets are the little counts next to filters on a results page: twelve posts in Travel, three"
            " tagged coffee, forty from 2025. They help people narrow a search without typing a new query.",
            "Computing them is easy for a small index and surprisingly tricky for a large one. You need"
            " counts over all matching documents, not just the ten on the first page, and you need them"
            " fast.",
            "Most engines keep a column of values per field so they can scan matches and tally quickly."
            " Counts for tags with spaces or mixed scripts are where bugs like to hide, so test them"
            " explicitly.",
            "A good facet panel also shows zero counts sparingly. A filter that leads to nothing is worse"
            " than no filter at all.",
        ),
    ),
    Post(
        id=130,
        title="<script>alert(1)</script> 제목 테스트",
        author="김하늘",
        published="2025-04-01T12:00:00+09:00",
        category="Tech/Search",
        tags=("보안", "XSS", "테스트"),
        paragraphs=(
            "이 글은 검색 결과 화면이 제목과 본문을 안전하게 출력하는지 확인하려고 만든 테스트용 글이다."
            " 제목에 스크립트 태그가 들어 있는데, 화면에는 글자 그대로 보여야 하고 실행되면 안 된다.",
            '본문에도 위험한 문자열을 넣어 두었다. "><img src=x onerror=alert(1)> 이 문자열이 검색 결과'
            " 요약에 나타날 때 이미지 태그로 해석되면 실패다. 꺾쇠와 따옴표가 모두 이스케이프되어야 한다.",
            "검색어 강조 기능도 조심해야 한다. 강조용 태그를 넣기 전에 원문을 먼저 이스케이프하지 않으면,"
            " 검색어 주변의 문자열이 그대로 마크업이 되어 버린다. 순서가 중요하다.",
            "이런 글 하나를 테스트 데이터에 넣어 두면 회귀를 쉽게 잡을 수 있다. 보안 점검은 한 번으로 끝나는"
            " 일이 아니다.",
        ),
    ),
    Post(
        id=131,
        title="Search relevance is a people problem",
        author="Jamie Park",
        published="2025-08-25T18:48:00+09:00",
        category="Tech/Search",
        tags=("search", "relevance", "ranking", "UX"),
        paragraphs=(
            "After years of tuning search systems I am convinced that relevance is mostly about people. The"
            " algorithm matters, but deciding what a good result looks like is a conversation, not a"
            " formula.",
            "The most useful tool we ever built was a page where colleagues could type a query, see two"
            " rankings side by side and click the better one. A few hundred judgments told us more than"
            " weeks of tuning parameters by feel.",
            "Keep a fixed set of queries with known good answers and run it on every change. A ranking tweak"
            " that helps election queries can quietly break coffee queries, and only a judged set will"
            " notice.",
        ),
        comments=(
            ("relevance_nerd", "Side-by-side judging is so underrated."),
            ("하늘", "저희 팀도 비슷한 도구를 만들었는데 효과가 좋았어요."),
        ),
    ),
    Post(
        id=132,
        title="뉴스 아카이브 검색기를 만들며 배운 것 (Building a news archive search)",
        author="오지훈",
        published="2026-05-17T21:10:00+09:00",
        category="Tech/Search",
        tags=("검색", "search", "index", "뉴스", "Python"),
        paragraphs=(
            "지난 몇 달 동안 개인 뉴스 아카이브 검색기를 만들었다. 블로그와 뉴스 기사 수만 건을 모아 두고"
            " 한국어와 영어를 모두 검색할 수 있게 하는 것이 목표였다.",
            "The first lesson was that crawling is harder than indexing. Pages change, servers rate-limit,"
            " and every blog platform hides the article body in a different place. 본문을 정확히 뽑아내는 데"
            " 가장 많은 시간이 들었다.",
            "두 번째 교훈은 날짜다. 페이지마다 날짜 형식이 다르고, 어떤 곳은 12시간제 숫자를 오전 오후 표시"
            " 없이 쓴다. Always prefer the machine-readable published time over the visible one.",
            "마지막 교훈은 작은 테스트 데이터의 힘이다. 직접 만든 작은 블로그 하나가 어떤 벤치마크보다 많은"
            " 버그를 잡아 주었다.",
        ),
    ),
    Post(
        id=133,
        title="Why your search index needs a changelog",
        author="Jamie Park",
        published="2026-09-03T10:40:00+09:00",
        category="Tech/Search",
        tags=("search", "index", "operations"),
        paragraphs=(
            "An index is a derived artifact, so it is tempting to treat it as disposable. Then one day"
            " results look different and nobody can say whether the data changed, the analyzer changed or"
            " the ranking changed.",
            "A changelog fixes that. Every rebuild writes a line with the date, the number of documents, the"
            " analyzer version and the ranking parameters. When results shift, you compare two lines instead"
            " of guessing.",
            "The same idea applies to crawls. Record how many pages were fetched, how many returned 304 Not"
            " Modified, and how many failed. Trends in those numbers reveal broken sites long before users"
            " complain.",
        ),
    ),
    # ---- Travel/Korea ----------------------------------------------------------------------
    Post(
        id=134,
        title="부산 여행 2일차: 영도와 흰여울마을",
        author="김하늘",
        published="2024-04-28T20:30:00+09:00",
        category="Travel/Korea",
        tags=("여행", "부산", "국내여행", "바다"),
        paragraphs=(
            "부산 여행 둘째 날은 영도에서 보냈다. 남포동에서 버스를 타고 영도대교를 건너면 금방이다. 다리가"
            " 들리는 시간에 맞추지는 못했지만 바다 바람만으로도 충분히 좋았다.",
            "흰여울마을은 절벽 위에 작은 집들이 다닥다닥 붙어 있는 동네다. 골목을 따라 걷다 보면 갑자기"
            " 바다가 탁 트이는 순간이 여러 번 온다. 주민들이 사는 곳이라 조용히 다니는 것이 예의다.",
            "점심은 근처 시장에서 어묵과 칼국수를 먹었다. 오후에는 해안 산책로를 따라 태종대 쪽으로"
            " 걸었는데, 생각보다 길어서 운동화를 신고 오길 잘했다.",
            "저녁에는 다시 시내로 돌아와 야경을 봤다. 부산은 올 때마다 새로운 골목이 보인다.",
        ),
        comments=(("부산사람", "흰여울마을 좋죠! 다음엔 봄에 오세요."),),
        slug="부산-여행-2일차",
    ),
    Post(
        id=135,
        title="A slow weekend in Gyeongju",
        author="Jamie Park",
        published="2024-10-13T17:45:00+09:00",
        category="Travel/Korea",
        tags=("여행", "Korea", "travel", "Gyeongju"),
        paragraphs=(
            "Gyeongju is the city I recommend to friends who have already seen Seoul. It was the capital of"
            " the Silla kingdom for almost a thousand years, and the royal tombs sit in the middle of town"
            " like grassy hills.",
            "I rented a bicycle near the bus terminal and spent a day riding between the tombs, the old"
            " observatory and the pond at Donggung Palace. Everything is flat and close together, which"
            " makes cycling the best way around.",
            "In the evening the palace pond is lit up and the reflections are worth the crowds. The next"
            " morning I took a bus up to Bulguksa temple early, before the tour groups arrived.",
            "Stay at least one night. Day trippers miss the quiet hours, which are the best part of the"
            " city.",
        ),
    ),
    Post(
        id=136,
        title="제주 동쪽 해안도로 드라이브 코스",
        author="오지훈",
        published="2025-03-29T11:20:00+09:00",
        category="Travel/Korea",
        tags=("여행", "제주", "국내여행", "드라이브"),
        paragraphs=(
            "제주 동쪽 해안도로는 혼자 운전해도 지루하지 않은 길이다. 함덕에서 출발해 월정리와 세화를 지나"
            " 성산까지 가는 코스를 추천한다. 쉬지 않고 달리면 한 시간 남짓이지만 반나절은 잡아야 한다.",
            "월정리에는 바다가 보이는 카페가 줄지어 있다. 사람이 많은 곳을 피하고 싶다면 세화 쪽이 조금 더"
            " 한적하다. 구좌읍 근처 당근밭 사이로 난 길도 예쁘다.",
            "성산일출봉은 아침 일찍 오르는 것이 좋다. 오후에는 단체 관광객이 많고 햇볕도 강하다. 내려와서"
            " 근처 식당에서 고기국수를 먹으면 완벽한 마무리다.",
            "해안도로는 바람이 센 날이 많으니 창문을 열 때 조심하자. 렌터카 반납 시간도 넉넉하게 잡는 것이"
            " 좋다.",
        ),
        comments=(
            ("제주댁", "세화 쪽 조용해서 좋아요."),
            ("여행가", "고기국수 맛집 이름 알려주실 수 있나요?"),
        ),
    ),
    Post(
        id=137,
        title="Seoul on a rainy day: museums and markets",
        author="Jamie Park",
        published="2025-07-06T15:25:00+09:00",
        category="Travel/Korea",
        tags=("travel", "서울", "Korea", "museum"),
        paragraphs=(
            "Monsoon season in Seoul means days of steady rain, and a rainy day is a good excuse to go"
            " inside. The National Museum of Korea in Yongsan is enormous, free and rarely crowded on"
            " weekday mornings.",
            "From there the subway takes you to Gwangjang Market, where you can eat mung bean pancakes under"
            " a roof while the rain hammers the awning. Arrive hungry and share plates so you can try more.",
            "If you still have energy, the underground shopping arcades near City Hall connect several"
            " stations. You can walk a surprising distance without an umbrella.",
            "End the day in a small coffee shop in Ikseon-dong. The alleys look even better wet.",
        ),
    ),
    Post(
        id=138,
        title="강릉 커피 거리 하루 코스",
        author="김하늘",
        published="2025-10-04T16:10:00+09:00",
        category="Travel/Korea",
        tags=("여행", "커피", "강릉", "국내여행", "coffee"),
        paragraphs=(
            "강릉은 커피의 도시라는 별명이 있다. 안목해변을 따라 카페가 줄지어 있어서 커피 거리라고 부른다."
            " KTX 를 타면 서울에서 두 시간이면 도착한다.",
            "아침에는 경포호 둘레를 걷고, 점심에는 초당 순두부를 먹었다. 오후에 안목해변으로 가서 카페 세"
            " 곳을 돌았다. 핸드드립을 주문하면 원두 이야기를 자세히 해 주는 곳이 많다.",
            "바다를 보며 마시는 커피는 맛이 조금 다르게 느껴진다. 기분 탓이겠지만 여행에서는 그런 기분이"
            " 중요하다. 원두를 한 봉지 사서 돌아왔다.",
            "당일치기도 가능하지만 하룻밤 묵으면 해 뜨는 바다를 볼 수 있다. 다음에는 겨울에 다시 가 보고"
            " 싶다. 겨울 바다와 따뜻한 커피는 꽤 잘 어울릴 것 같다.",
        ),
        comments=(("커피러버", "안목 카페 거리 저도 좋아해요!"),),
    ),
    Post(
        id=139,
        title="Hiking Bukhansan without the crowds",
        author="Jamie Park",
        published="2026-04-11T07:30:00+09:00",
        category="Travel/Korea",
        tags=("travel", "서울", "hiking", "Korea"),
        paragraphs=(
            "Bukhansan National Park sits inside the Seoul city limits, and on a sunny Saturday it feels"
            " like half the city is on the trail. The trick is to start early and pick a less famous route.",
            "Instead of the main Baegundae path from Bukhansanseong, try the ridge from Jingwansa temple. It"
            " is steeper at first but much quieter, and the views over the city open up within an hour.",
            "Bring more water than you think you need and proper shoes. The granite is slippery when wet,"
            " and every year rescuers bring down hikers who wore sneakers.",
            "Coming down, the temple at the trailhead serves as a calm end to the morning. You can be back"
            " in a café downtown by lunchtime.",
        ),
    ),
    Post(
        id=140,
        title="전주 한옥마을, 관광지 말고 동네로 걷기",
        author="오지훈",
        published="2026-10-02T14:55:00+09:00",
        category="Travel/Korea",
        tags=("여행", "전주", "국내여행"),
        paragraphs=(
            "전주 한옥마을은 주말이면 한복을 입은 관광객으로 붐빈다. 그래서 이번에는 중심가를 벗어나 주변"
            " 동네를 천천히 걸어 보기로 했다.",
            "한옥마을 남쪽의 전주천을 건너면 서학동이 나온다. 작은 공방과 서점이 모여 있는 조용한 동네다."
            " 골목마다 오래된 집을 고쳐 만든 가게들이 있어서 구경하는 재미가 있다.",
            "점심은 남부시장에서 콩나물국밥을 먹었다. 시장 2층에는 청년 상인들이 운영하는 가게가 있어서 젊은"
            " 사람들도 많다. 해 질 무렵에는 오목대에 올라 기와지붕을 내려다봤다.",
            "관광지에서 한 블록만 벗어나도 여행의 결이 달라진다. 전주는 그걸 알려 준 도시다. 다음에는 기차"
            " 대신 버스를 타고 근처 군산까지 함께 둘러볼 생각이다.",
        ),
    ),
    # ---- 생활/요리 -------------------------------------------------------------------------
    Post(
        id=141,
        title="Notes on brewing better coffee at home",
        author="Jamie Park",
        published="2024-02-04T09:00:00+09:00",
        category="생활/요리",
        tags=("coffee", "커피", "recipe", "home"),
        paragraphs=(
            "I spent a year trying to make coffee at home that tastes like the café down the street. The"
            " biggest improvement did not come from a new machine. It came from a cheap kitchen scale.",
            "Weighing beans and water made every cup repeatable. My current ratio is fifteen grams of coffee"
            " to two hundred and forty grams of water, poured slowly over about three minutes.",
            "The second improvement was a burr grinder. Blade grinders produce dust and boulders in the same"
            " batch, and the cup tastes bitter and sour at once. Even an inexpensive hand grinder is better.",
            "Fresh beans matter too. Buy small bags roasted within the last few weeks and keep them in a"
            " sealed jar away from sunlight. None of this is complicated, it just takes a little patience.",
        ),
        comments=(
            ("morning_person", "The scale tip changed my mornings too."),
            ("커피초보", "비율 정보 감사합니다. 따라 해 볼게요."),
        ),
        slug="coffee-brewing-notes",
    ),
    Post(
        id=142,
        title="집에서 만드는 김치찌개, 실패 없는 순서",
        author="김하늘",
        published="2024-11-09T18:40:00+09:00",
        category="생활/요리",
        tags=("요리", "레시피", "김치", "집밥"),
        paragraphs=(
            "김치찌개는 쉬운 요리 같지만 맛이 들쭉날쭉하기 쉽다. 여러 번 실패한 끝에 순서만 지키면 맛이"
            " 안정된다는 것을 알게 되었다.",
            "먼저 냄비에 기름을 두르고 돼지고기 앞다리살을 볶는다. 고기 겉면이 익으면 잘 익은 김치를 넣고"
            " 5분 정도 더 볶는다. 이 과정에서 김치의 신맛이 부드러워진다.",
            "물 대신 쌀뜨물을 넣으면 국물이 한결 구수해진다. 고춧가루 한 숟가락과 다진 마늘을 넣고 20분 이상"
            " 끓인다. 두부와 대파는 마지막 5분에 넣는다.",
            "간은 김치 국물로 맞추는 것이 좋다. 소금보다 맛이 깊다. 하루 지나 다시 끓이면 더 맛있다는 것은"
            " 다들 아는 비밀이다.",
        ),
        comments=(("자취생", "쌀뜨물 팁 좋네요!"),),
    ),
    Post(
        id=143,
        title="드립 커피 입문기: 원두 고르는 법",
        author="오지훈",
        published="2025-02-02T10:15:00+09:00",
        category="생활/요리",
        tags=("커피", "coffee", "원두", "취미"),
        paragraphs=(
            "작년부터 집에서 드립 커피를 내려 마시기 시작했다. 처음에는 원두 봉지에 적힌 말이 너무 어려웠다."
            " 산지, 가공 방식, 로스팅 정도, 향미 노트까지 모르는 단어투성이였다.",
            "몇 달 마셔 보니 기준이 생겼다. 산미를 좋아하면 에티오피아나 케냐 같은 아프리카 원두를, 고소하고"
            " 묵직한 맛을 좋아하면 브라질이나 콜롬비아 원두를 고르면 실패가 적다.",
            "로스팅 날짜도 중요하다. 볶은 지 일주일에서 한 달 사이가 가장 맛있다. 그래서 대용량보다는"
            " 200그램 정도의 작은 봉지로 자주 사는 편이다.",
            "동네 로스터리에 가서 직접 물어보는 것이 제일 빠르다. 좋아하는 맛을 말하면 대부분 친절하게 골라"
            " 준다.",
        ),
    ),
    Post(
        id=144,
        title="Weeknight bibimbap with whatever is in the fridge",
        author="Jamie Park",
        published="2025-06-14T19:05:00+09:00",
        category="생활/요리",
        tags=("recipe", "요리", "Korean food", "집밥"),
        paragraphs=(
            "Bibimbap is the best answer I know to the question of what to cook with half a zucchini, some"
            " spinach and one lonely carrot. It is less a recipe than a method.",
            "Cook rice, then sauté each vegetable quickly and separately with a pinch of salt and a drop of"
            " sesame oil. Keeping them separate keeps their flavours distinct, which is the whole point of"
            " the dish.",
            "Top the rice with the vegetables, a fried egg with a runny yolk and a spoonful of gochujang"
            " thinned with a little sesame oil and vinegar. Mix everything at the table.",
            "Leftover bulgogi or tofu turns it into a full meal. It takes about twenty-five minutes on a"
            " busy evening and uses up the fridge.",
        ),
    ),
    Post(
        id=145,
        title="장마철 주방 관리, 곰팡이와 냄새 잡기",
        author="김하늘",
        published="2025-07-28T21:35:00+09:00",
        category="생활/요리",
        tags=("생활", "주방", "청소", "집밥"),
        paragraphs=(
            "장마철이 되면 주방 곳곳에서 냄새가 올라온다. 습도가 높아지면 싱크대 배수구와 도마, 행주에"
            " 세균과 곰팡이가 빠르게 번식하기 때문이다.",
            "배수구는 일주일에 한 번 베이킹소다와 식초를 부어 청소한다. 거품이 올라오면 30분쯤 두었다가"
            " 뜨거운 물로 헹군다. 나무 도마는 사용 후 세워서 완전히 말리는 것이 중요하다.",
            "행주는 매일 삶거나 전자레인지에 돌려 소독한다. 귀찮다면 일회용 행주를 쓰는 것도 방법이다. 쌀과"
            " 밀가루 같은 곡물은 밀폐 용기에 담아 냉장 보관하면 벌레가 생기지 않는다.",
            "제습기를 잠깐씩 틀어 두는 것만으로도 주방 공기가 확 달라진다. 여름을 건강하게 나는 작은"
            " 습관이다. 냉장고 안쪽도 한 달에 한 번은 비우고 닦아 주자.",
        ),
        comments=(
            ("살림꾼", "도마 세워서 말리기, 꼭 해야겠어요."),
            ("초보주부", "곡물 냉장 보관 팁 감사합니다!"),
        ),
    ),
    Post(
        id=146,
        title="가을 제철 버섯으로 만드는 들깨 버섯탕",
        author="오지훈",
        published="2026-10-18T18:00:00+09:00",
        category="생활/요리",
        tags=("요리", "레시피", "제철", "집밥"),
        paragraphs=(
            "가을이 되면 시장에 버섯이 풍성해진다. 표고, 느타리, 새송이를 한 봉지씩 사 와서 들깨 버섯탕을"
            " 끓였다. 쌀쌀한 저녁에 잘 어울리는 음식이다.",
            "멸치와 다시마로 육수를 먼저 낸다. 버섯은 손으로 찢어서 넣어야 양념이 잘 밴다. 국간장으로 간을"
            " 하고 10분 정도 끓인 뒤 들깨가루를 넉넉히 푼다.",
            "들깨가루를 넣은 다음에는 오래 끓이지 않는 것이 좋다. 너무 끓이면 국물이 텁텁해진다. 마지막에"
            " 쪽파를 송송 썰어 올리면 색도 예쁘다.",
            "채식하는 친구에게도 대접하기 좋은 메뉴다. 육수만 채수로 바꾸면 된다. 남은 버섯은 잘게 썰어"
            " 냉동해 두면 다음에 볶음밥이나 된장찌개에 바로 쓸 수 있어서 편하다. 제철 재료는 역시 그때그때"
            " 즐기는 것이 제일이다.",
        ),
    ),
    # ---- later English posts, one per category ----------------------------------------------
    Post(
        id=147,
        title="Election night, archived: what the old live blogs got wrong",
        author="Jamie Park",
        published="2024-11-06T13:20:00+09:00",
        category="정치/국제",
        tags=("election", "미국", "media", "archive"),
        paragraphs=(
            "On the morning after the US election I went back through live blogs from three previous"
            " election nights. Reading them with hindsight is an odd experience, like watching a film where"
            " you already know the ending but the characters do not.",
            "The pattern was consistent. Early returns from one part of a state were treated as a trend, and"
            " confident paragraphs were quietly rewritten an hour later. Only a few outlets kept a visible"
            " record of their corrections.",
            "That is why I like archives that keep every version. A search for a candidate's name on"
            " election night should show what was said at nine, not only the tidy summary published the next"
            " day.",
        ),
    ),
    Post(
        id=148,
        title="Watching a National Assembly hearing as a non-native speaker",
        author="Jamie Park",
        published="2025-04-18T22:30:00+09:00",
        category="정치/국내",
        tags=("politics", "Korea", "국회", "language"),
        paragraphs=(
            "My Korean is good enough for restaurants and bad enough for parliamentary hearings. Still, I"
            " watched a full afternoon of committee questioning last week, with the live transcript open in"
            " another tab.",
            "The rhythm surprised me. Lawmakers get a fixed number of minutes, and most of them spend the"
            " first half setting up a single sharp question. The answers are often long, polite and"
            " carefully empty.",
            "The transcript was the real treasure. Searching it for a minister's name showed exactly when"
            " each topic came up, and the official record was published within a day. More legislatures"
            " should make their records this easy to index and search.",
        ),
    ),
    Post(
        id=149,
        title="Reading a Korean apartment listing, line by line",
        author="Jamie Park",
        published="2025-09-27T10:05:00+09:00",
        category="경제/부동산",
        tags=("부동산", "housing", "Korea", "아파트"),
        paragraphs=(
            "A Korean apartment listing packs a lot into very little space, and the numbers are easy to"
            " misread. The first surprise is that size is given as supply area, which includes a share of"
            " the hallways and stairs, so the rooms are smaller than the headline figure suggests.",
            "Next comes the price, written in units of ten thousand won, followed by the floor, the"
            " direction the windows face and the year of completion. South-facing flats on middle floors"
            " carry a premium.",
            "Finally, check the management fee and whether the flat can be moved into right away. A listing"
            " that says the move-in date is negotiable often means a tenant is still living there.",
        ),
    ),
    Post(
        id=150,
        title="Highlighting search snippets without breaking your page",
        author="Jamie Park",
        published="2026-01-30T16:45:00+09:00",
        category="Tech/Search",
        tags=("search", "security", "UX", "index"),
        paragraphs=(
            "Every search results page shows snippets with the query words highlighted, and every search"
            " engine I have worked on has had a bug there at some point. The text comes from the documents,"
            " and documents can contain anything.",
            "The safe order is fixed: cut the snippet from the plain text, escape it, and only then wrap the"
            " matches in mark tags. Doing it the other way round lets a document inject markup into your"
            " page.",
            "Offsets are the other trap. Escaping changes the length of the string, so compute match"
            " positions on the plain text and apply the markup in a single pass. Keep a hostile test"
            " document in your index and look at it after every change.",
        ),
    ),
    Post(
        id=151,
        title="Taking the KTX from Seoul to Busan: a practical guide",
        author="Jamie Park",
        published="2026-06-21T08:15:00+09:00",
        category="Travel/Korea",
        tags=("travel", "Korea", "부산", "train"),
        paragraphs=(
            "The KTX high-speed train connects Seoul and Busan in about two and a half hours, which beats"
            " flying once you count the trip to the airport. Trains leave from Seoul Station and Suseo, and"
            " the SRT from Suseo is a separate company with its own tickets.",
            "Book through the official app a few days ahead on weekends and holidays, when seats sell out"
            " fast. Standing tickets exist but are not fun on a long ride.",
            "Buy a lunch box at the station before you board, sit on the right side for the better views"
            " south of Daejeon, and you will arrive at Busan Station close to the port and the fish market.",
        ),
    ),
    Post(
        id=152,
        title="Cold brew coffee for a humid summer",
        author="Jamie Park",
        published="2026-08-09T11:30:00+09:00",
        category="생활/요리",
        tags=("coffee", "recipe", "summer", "커피"),
        paragraphs=(
            "When the humidity in Seoul climbs past eighty percent, hot coffee stops being appealing. Cold"
            " brew is the lazy solution: coarse grounds, cold water and a night in the fridge.",
            "I use one part coffee to eight parts water by weight, stir once, cover the jar and leave it for"
            " about sixteen hours. Then I strain it through a paper filter, which takes a while but gives a"
            " clean cup.",
            "The concentrate keeps for a week. Dilute it with water or milk to taste and pour it over plenty"
            " of ice. Medium roasts from Brazil or Colombia work well, since the slow extraction brings out"
            " chocolate notes rather than sharp acidity.",
        ),
    ),
)
