"""The Textual explorer. Holds no SQL: every query goes through leeftui.store."""
