from app.domain.persian import fold_digits, name_key, normalize_input, to_persian_digits

ZWNJ = "\u200c"


def test_arabic_yeh_and_kaf_become_persian():
    assert normalize_input("كتاب يك دستگاه اجرايي") == "کتاب یک دستگاه اجرایی"


def test_zwnj_and_harakat_are_kept_as_typed():
    text = f"شهرک{ZWNJ}های صنعتی، لطفاً کتباً"
    assert normalize_input(text) == text


def test_spaces_collapse_but_paragraphs_stay():
    assert normalize_input("  الف   ب \r\n\n ج  ") == "الف ب\n\nج"


def test_digits():
    assert fold_digits("۱۴۰۵/٠٩/05") == "1405/09/05"
    assert to_persian_digits("صفحه 2 از ٥") == "صفحه ۲ از ۵"


def test_name_key_matches_spelling_variants():
    assert name_key("شهرکهای صنعتی") != name_key("شهرک‌ها")
    assert name_key(f"شرکت شهرک{ZWNJ}های صنعتی") == name_key("شرکت شهرک های صنعتی")
    assert name_key("علي كرمي") == name_key("علی کرمی")
    assert name_key("کمیته ۱۳") == name_key("کمیته 13")
    assert name_key("عبدالله") != name_key("عبدالهی")


def test_invisible_controls_are_dropped_but_zwnj_and_zwj_kept():
    from app.domain.persian import strip_invisible
    spoof = "\u202eazeR ilA"
    assert normalize_input(spoof) == "azeR ilA"
    assert normalize_input("فرزاد\u200b محمدی") == "فرزاد محمدی"
    assert normalize_input("\u2067۱۰٬۰۰۰\u2069 ریال\u200f") == "۱۰٬۰۰۰ ریال"
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff":
        assert strip_invisible(f"الف{control}ب") == "الفب"
    assert strip_invisible(f"می{ZWNJ}روم\u200d") == f"می{ZWNJ}روم\u200d"
    assert name_key("فرزاد\u200b محمدی") == name_key("فرزاد محمدی")
