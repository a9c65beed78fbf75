"""Security: changing the vault's data key (a card of the Admin page)."""
