"""Live ingestion: follow news feeds, sitemaps and front pages, fetch articles politely,
code them as they arrive (`dyad follow`, `dyad sources`)."""
