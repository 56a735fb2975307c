# British English dates, the same kind of date as in French and Spanish ("20 November 2026", "20 November 2026,
# 13:17"); Django's own "en" formats are American ("Nov. 20, 2026, 1:17 p.m."). Templates print dates with
# |date:"DATE_FORMAT" (pages) or |date:"DATETIME_FORMAT" (comments, back-office), each language its own way.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
