name = x
version = 1
effective_from = 2026-01-05T00:00:00+08:00
[deadline report]
label_zh = 通報
label_en = Report
within = 1h - 30m 99999999999d
met_by = reported
[deadline report]
