"""The agreement lifecycle: transitions with their guards and roles, who hears of them, reminders."""
