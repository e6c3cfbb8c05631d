"""Research and surveys with partners: joint projects, co-publications and satisfaction surveys, which feed
the partners' health scores."""
