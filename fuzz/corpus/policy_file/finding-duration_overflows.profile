name = ive_from = 2026-01-05T00:00:00+08:00
[deadline report]
label_zh = 通報
label_en = Report
within = 1h - 30m 999999999990d
met_by = reported
[deadline report]
