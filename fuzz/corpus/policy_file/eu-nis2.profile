# EU NIS2 (Directive 2022/2555, article 23): early warning 24 h, notification 72 h, final report one month.
name = eu-nis2
title = NIS2 significant incident reporting
version = 2024-10-18
effective_from = 2024-10-18T00:00:00+02:00
level_labels = 1 2 3 4
warning_reply_within = 7d

[reminders]
first_after = 1h
repeat_every = 12h
overdue_every = 12h
overdue_deadline = notification

[deadline early_warning]
label_zh = 早期預警
label_en = Early warning
from = aware
within = 24h
met_by = reported

[deadline notification]
label_zh = 事件通知
label_en = Incident notification
from = aware
within = 72h
met_by = responded

[deadline final_report]
label_zh = 最終報告
label_en = Final report
from = aware
within = 1mo
met_by = investigation_report
