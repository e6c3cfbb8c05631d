"""Course catalogues of each institution and the equivalence memory offered to the next student."""
