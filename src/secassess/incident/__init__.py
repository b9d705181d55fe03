"""The incident register (sổ theo dõi sự cố): :mod:`.rules` (pure: words, times, deadlines),
:mod:`.service` (database: record, update with history and optimistic locking, list),
:mod:`.present` (wording of changes)."""
