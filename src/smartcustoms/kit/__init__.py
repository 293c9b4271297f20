"""Small building blocks with no domain knowledge: money, ids, clock, pagination."""
