<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Persian for the strings of Qt's own dialogs that Qt's qtbase_fa lacks (PySide6 6.12); see ui/app.py.
     Measured by tests/ui/test_persian.py; rebuild the .qm with: make translations -->
<TS version="2.1" language="fa_IR">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;محل:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>&amp;نوع پرونده:</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Drive</source>
        <translation>درایو</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>پوشه</translation>
    </message>
    <message>
        <source>File</source>
        <translation>پرونده</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>میانبر</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <source>Pages</source>
        <translation>صفحه‌ها</translation>
    </message>
    <message>
        <source>Page &amp;Set:</source>
        <translation>&amp;مجموعه صفحه‌ها:</translation>
    </message>
    <message>
        <source>Double Sided Printing</source>
        <translation>چاپ دورو</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>یک‌رو</translation>
    </message>
    <message>
        <source>Long side binding</source>
        <translation>دورو، صحافی از لبه بلند</translation>
    </message>
    <message>
        <source>Short side binding</source>
        <translation>دورو، صحافی از لبه کوتاه</translation>
    </message>
    <message>
        <source>Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.</source>
        <translation>صفحه‌ها یا بازه‌ها را با ویرگول جدا کنید؛ هر بازه دو عدد با خط تیره است. مثلاً 3,5-7,9 صفحه‌های ۳، ۵، ۶، ۷ و ۹ را چاپ می‌کند.</translation>
    </message>
</context>
<context>
    <name>QMimeType</name>
    <message>
        <source>PDF document</source>
        <translation>سند PDF</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>تصویر PNG</translation>
    </message>
    <message>
        <source>JPEG image</source>
        <translation>تصویر JPEG</translation>
    </message>
    <message>
        <source>SQLite3 database</source>
        <translation>پایگاه داده SQLite</translation>
    </message>
    <message>
        <source>backup file</source>
        <translation>پرونده پشتیبان</translation>
    </message>
    <message>
        <source>plain text document</source>
        <translation>متن ساده</translation>
    </message>
    <message>
        <source>application log</source>
        <translation>گزارش کار برنامه</translation>
    </message>
    <message>
        <source>ZIP archive</source>
        <translation>بایگانی ZIP</translation>
    </message>
    <message>
        <source>Python script</source>
        <translation>برنامه پایتون</translation>
    </message>
    <message>
        <source>shell script</source>
        <translation>برنامه پوسته</translation>
    </message>
    <message>
        <source>C source code</source>
        <translation>کد C</translation>
    </message>
    <message>
        <source>C++ source code</source>
        <translation>کد C++</translation>
    </message>
</context>
</TS>
