# The department's papers are Polish: dates read 03.12.2026 in English too, never 12/03/2026.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
