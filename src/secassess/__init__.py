"""secassess — security compliance assessment for Vietnamese government information systems.

Đánh giá tuân thủ an toàn thông tin, an ninh mạng cho hệ thống thông tin của cơ quan nhà nước.
"""

import os as _os

__version__ = "0.1.0"

# openpyxl parses workbooks with lxml when lxml is installed (python-docx brings it), and then ignores
# defusedxml: a workbook carrying a DTD or entities would be read instead of refused. Keep openpyxl on
# the standard parser guarded by defusedxml; questionnaire/xlsx.py refuses to read if this was undone.
_os.environ.setdefault("OPENPYXL_LXML", "False")
# secassess uses no pydantic plugin; without this pydantic scans every installed distribution's entry
# points for one on first use (about 10 ms of every command's start-up)
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
