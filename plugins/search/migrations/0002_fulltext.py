"""Full text per database: an FTS5 table on SQLite, a GIN index on PostgreSQL.

Each operation runs on its own database only (``VendorRunSQL``); neither changes
the model state, so the autodetector never sees them.
"""

from django.db import migrations

FTS_TABLE = "search_indexeddocument_fts"


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that only runs when the connection's vendor is ``vendor``."""

    def __init__(self, vendor, *args, **kwargs):
        self.vendor = vendor
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        # Its own copy of the text (rowid = document id), diacritics folded: "Izmir"
        # finds "İzmir". The backend writes it together with the documents.
        VendorRunSQL(
            "sqlite",
            sql=f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
            "title, summary, body, tokenize = 'unicode61 remove_diacritics 2')",
            reverse_sql=f"DROP TABLE {FTS_TABLE}",
        ),
        VendorRunSQL(
            "postgresql",
            sql="CREATE INDEX search_doc_vector_gin ON search_indexeddocument "
            "USING gin (search_vector)",
            reverse_sql="DROP INDEX search_doc_vector_gin",
        ),
    ]
