"""newsarchive's indexer: sources, fetching, discovery, extraction, the raw page store, index writing
and the ``newsarchive`` command line."""
