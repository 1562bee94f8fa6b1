"""netjournal: a calm terminal journal for people who find networking draining."""

__version__ = "0.1.0"
