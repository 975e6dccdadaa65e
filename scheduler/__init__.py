"""The clock process: APScheduler ticks, the outbox claims, and delivery to Slack."""
