"""The reference of what exports, reports and copies write from the bundled database."""
