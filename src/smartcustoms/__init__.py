"""SmartCustoms: an open-source digital customs platform."""

__version__ = "0.1.0"
