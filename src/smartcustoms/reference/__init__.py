"""Reference data: HS nomenclature, countries, currencies, locations, units, code lists."""
