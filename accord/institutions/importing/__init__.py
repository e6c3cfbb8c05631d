"""Importing institutions from the open lists offices use: Hipo's world list, ROR, the Erasmus charter."""
