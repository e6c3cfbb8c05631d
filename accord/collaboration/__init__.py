"""Collaboration with partner institutions beyond mobility: virtual exchange, joint projects."""
