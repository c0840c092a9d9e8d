"""Qt item models over the store's frozen records."""
