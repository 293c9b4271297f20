"""Outbound I/O behind small interfaces: storage, gateways, partner systems."""
