"""The database: models, migrations, the unit of work and the queries (storage.repo)."""

# Where the bot keeps its data unless DATABASE_URL says otherwise, relative to the working
# directory (`make run` keeps it in ./data). Here, not in storage.db: the settings read it
# without loading the database's libraries.
DEFAULT_DATABASE_URL = "sqlite:///data/aandeslag.db"
