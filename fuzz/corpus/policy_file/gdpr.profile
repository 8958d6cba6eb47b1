# GDPR article 33: notify the supervisory authority of a personal data breach within 72 hours.
name = gdpr
title = GDPR personal data breach notification
version = 2018-05-25
effective_from = 2018-05-25T00:00:00+02:00
level_labels = 1 2 3 4
warning_reply_within = 7d

[reminders]
first_after = 1h
repeat_every = 12h
overdue_every = 12h
overdue_deadline = notification

[deadline notification]
label_zh = 通知主管機關
label_en = Notify the supervisory authority
from = aware
within = 72h
met_by = reported
