"""Each user's private iCalendar feed of the agreement dates they can see, and its secret token."""
