"""Catalogs (bộ tiêu chí), profiles (hồ sơ áp dụng): models, loading, validation, resolution."""
