"""Domain events written in the same transaction as the change (transactional outbox)."""
