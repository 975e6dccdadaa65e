"""The offline world, above the composition root: the `sandbox()` harness (the real app served over HTTP
against the Slack stand-in), fault injection around the real processes, the demo's player and scenes,
and the pytest plugin that serves the harness to the tests. Nothing of the app imports it."""
