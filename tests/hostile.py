"""Hostile content: every front-matter field a visitor sees carries markup, as an attacker or a
careless paste from a web page would write it. Shared by the integration and browser tests."""

from __future__ import annotations

XSS = "<img src=x onerror=alert(1)>"
BREAKOUT = "\"'></title><script>alert(2)</script>"


def v(label: str) -> str:
    """A hostile value that still reads as a name: 标签 + both payloads, quoted for YAML."""
    return "'" + (label + XSS + BREAKOUT).replace("'", "''") + "'"


FRONT_MATTER = {
    "lectures/2023-03-hostile.md": f"""---
title: {v("讲座")}
date: 2023-03-15
episode: 1
speaker: {v("主讲")}
speaker_title: {v("职务")}
time: "14:30"
venue: {v("地点")}
duration: {v("时长")}
summary: {v("摘要")}
tags: [{v("主题")}]
laws: [{v("法规")}]
---

正文。
""",
    "lectures/2023-04-neighbour.md": """---
title: 第二期讲座
date: 2023-04-15
episode: 2
speaker: 陈立新
summary: 摘要。
tags: [行政复议]
---

正文。
""",
    "cases/2023-05-hostile.md": f"""---
title: {v("案例")}
date: 2023-05-20
category: 网约车与非法营运
laws: [{v("法规")}]
tags: [{v("主题")}]
summary: {v("摘要")}
---

正文。
""",
    "notices/2026-09-hostile-penalty.md": f"""---
title: {v("处罚公示")}
date: 2026-09-15
type: 行政处罚公示
issuer: {v("发布单位")}
party: {v("绍兴某顺物流有限公司")}
party_type: 法人及非法人组织
credit_code: 91330603MA2BW4LE4C
decision_no: 绍市交执罚〔2026〕126号
violation: {v("违法行为")}
facts: {v("违法事实")}
basis: {v("依据")}
penalty: {v("罚款")}
fine: 5000
decision_date: 2026-09-10
authority: {v("执法队")}
severity: 一般
expires: 2027-09-10
---

正文。
""",
    "notices/2026-10-hostile-licence.md": f"""---
title: {v("许可公示")}
date: 2026-10-14
type: 行政许可公示
issuer: {v("发布单位")}
party: {v("诸暨某通信工程有限公司")}
credit_code: 91330681MA2EN9GH45
decision_no: 绍市交许〔2026〕41号
licence_type: 普通
content: {v("许可内容")}
decision_date: 2026-10-12
valid_from: 2026-10-15
valid_to: 2027-01-14
authority: {v("许可机关")}
---

正文。
""",
    "notices/2024-01-hostile-notice.md": f"""---
title: {v("通知")}
date: 2024-01-10
type: 通知
issuer: {v("发布单位")}
doc_no: 绍市交〔2024〕4号
---

正文。
""",
}


# Bodies pasted from web pages or written by an attacker, and active files dropped into docs/.
HOSTILE_BODY = """
正文第一段。

<script>alert(3)</script>
<script src="../../media/evil.js"></script>
<img src=x onerror=alert(4)>
<svg onload=alert(5)><circle r="1"/></svg>
<a href="javascript:alert(6)">点我</a>
<a href="data:text/html,<script>alert(7)</script>">数据链接</a>
<iframe src="https://evil.example/"></iframe>
<object data="../../media/evil.swf"></object>
<embed src="../../media/evil.swf">
<img src="https://tracker.example/pixel.gif">
<video src="https://cdn.example/v.mp4" controls></video>
<link rel="stylesheet" href="https://evil.example/a.css">
<style>body{background:url(https://evil.example/bg.png)}</style>
<form action="https://evil.example/"><input name="q"><button>提交</button></form>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<details open ontoggle=alert(8)><summary>展开</summary>内容</details>
<div markdown>
[**加粗链接**](javascript:alert(9))
</div>

!!! note "提示"
    <img src="//evil.example/x.png" onerror="alert(10)">
"""

# A body that borrows the theme's names and looks (#27.4, #27.6): Material reads its configuration from the
# first element with id="__config" (JSON, no "<" needed: \u003c); a fake dialog in the interface's classes.
CLOBBER_JSON = (
    '{"base": "https://evil.example/", "features": ["navigation.instant"], "search": "https://evil.example/w.js", '
    '"translations": {"search.result.placeholder": "已被篡改\\u003cimg src=x onerror=alert(20)\\u003e", '
    '"search.result.none": "已被篡改", "search.result.one": "已被篡改", "search.result.other": "已被篡改 #"}, '
    '"version": null}'
)
THEME_BODY = f"""
正文第一段。

<div id="__config">{CLOBBER_JSON}</div>

<div class="md-dialog md-dialog--active md-header fr-card" hidden role="dialog" data-md-component="dialog" id="fr-content">
<div class="md-dialog__inner md-typeset">假冒的网站提示：请拨打电话</div>
</div>

## 目录 {{#__toc}}

## 搜索 {{#__search .md-search data-md-toggle=search}}

<details name="__drawer" class="note"><summary>展开</summary>内容</details>

<span id="&#95;&#95;palette_0" class="fr-badge fr-badge--active">公示中</span>

正文带脚注[^1]。

## 要点

要点内容。

[^1]: 脚注内容。
"""
THEME = {
    "lectures/2023-06-theme-names.md": """---
title: 正文借用主题名称的讲座
date: 2023-06-15
episode: 4
speaker: 陈立新
summary: 正文中有与主题同名的 id 和类名。
tags: [行政复议]
---
"""
    + THEME_BODY,
}

BODIES = {
    "lectures/2023-05-hostile-body.md": """---
title: 正文含有脚本的讲座
date: 2023-05-15
episode: 3
speaker: 陈立新
summary: 正文中粘贴了网页代码。
tags: [行政复议]
---
"""
    + HOSTILE_BODY,
    "media/evil.js": "alert(11)\n",
    "media/saved-page.html": "<script>alert(12)</script>\n",
    "assets/images/evil.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(13)"/>\n',
} | THEME


# Cells a spreadsheet would run as formulas (CSV injection), in a published penalty notice.
FORMULAS = {
    "notices/2026-09-formula-penalty.md": """---
title: =HYPERLINK("https://evil.example/","点击查看")
date: 2026-09-16
type: 行政处罚公示
issuer: "@SUM(1+1)*cmd|' /C calc'!A0"
party: +绍兴某运输有限公司
party_type: 法人及非法人组织
credit_code: 91330603MA2BW4LE4C
decision_no: 绍市交执罚〔2026〕127号
violation: -2+3+cmd|' /C calc'!A0
facts: "\\t=1+1"
basis: ＝SUM(A1:A9)
penalty: =1+1
fine: 5000
decision_date: 2026-09-10
authority: 绍兴市交通运输行政执法队
severity: 一般
expires: 2027-09-10
---

正文。
""",
}
