"""The National Single Window: agencies, the control registry, licences and specialised
inspections, and the check at registration that holds goods until they are granted."""
