"""An offline Slack: a Web API stand-in as strict as Slack, and a driver that sends signed requests as Slack
does. It imports nothing of the app; testing/ serves the app against it to the demo, the tests and the benchmark."""
