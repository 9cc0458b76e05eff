"""dyad's web app: `dyad serve`, or `dyad.web.app.create_app(db_path)` for any ASGI server."""
