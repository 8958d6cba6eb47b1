# Taiwan: 資通安全事件通報應變及演練辦法 as reissued on 2026-01-05 (default profile).
# Durations: 30m, 1h, 7d, 1mo (calendar month). "within" gives one duration for every level or
# four for levels 1 to 4, "-" where a deadline does not apply. "from" is aware, or the moment
# another step was done: reported (first filing), filed (latest filing), reviewed, responded,
# resolved (damage control or recovery complete), approved, investigation_report.
name = taiwan
title = 資通安全事件通報應變及演練辦法
version = 2026-01-05
effective_from = 2026-01-05T00:00:00+08:00
level_labels = 1 2 3 4
warning_reply_within = 7d
# Told when this many schools of one centre get warnings of one kind within the span.
outbreak_alert_units = 5
outbreak_alert_within = 24h

[reminders]
first_after = 1h
repeat_every = 12h
overdue_every = 12h
overdue_deadline = recovery
drafts_reminded_for = 7d

[deadline report]
label_zh = 通報
label_en = Report
from = aware
within = 1h
met_by = reported

[deadline review]
label_zh = 審核
label_en = Centre review
from = filed
within = 8h 8h 2h 2h
met_by = reviewed

[deadline recovery]
label_zh = 損害控制或復原
label_en = Damage control or recovery
from = aware
within = 72h 72h 36h 36h
met_by = resolved

[deadline investigation_report]
label_zh = 調查、處理及改善報告
label_en = Investigation, handling and improvement report
from = resolved
within = - - 1mo 1mo
met_by = investigation_report

# Categories of improvement items (corrective actions), as an audit's findings register has them.
[improvement_category to_improve]
label_zh = 待改善事項
label_en = To improve

[improvement_category suggestion]
label_zh = 建議事項
label_en = Suggestion

[improvement_category compliant]
label_zh = 法遵符合情形
label_en = Compliant
