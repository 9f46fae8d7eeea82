# German readers expect "Uhr" after a time of day; the rest comes from Django's German formats.
DATETIME_FORMAT = r"j. F Y, H:i \U\h\r"
