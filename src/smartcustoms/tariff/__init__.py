"""Tariff: nomenclature, rate schedules, FTA roadmaps and the quote of duties and taxes."""
