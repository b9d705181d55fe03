"""All tables, one module per concern, on one MetaData (``base.metadata``).

Importing this package registers every table. Migrations in ``store/migrations/versions``
create the same schema; ``tests/store/test_migrations.py`` checks that the two agree.
"""

from secassess.store.schema import (  # noqa: F401
    accounts,
    assessment,
    audit,
    incident,
    inventory,
    remediation,
    review,
    scan,
)
from secassess.store.schema.base import metadata

__all__ = ["metadata"]
