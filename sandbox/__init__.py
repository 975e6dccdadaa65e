"""An offline Slack: a Web API stand-in, a driver that sends signed requests as Slack does, and a
terminal view of messages. The demo, the tests and the benchmark all run on it."""
