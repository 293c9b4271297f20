"""Risk management: rules, trader profiles, the fraud model and channel selection."""
