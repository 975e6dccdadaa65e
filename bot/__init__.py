"""Concerto's core: everything that does not depend on the shape of Slack's payloads."""
