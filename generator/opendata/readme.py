"""README.txt inside the ZIP: what the files are, how they are encoded, the licence and how to cite."""
from __future__ import annotations

from ..validate import Dataset
from . import meta
from .tables import Table

ENCODING = {
    "zh": "CSV 文件为带 BOM 的 UTF-8，逗号分隔，CRLF 换行。以 ' 开头的文字单元格是为防止公式注入而加的 '。"
          "日期为 EDTF 写法（年份未注明时为 XXXX-MM-DD）。各列说明见 datapackage.json。"
          "整数列（如 period_start、deadline）可能为空；pandas 请用 read_csv(..., dtype_backend=\"numpy_nullable\") "
          "按整数（Int64）读取，否则会读成 2021.0。",
    "en": "CSV files are UTF-8 with a BOM, comma-separated, with CRLF line ends. A text cell starting with ' had the "
          "apostrophe added to prevent formula injection. Dates are EDTF (XXXX-MM-DD when no year is stated). "
          "datapackage.json describes every column. Integer columns (such as period_start, deadline) may be "
          "empty; in pandas, read them as whole numbers (Int64) with read_csv(..., dtype_backend=\"numpy_nullable\"), "
          "or they come out as 2021.0.",
}


def readme_bytes(data: Dataset, tables: list[Table]) -> bytes:
    lines = []
    for lang in ("zh", "en"):
        lines += [meta.DATA_TITLE[lang], "=" * 40, "", meta.citation(data, lang), "",
                  f"{'许可' if lang == 'zh' else 'Licence'}: {meta.LICENCE['title']} ({meta.LICENCE['path']})",
                  "", ENCODING[lang], ""]
        for table in tables:
            title = table.spec.zh if lang == "zh" else table.spec.en
            lines.append(f"  {table.spec.path:<32} {table.row_count:>5} {'行' if lang == 'zh' else 'rows'}  {title}")
        lines.append("")
    return "\r\n".join(lines).encode("utf-8")
