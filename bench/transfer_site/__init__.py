"""A minimal Wagtail project for the comparison with the nearest peers (bench/transfer.py):
wagtail-transfer and a Wagtail API v2 pull move the same news items between two of its
instances. ``TRANSFER_DB`` names an instance's SQLite file."""
