"""Commands of this feature are registered here on `moocforge.cli.app.app`."""
