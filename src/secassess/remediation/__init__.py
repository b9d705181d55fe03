"""Remediation tracking (theo dõi khắc phục): rules (pure), service (database), present (wording)."""
