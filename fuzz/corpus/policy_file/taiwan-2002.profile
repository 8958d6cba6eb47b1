# Executive Yuan notice of 2002: A/B/C/D levels (A most severe), report within 30 minutes.
name = taiwan-2002
title = 行政院 2002 資安事件危機通報
version = 2002
effective_from = 2002-01-01T00:00:00+08:00
level_labels = D C B A
warning_reply_within = 7d

[reminders]
first_after = 30m
repeat_every = 12h
overdue_every = 12h
overdue_deadline = recovery

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
