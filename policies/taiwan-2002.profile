# Executive Yuan notice of 2002: A/B/C/D levels (A most severe) by its own criteria, report within 30 minutes.
name = taiwan-2002
title = 行政院 2002 資安事件危機通報
version = 2002
effective_from = 2002-01-01T00:00:00+08:00
level_labels = D C B A
warning_reply_within = 7d
# Told when this many schools of one centre get warnings of one kind within the span.
outbreak_alert_units = 5
outbreak_alert_within = 24h

[reminders]
first_after = 30m
repeat_every = 12h
overdue_every = 12h
overdue_deadline = recovery
drafts_reminded_for = 7d

[deadline report]
label_zh = 通報
label_en = Report
from = aware
within = 30m
met_by = reported

[deadline recovery]
label_zh = 復原
label_en = Recovery
from = aware
within = 72h 72h 36h 36h
met_by = resolved

# The notice's own levels (伍): the reporter marks what applies; the highest one sets the level.
[level_criterion public_safety]
level = 4
label_zh = 影響公共安全、社會秩序、人民生命財產
label_en = Affects public safety, social order, or people's lives and property

[level_criterion operations_halted]
level = 3
label_zh = 系統停頓，業務無法運作
label_en = Systems halted, operations cannot run

[level_criterion operations_interrupted]
level = 2
label_zh = 業務中斷，影響系統效率
label_en = Operations interrupted, system efficiency affected

[level_criterion brief_stop]
level = 1
label_zh = 業務短暫停頓，可立即修復
label_en = Operations briefly stopped, immediately repairable
