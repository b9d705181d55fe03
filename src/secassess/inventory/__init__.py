"""Inventory (danh mục): units (đơn vị), information systems (hệ thống thông tin) and the one
validator of their authorised scan targets and ports (:mod:`secassess.inventory.targets`)."""
