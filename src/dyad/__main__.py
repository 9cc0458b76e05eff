from dyad.cli.main import app

app()
