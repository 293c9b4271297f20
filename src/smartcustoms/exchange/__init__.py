"""Exchange: declarations in the trade's languages (WCO Data Model XML, UN/EDIFACT)."""
