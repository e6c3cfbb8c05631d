"""Private signing links: a partner coordinator without an account signs or returns one learning agreement."""
