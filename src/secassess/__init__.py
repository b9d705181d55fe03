"""secassess — security compliance assessment for Vietnamese government information systems.

Đánh giá tuân thủ an toàn thông tin, an ninh mạng cho hệ thống thông tin của cơ quan nhà nước.
"""

__version__ = "0.1.0"
